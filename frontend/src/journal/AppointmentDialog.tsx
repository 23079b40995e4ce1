// "Ajouter un rendez-vous": its type, date and time (in the structure's zone, sent without an
// offset) and place; POST /appointments/.
import { useState } from "react";
import { NativeSelect, TextInput } from "@mantine/core";
import { api } from "../api/client";
import type { Appointment, AppointmentKind } from "../api/types";
import { DateField } from "./fields";
import { APPOINTMENT_KINDS } from "./journal";
import { JournalDialog, JournalDialogForm, useJournalWrite, type JournalDialogProps, type JournalFormProps } from "./JournalForm";
import { writtenEntry } from "./shared";

export const ADD_APPOINTMENT_TITLE = "Ajouter un rendez-vous";

export function AppointmentDialog(props: JournalDialogProps<Appointment>) {
  return <JournalDialog {...props} title={ADD_APPOINTMENT_TITLE} form={AppointmentForm} />;
}

function AppointmentForm({ parcours, onCancel, onDone }: JournalFormProps<Appointment>) {
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
      <DateField
        type="datetime-local"
        label="Date et heure"
        description={`Heure de la structure (${parcours.structure.time_zone}).`}
        value={startsAt}
        onChange={setStartsAt}
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
