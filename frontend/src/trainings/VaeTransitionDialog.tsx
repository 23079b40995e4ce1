// The dialog of a VAE step: its date (the jury's for schedule_jury, which may be ahead), the
// certifier for the feasibility file, the blocs the jury validated for a partial validation, and
// a comment; then POST /vae-applications/{id}/transitions/{name}/.
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Button, Checkbox, Group, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { ApiError, toProblem } from "../api/errors";
import type { VaeApplication, VaeTransitionName } from "../api/types";
import { AppModal } from "../shared/AppModal";
import type { TransitionButton } from "../parcours/transitions";
import { ProblemAlert } from "../placements/ProblemAlert";
import { EMPTY_VAE_FORM, blocNumbers, buildVaeBody, vaeDialogFields, type VaeForm } from "./trainings";
import { useTrainingsChanged } from "./useTrainingsChanged";

export function VaeTransitionDialog({
  application,
  transition,
  today,
  onClose,
  onDone,
}: {
  application: VaeApplication;
  transition: TransitionButton | null;
  /** Today in the structure's time zone (YYYY-MM-DD): the latest date of a past step. */
  today: string;
  onClose: () => void;
  onDone: (updated: VaeApplication, transition: TransitionButton) => void;
}) {
  return (
    <AppModal opened={transition !== null} onClose={onClose} title={transition?.label ?? ""}>
      {transition && (
        <TransitionForm
          application={application}
          transition={transition}
          today={today}
          onCancel={onClose}
          onDone={onDone}
        />
      )}
    </AppModal>
  );
}

function TransitionForm({
  application,
  transition,
  today,
  onCancel,
  onDone,
}: {
  application: VaeApplication;
  transition: TransitionButton;
  today: string;
  onCancel: () => void;
  onDone: (updated: VaeApplication, transition: TransitionButton) => void;
}) {
  const fields = vaeDialogFields(transition.name);
  const [form, setForm] = useState<VaeForm>({ ...EMPTY_VAE_FORM, certifier: application.certifier });
  const set = <K extends keyof VaeForm>(key: K, value: VaeForm[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const changed = useTrainingsChanged();
  const acquired = new Set(application.validated_blocs.map((bloc) => bloc.number));

  const fire = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/vae-applications/{id}/transitions/{name}/", {
          params: { path: { id: application.id, name: transition.name as VaeTransitionName } },
          body: buildVaeBody(transition.name, form),
        }),
      ),
    onSuccess: (updated) => {
      changed(application.parcours);
      onDone(updated, transition);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) changed(application.parcours);
    },
  });
  const problem = fire.error ? toProblem(fire.error) : null;
  const fieldError = (field: string) => problem?.fieldErrors[field]?.join(" ") || undefined;
  const shownFields = ["date", "comment", ...(fields.certifier ? ["certifier"] : []), ...(fields.blocs ? ["validated_blocs"] : [])];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    fire.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text>
          VAE {application.certification.code} — {application.person.first_name} {application.person.last_name}
        </Text>
        <TextInput
          type="date"
          label={fields.dateLabel}
          description={fields.dateRequired ? undefined : "Aujourd'hui si vous la laissez vide."}
          withAsterisk={fields.dateRequired}
          max={fields.futureAllowed ? undefined : today}
          value={form.date}
          onChange={(event) => set("date", event.currentTarget.value)}
          error={fieldError("date")}
        />
        {fields.certifier && (
          <TextInput
            label="Certificateur"
            maxLength={200}
            value={form.certifier}
            onChange={(event) => set("certifier", event.currentTarget.value)}
            error={fieldError("certifier")}
          />
        )}
        {fields.blocs && acquired.size > 0 && (
          <Text size="sm">Déjà acquis : {blocNumbers(application.validated_blocs)}.</Text>
        )}
        {fields.blocs && (
          <Checkbox.Group
            label="Blocs validés par le jury"
            description="Au moins un bloc nouvellement validé, et pas tous (sinon, c'est une validation totale)."
            withAsterisk
            value={form.blocs.map(String)}
            onChange={(values) => set("blocs", values.map(Number))}
            error={fieldError("validated_blocs")}
          >
            <Stack gap={6} mt={6}>
              {application.certification.blocs
                .filter((bloc) => !acquired.has(bloc.number))
                .map((bloc) => (
                  <Checkbox key={bloc.number} value={String(bloc.number)} label={`Bloc ${bloc.number} · ${bloc.label}`} />
                ))}
            </Stack>
          </Checkbox.Group>
        )}
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
        <ProblemAlert
          problem={problem}
          shownFields={shownFields}
          title={problem?.status === 409 ? "Étape impossible" : "L'étape n'a pas été enregistrée"}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={fire.isPending}>
            Annuler
          </Button>
          <Button type="submit" loading={fire.isPending}>
            Enregistrer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
