// The dialog of an enrolment transition: refuse asks for the reason, complete for the result and
// the validated blocs, the others (accept, attend, drop) for an optional comment; then
// POST /enrolments/{id}/transitions/{name}/.
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Button, Checkbox, Group, Radio, Stack, Text, Textarea } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { ApiError, toProblem } from "../api/errors";
import type { Enrolment, EnrolmentTransitionName } from "../api/types";
import { AppModal } from "../shared/AppModal";
import { formatDate } from "../shared/dates";
import type { TransitionButton } from "../parcours/transitions";
import { ProblemAlert } from "../placements/ProblemAlert";
import { EMPTY_ENROLMENT_FORM, buildEnrolmentBody, enrolmentDialog, personName, type EnrolmentForm } from "./trainings";
import { useTrainingsChanged } from "./useTrainingsChanged";

export function EnrolmentTransitionDialog({
  enrolment,
  transition,
  onClose,
  onDone,
}: {
  enrolment: Enrolment;
  transition: TransitionButton | null;
  onClose: () => void;
  onDone: (updated: Enrolment, transition: TransitionButton) => void;
}) {
  return (
    <AppModal opened={transition !== null} onClose={onClose} title={transition?.label ?? ""}>
      {transition && (
        <TransitionForm enrolment={enrolment} transition={transition} onCancel={onClose} onDone={onDone} />
      )}
    </AppModal>
  );
}

function TransitionForm({
  enrolment,
  transition,
  onCancel,
  onDone,
}: {
  enrolment: Enrolment;
  transition: TransitionButton;
  onCancel: () => void;
  onDone: (updated: Enrolment, transition: TransitionButton) => void;
}) {
  const dialog = enrolmentDialog(transition.name);
  const [form, setForm] = useState<EnrolmentForm>(EMPTY_ENROLMENT_FORM);
  const set = <K extends keyof EnrolmentForm>(key: K, value: EnrolmentForm[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const changed = useTrainingsChanged();
  const blocs = enrolment.session.certification_blocs ?? [];

  const fire = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/enrolments/{id}/transitions/{name}/", {
          params: { path: { id: enrolment.id, name: transition.name as EnrolmentTransitionName } },
          body: buildEnrolmentBody(transition.name, form),
        }),
      ),
    onSuccess: (updated) => {
      changed(enrolment.parcours);
      onDone(updated, transition);
    },
    onError: (error) => {
      // The enrolment (or the session's seats) changed meanwhile: reload what the buttons say.
      if (error instanceof ApiError && error.status === 409) changed(enrolment.parcours);
    },
  });
  const problem = fire.error ? toProblem(fire.error) : null;
  const fieldError = (field: string) => problem?.fieldErrors[field]?.join(" ") || undefined;
  const shownFields =
    dialog === "refuse" ? ["refusal_reason"] : dialog === "complete" ? ["result", "validated_blocs"] : ["comment"];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    fire.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text>
          {personName(enrolment.person)} — {enrolment.session.training.title}, du{" "}
          {formatDate(enrolment.session.start_date)} au {formatDate(enrolment.session.end_date)}
        </Text>
        {dialog === "refuse" && (
          <Textarea
            label="Motif du refus"
            autosize
            minRows={3}
            maxRows={8}
            maxLength={2000}
            withAsterisk
            value={form.refusalReason}
            onChange={(event) => set("refusalReason", event.currentTarget.value)}
            error={fieldError("refusal_reason")}
          />
        )}
        {dialog === "complete" && (
          <>
            <Radio.Group
              label="Résultat"
              withAsterisk
              value={form.result ?? ""}
              onChange={(value) => set("result", value === "passed" || value === "failed" ? value : null)}
              error={fieldError("result")}
            >
              <Group gap="lg" mt={6}>
                <Radio value="passed" label="Réussite" />
                <Radio value="failed" label="Échec" />
              </Group>
            </Radio.Group>
            {blocs.length > 0 ? (
              <Checkbox.Group
                label="Blocs validés"
                description="Cochez les blocs de compétences validés à l'issue de la formation."
                value={form.blocs.map(String)}
                onChange={(values) => set("blocs", values.map(Number))}
                error={fieldError("validated_blocs")}
              >
                <Stack gap={6} mt={6}>
                  {blocs.map((bloc) => (
                    <Checkbox key={bloc.number} value={String(bloc.number)} label={`Bloc ${bloc.number} · ${bloc.label}`} />
                  ))}
                </Stack>
              </Checkbox.Group>
            ) : (
              <Text size="sm" c="gray.8">
                Cette formation ne prépare à aucune certification : aucun bloc à valider.
              </Text>
            )}
          </>
        )}
        {dialog === "confirm" && (
          <>
            <Text>Confirmez-vous « {transition.label} » pour cette inscription ?</Text>
            <Textarea
              label="Commentaire"
              autosize
              minRows={2}
              maxRows={6}
              maxLength={2000}
              value={form.comment}
              onChange={(event) => set("comment", event.currentTarget.value)}
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
