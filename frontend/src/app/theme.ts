// Mantine theme: darker default shades so that text on coloured backgrounds and links reach the
// WCAG AA contrast ratio (4.5:1), which Mantine's shade 6 does not.
import { Alert, MultiSelect, Select, createTheme, type CSSVariablesResolver } from "@mantine/core";

// Mantine 9 keeps a closed dropdown in the page (hidden), its listbox labelled by the field's
// label: "the field labelled Phase" would then be two elements (for tests and for assistive
// technologies that list labelled elements). Closed dropdowns are unmounted instead.
const comboboxProps = { keepMounted: false };

export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: "sm",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  components: {
    Select: Select.extend({ defaultProps: { comboboxProps } }),
    MultiSelect: MultiSelect.extend({ defaultProps: { comboboxProps } }),
    // Alert titles in the text colour: orange or teal titles on their tinted background are too pale.
    Alert: Alert.extend({ styles: { title: { color: "var(--mantine-color-text)" } } }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    // Descriptions and secondary texts: gray 6 (3.3:1) -> gray 7 (8.2:1); placeholders one shade darker.
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-placeholder": "var(--mantine-color-gray-6)",
    // Error texts and borders: red 6 (3.3:1) -> red 9 (5.5:1).
    "--mantine-color-error": "var(--mantine-color-red-9)",
  },
  dark: {},
});
