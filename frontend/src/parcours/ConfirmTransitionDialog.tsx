// Any transition other than exit (start_immersion... when the backend offers them): a
// confirmation with an optional comment, then POST /parcours/{id}/transitions/{name}/.
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Group, List, Stack, Text, Textarea } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { AppModal } from "../shared/AppModal";
import { otherFieldMessages, toProblem } from "../api/errors";
import type { Parcours } from "../api/types";
import type { TransitionButton } from "./transitions";
import { useRefreshOnConflict } from "./useRefreshOnConflict";

type TransitionName = "exit";

export function ConfirmTransitionDialog({
  parcours,
  transition,
  onClose,
  onDone,
}: {
  parcours: Parcours;
  transition: TransitionButton | null;
  onClose: () => void;
  onDone: (updated: Parcours, transition: TransitionButton) => void;
}) {
  return (
    <AppModal opened={transition !== null} onClose={onClose} title={transition?.label ?? ""}>
      {transition && (
        <ConfirmForm parcours={parcours} transition={transition} onCancel={onClose} onDone={onDone} />
      )}
    </AppModal>
  );
}

function ConfirmForm({
  parcours,
  transition,
  onCancel,
  onDone,
}: {
  parcours: Parcours;
  transition: TransitionButton;
  onCancel: () => void;
  onDone: (updated: Parcours, transition: TransitionButton) => void;
}) {
  const [comment, setComment] = useState("");
  const refreshOnConflict = useRefreshOnConflict(parcours.id);
  const fire = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/parcours/{id}/transitions/{name}/", {
          // The schema lists only the transitions the backend has today; the buttons come from
          // the server's available_transitions, so any name they carry is one it accepts.
          params: { path: { id: parcours.id, name: transition.name as TransitionName } },
          body: { comment },
        }),
      ),
    onSuccess: (updated) => onDone(updated, transition),
    onError: refreshOnConflict,
  });
  const problem = fire.error ? toProblem(fire.error) : null;
  const others = problem ? otherFieldMessages(problem, ["comment"]) : [];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    fire.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text>
          Confirmez-vous « {transition.label} » pour ce parcours ?
        </Text>
        <Textarea
          label="Commentaire"
          autosize
          minRows={2}
          maxRows={6}
          maxLength={2000}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          error={problem?.fieldErrors.comment?.join(" ")}
        />
        {problem && (others.length > 0 || !problem.fieldErrors.comment) && (
          <Alert color="red" title="La transition n'a pas été enregistrée">
            <Text size="sm">{others.length > 0 ? others.join(" ") : problem.message}</Text>
            {problem.reasons.length > 0 && (
              <List size="sm" mt="xs">
                {problem.reasons.map((item) => (
                  <List.Item key={item}>{item}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={fire.isPending}>
            Annuler
          </Button>
          <Button type="submit" loading={fire.isPending}>
            Confirmer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
