// "Ajouter un rendez-vous": its type, date and time (in the structure's zone, sent without an
// offset) and place; POST /appointments/.
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Button, Group, NativeSelect, Stack, TextInput } from "@mantine/core";
import { api } from "../api/client";
import { toProblem } from "../api/errors";
import type { Appointment, AppointmentKind, Parcours } from "../api/types";
import { AppModal } from "../shared/AppModal";
import { ProblemAlert } from "../placements/ProblemAlert";
import { APPOINTMENT_KINDS } from "./journal";
import { useJournalChanged, writtenEntry } from "./shared";

export const ADD_APPOINTMENT_TITLE = "Ajouter un rendez-vous";

export function AppointmentDialog({
  parcours,
  opened,
  onClose,
  onDone,
}: {
  parcours: Parcours;
  opened: boolean;
  onClose: () => void;
  onDone: (created: Appointment) => void;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title={ADD_APPOINTMENT_TITLE}>
      {opened && <AppointmentForm parcours={parcours} onCancel={onClose} onDone={onDone} />}
    </AppModal>
  );
}

function AppointmentForm({
  parcours,
  onCancel,
  onDone,
}: {
  parcours: Parcours;
  onCancel: () => void;
  onDone: (created: Appointment) => void;
}) {
  const [kind, setKind] = useState<AppointmentKind>("interview");
  const [startsAt, setStartsAt] = useState("");
  const [place, setPlace] = useState("");
  const changed = useJournalChanged();
  const add = useMutation({
    mutationFn: () =>
      writtenEntry<Appointment>(
        api.POST("/api/v1/appointments/", {
          // A missing date is left out: the server says it is required, under the field.
          body: { parcours: parcours.id, kind, place: place.trim(), ...(startsAt ? { starts_at: startsAt } : {}) } as {
            parcours: number;
            kind: AppointmentKind;
            place: string;
            starts_at: string;
          },
        }),
      ),
    onSuccess: (created) => {
      changed();
      onDone(created);
    },
  });
  const problem = add.error ? toProblem(add.error) : null;
  const fieldError = (field: string) => problem?.fieldErrors[field]?.join(" ") || undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <NativeSelect
          label="Type"
          data={APPOINTMENT_KINDS}
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as AppointmentKind)}
          error={fieldError("kind")}
        />
        <TextInput
          type="datetime-local"
          label="Date et heure"
          description={`Heure de la structure (${parcours.structure.time_zone}).`}
          withAsterisk
          value={startsAt}
          onChange={(event) => setStartsAt(event.currentTarget.value)}
          error={fieldError("starts_at")}
        />
        <TextInput
          label="Lieu"
          maxLength={200}
          value={place}
          onChange={(event) => setPlace(event.currentTarget.value)}
          error={fieldError("place")}
        />
        <ProblemAlert
          problem={problem}
          shownFields={["kind", "starts_at", "place"]}
          title="Le rendez-vous n'a pas été ajouté"
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={add.isPending}>
            Annuler
          </Button>
          <Button type="submit" loading={add.isPending}>
            Ajouter
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
