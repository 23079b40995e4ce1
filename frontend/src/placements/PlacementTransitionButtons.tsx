// One button per available transition of a placement (disabled, with its reasons as visible
// text, when blocked), and the dialog each opens.
import { useId, useState } from "react";
import { Box, Button, Group, List } from "@mantine/core";
import type { Placement } from "../api/types";
import { buildTransitionButtons, type TransitionButton } from "../parcours/transitions";
import { PlacementTransitionDialog } from "./PlacementTransitionDialog";
import { ownTransitions } from "./placements";

export function PlacementTransitionButtons({
  placement,
  onDone,
  onlyOwn = false,
}: {
  placement: Placement;
  onDone: (message: string) => void;
  /** Hide the transitions that only another party may fire. */
  onlyOwn?: boolean;
}) {
  const buttons = buildTransitionButtons(
    onlyOwn ? ownTransitions(placement.available_transitions) : placement.available_transitions,
  );
  const [open, setOpen] = useState<TransitionButton | null>(null);
  const idPrefix = useId();
  if (buttons.length === 0) return null;
  return (
    <>
      <Group gap="md" align="flex-start">
        {buttons.map((button) => {
          const reasonsId = `${idPrefix}-${button.name}-raisons`;
          return (
            <Box key={button.name}>
              <Button
                size="sm"
                variant={button.name === "decline" || button.name === "interrupt" || button.name === "cancel" ? "outline" : "filled"}
                color={button.name === "decline" || button.name === "interrupt" || button.name === "cancel" ? "red.9" : undefined}
                disabled={button.disabled}
                onClick={() => setOpen(button)}
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
      <PlacementTransitionDialog
        placement={placement}
        transition={open}
        onClose={() => setOpen(null)}
        onDone={(_updated, transition) => {
          setOpen(null);
          onDone(`Action enregistrée : ${transition.label}.`);
        }}
      />
    </>
  );
}
