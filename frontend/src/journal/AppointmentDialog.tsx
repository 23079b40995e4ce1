// "Ajouter un rendez-vous": its type, date and time (in the structure's zone, sent without an
// offset) and place; POST /appointments/.
import { useState } from "react";
import { NativeSelect, TextInput } from "@mantine/core";
import { api } from "../api/client";
import type { Appointment, AppointmentKind, Parcours } from "../api/types";
import { AppModal } from "../shared/AppModal";
import { APPOINTMENT_KINDS } from "./journal";
import { JournalDialogForm, useJournalWrite } from "./JournalForm";
import { writtenEntry } from "./shared";

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
  const write = useJournalWrite(
    () =>
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
    onDone,
  );
  const { fieldError } = write;

  return (
    <JournalDialogForm
      write={write}
      onCancel={onCancel}
      submitLabel="Ajouter"
      shownFields={["kind", "starts_at", "place"]}
      problemTitle="Le rendez-vous n'a pas été ajouté"
    >
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
    </JournalDialogForm>
  );
}
