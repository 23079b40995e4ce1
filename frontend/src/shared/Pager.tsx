// The page controls under a list the API serves a page at a time: a <nav> named after the list,
// « Page précédente » / « Page suivante » and one button a page (« Page 3 »), shown only when there
// is more than one page. Controlled: the page may live in the URL (?page=) or in a usePage() state.
import { Alert, Button, Pagination, Stack, Text } from "@mantine/core";

/** The accessible names of Mantine's controls (first and last appear only with edges). */
export const PAGER_CONTROL_LABELS = {
  first: "Première page",
  previous: "Page précédente",
  next: "Page suivante",
  last: "Dernière page",
} as const;

export function Pager({
  label,
  total,
  value,
  onChange,
}: {
  /** The name of the page controls' <nav> ("Pages de la liste"). */
  label: string;
  /** The number of pages (see pageCount). */
  total: number;
  /** The page shown (a page past the end shows the last one as current). */
  value: number;
  onChange: (page: number) => void;
}) {
  if (total <= 1) return null;
  return (
    <nav aria-label={label}>
      <Pagination
        total={total}
        value={Math.min(value, total)}
        onChange={onChange}
        getItemProps={(page) => ({ "aria-label": `Page ${page}` })}
        getControlProps={(control) => ({ "aria-label": PAGER_CONTROL_LABELS[control] })}
        siblings={1}
        boundaries={1}
      />
    </nav>
  );
}

/** Said instead of the list when its page is gone (see isPageGone), with the way back to page 1. */
export function PageGoneAlert({
  subject,
  page,
  onFirstPage,
}: {
  /** What has no such page, as the sentence starts: "La liste", "Le journal". */
  subject: string;
  page: number;
  onFirstPage: () => void;
}) {
  return (
    <Alert color="orange" title="Cette page n'existe pas">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {subject} ne compte pas de page {page} avec ces critères.
        </Text>
        <Button size="xs" variant="default" onClick={onFirstPage}>
          Revenir à la première page
        </Button>
      </Stack>
    </Alert>
  );
}
