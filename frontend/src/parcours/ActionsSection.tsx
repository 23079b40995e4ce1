// "Actions": one button per available transition; a blocked one is disabled and says why, in
// visible text under it. The exit opens its own dialog, the others a generic confirmation.
import { useId, useRef, useState } from "react";
import { Alert, Box, Button, List, Stack, Text, Title } from "@mantine/core";
import type { Parcours } from "../api/types";
import { ConfirmTransitionDialog } from "./ConfirmTransitionDialog";
import { ExitDialog } from "./ExitDialog";
import { buildTransitionButtons, noTransitionMessage, type TransitionButton } from "./transitions";

export function ActionsSection({
  parcours,
  onChanged,
}: {
  parcours: Parcours;
  onChanged: (updated: Parcours) => void;
}) {
  const buttons = buildTransitionButtons(parcours.available_transitions);
  const [exitOpened, setExitOpened] = useState(false);
  const [confirming, setConfirming] = useState<TransitionButton | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const idPrefix = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const announce = (message: string) => {
    setSuccess(message);
    // The button that opened the dialog may be gone: give focus a stable place to land.
    window.setTimeout(() => headingRef.current?.focus(), 0);
  };

  const open = (button: TransitionButton) => {
    setSuccess(null);
    if (button.dialog === "exit") setExitOpened(true);
    else setConfirming(button);
  };

  return (
    <Stack component="section" aria-labelledby={`${idPrefix}-titre`} gap="sm">
      <Title order={2} id={`${idPrefix}-titre`} ref={headingRef} tabIndex={-1}>
        Actions
      </Title>
      {/* Always in the page, so that screen readers announce the message when it appears. */}
      <div role="status">
        {success && (
          <Alert color="teal" variant="light" role="presentation">
            <Text size="sm" fw={500}>
              {success}
            </Text>
          </Alert>
        )}
      </div>
      {buttons.length === 0 ? (
        <Text>{noTransitionMessage(parcours.phase)}</Text>
      ) : (
        <Stack gap="md" align="flex-start">
          {buttons.map((button) => {
            const reasonsId = `${idPrefix}-${button.name}-raisons`;
            return (
              <Box key={button.name}>
                <Button
                  onClick={() => open(button)}
                  disabled={button.disabled}
                  color={button.dialog === "exit" ? "red.9" : undefined}
                  variant={button.dialog === "exit" ? "outline" : "filled"}
                  aria-describedby={button.reasons.length > 0 ? reasonsId : undefined}
                >
                  {button.label}
                </Button>
                {button.reasons.length > 0 && (
                  <List id={reasonsId} size="sm" mt={6} c="gray.8" spacing={2}>
                    {button.reasons.map((reason, index) => (
                      <List.Item key={index}>{reason}</List.Item>
                    ))}
                  </List>
                )}
              </Box>
            );
          })}
        </Stack>
      )}

      <ExitDialog
        parcours={parcours}
        opened={exitOpened}
        onClose={() => setExitOpened(false)}
        onDone={(updated) => {
          setExitOpened(false);
          announce("Parcours clôturé.");
          onChanged(updated);
        }}
      />
      <ConfirmTransitionDialog
        parcours={parcours}
        transition={confirming}
        onClose={() => setConfirming(null)}
        onDone={(updated, transition) => {
          setConfirming(null);
          announce(`Transition enregistrée : ${transition.label}.`);
          onChanged(updated);
        }}
      />
    </Stack>
  );
}
