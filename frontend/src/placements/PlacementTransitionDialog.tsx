// The dialog of a placement transition: decline asks for the reason, complete for the hours and
// the assessment, the others for an optional comment; then POST /placements/{id}/transitions/{name}/.
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Button, Group, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { ApiError, toProblem } from "../api/errors";
import type { Placement, PlacementTransitionBody } from "../api/types";
import { AppModal } from "../shared/AppModal";
import type { TransitionButton } from "../parcours/transitions";
import { placementDialog } from "./placements";
import { ProblemAlert } from "./ProblemAlert";
import { usePlacementsChanged } from "./usePlacementsChanged";

type TransitionName = "cancel" | "complete" | "confirm" | "decline" | "interrupt" | "start";

export function PlacementTransitionDialog({
  placement,
  transition,
  onClose,
  onDone,
}: {
  placement: Placement;
  transition: TransitionButton | null;
  onClose: () => void;
  onDone: (updated: Placement, transition: TransitionButton) => void;
}) {
  return (
    <AppModal opened={transition !== null} onClose={onClose} title={transition?.label ?? ""}>
      {transition && (
        <TransitionForm placement={placement} transition={transition} onCancel={onClose} onDone={onDone} />
      )}
    </AppModal>
  );
}

function TransitionForm({
  placement,
  transition,
  onCancel,
  onDone,
}: {
  placement: Placement;
  transition: TransitionButton;
  onCancel: () => void;
  onDone: (updated: Placement, transition: TransitionButton) => void;
}) {
  const dialog = placementDialog(transition.name);
  const [comment, setComment] = useState("");
  const [declineReason, setDeclineReason] = useState("");
  const [hours, setHours] = useState("");
  const [assessment, setAssessment] = useState("");
  const changed = usePlacementsChanged();

  const fire = useMutation({
    mutationFn: () => {
      let body: PlacementTransitionBody;
      if (dialog === "decline") body = { decline_reason: declineReason };
      else if (dialog === "complete") {
        const value = hours.trim().replace(",", ".");
        body = { ...(value ? { hours_worked: value } : {}), assessment };
      } else body = { comment };
      return unwrap(
        api.POST("/api/v1/placements/{id}/transitions/{name}/", {
          params: { path: { id: placement.id, name: transition.name as TransitionName } },
          body,
        }),
      );
    },
    onSuccess: (updated) => {
      changed(placement.parcours);
      onDone(updated, transition);
    },
    onError: (error) => {
      // The placement changed meanwhile: reload it so that the buttons say what is possible now.
      if (error instanceof ApiError && error.status === 409) changed(placement.parcours);
    },
  });
  const problem = fire.error ? toProblem(fire.error) : null;
  const fieldError = (field: string) => problem?.fieldErrors[field]?.join(" ") || undefined;
  const shownFields =
    dialog === "decline" ? ["decline_reason"] : dialog === "complete" ? ["hours_worked", "assessment"] : ["comment"];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    fire.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text>
          {placement.person.first_name} {placement.person.last_name} — {placement.establishment.name}
        </Text>
        {dialog === "decline" && (
          <Textarea
            label="Motif du refus"
            autosize
            minRows={3}
            maxRows={8}
            maxLength={2000}
            withAsterisk
            value={declineReason}
            onChange={(event) => setDeclineReason(event.currentTarget.value)}
            error={fieldError("decline_reason")}
          />
        )}
        {dialog === "complete" && (
          <>
            <TextInput
              type="number"
              label="Heures travaillées"
              min={0}
              step="0.5"
              withAsterisk
              value={hours}
              onChange={(event) => setHours(event.currentTarget.value)}
              error={fieldError("hours_worked")}
            />
            <Textarea
              label="Bilan"
              autosize
              minRows={3}
              maxRows={8}
              maxLength={2000}
              withAsterisk
              value={assessment}
              onChange={(event) => setAssessment(event.currentTarget.value)}
              error={fieldError("assessment")}
            />
          </>
        )}
        {dialog === "confirm" && (
          <>
            <Text>Confirmez-vous « {transition.label} » pour cette mise en situation ?</Text>
            <Textarea
              label="Commentaire"
              autosize
              minRows={2}
              maxRows={6}
              maxLength={2000}
              value={comment}
              onChange={(event) => setComment(event.currentTarget.value)}
              error={fieldError("comment")}
            />
          </>
        )}
        <ProblemAlert
          problem={problem}
          shownFields={shownFields}
          title={problem?.status === 409 ? "Action impossible" : "L'action n'a pas été enregistrée"}
        />
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
