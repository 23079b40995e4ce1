// One button per transition (disabled, with its reasons as visible text tied to it, when
// blocked), as the parcours' actions and the placements draw them; the caller opens the dialog.
import { useId } from "react";
import { Box, Button, Group, List } from "@mantine/core";
import type { TransitionButton } from "../parcours/transitions";

const NEGATIVE = new Set(["refuse", "drop", "declare_not_admissible"]);

export function TransitionButtonGroup({
  buttons,
  onOpen,
}: {
  buttons: TransitionButton[];
  onOpen: (button: TransitionButton) => void;
}) {
  const idPrefix = useId();
  if (buttons.length === 0) return null;
  return (
    <Group gap="md" align="flex-start">
      {buttons.map((button) => {
        const reasonsId = `${idPrefix}-${button.name}-raisons`;
        const negative = NEGATIVE.has(button.name);
        return (
          <Box key={button.name}>
            <Button
              size="sm"
              variant={negative ? "outline" : "filled"}
              color={negative ? "red.9" : undefined}
              disabled={button.disabled}
              onClick={() => onOpen(button)}
              aria-describedby={button.reasons.length > 0 ? reasonsId : undefined}
            >
              {button.label}
            </Button>
            {button.reasons.length > 0 && (
              <List id={reasonsId} size="sm" mt={6} c="gray.8" spacing={2} maw={360}>
                {button.reasons.map((reason, index) => (
                  <List.Item key={index}>{reason}</List.Item>
                ))}
              </List>
            )}
          </Box>
        );
      })}
    </Group>
  );
}
