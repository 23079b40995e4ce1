// "Ajouter une action" / "Modifier l'action": title, status, due date and owner (a counsellor of
// the structure, or the current user); an edit is a PATCH with the version it was read at.
import { useState } from "react";
import { NativeSelect, TextInput } from "@mantine/core";
import { api } from "../api/client";
import type { ActionStatus, JournalAction, Parcours } from "../api/types";
import { useMe } from "../auth/me";
import { AppModal } from "../shared/AppModal";
import { DateField } from "./fields";
import { ACTION_STATUSES, userName } from "./journal";
import { JournalDialogForm, useJournalWrite } from "./JournalForm";
import { useOwnerOptions, writtenEntry } from "./shared";

export const ADD_ACTION_TITLE = "Ajouter une action";
export const EDIT_ACTION_TITLE = "Modifier l'action";

export function ActionDialog({
  parcours,
  opened,
  action,
  onClose,
  onDone,
}: {
  parcours: Parcours;
  opened: boolean;
  /** The action edited (as last read); null: a new one. */
  action: JournalAction | null;
  onClose: () => void;
  onDone: (saved: JournalAction, created: boolean) => void;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title={action ? EDIT_ACTION_TITLE : ADD_ACTION_TITLE}>
      {opened && (
        <ActionForm key={action?.id ?? "new"} parcours={parcours} action={action} onCancel={onClose} onDone={onDone} />
      )}
    </AppModal>
  );
}

function ActionForm({
  parcours,
  action,
  onCancel,
  onDone,
}: {
  parcours: Parcours;
  action: JournalAction | null;
  onCancel: () => void;
  onDone: (saved: JournalAction, created: boolean) => void;
}) {
  const me = useMe();
  const listed = useOwnerOptions(parcours, me);
  const owners =
    action && !listed.some((option) => option.value === String(action.owner))
      ? [...listed, { value: String(action.owner), label: userName(action.owner_detail) || `#${action.owner}` }]
      : listed;
  const [title, setTitle] = useState(action?.title ?? "");
  const [status, setStatus] = useState<ActionStatus>(action?.status ?? "planned");
  const [dueDate, setDueDate] = useState(action?.due_date ?? "");
  const [owner, setOwner] = useState(String(action?.owner ?? me.id));

  const write = useJournalWrite(
    () => {
      const fields = { title: title.trim(), status, owner: Number(owner), ...(dueDate ? { due_date: dueDate } : {}) };
      return action
        ? writtenEntry<JournalAction>(
            api.PATCH("/api/v1/actions/{id}/", {
              params: { path: { id: action.id } },
              body: { version: action.version ?? 1, ...fields },
            }),
          )
        : writtenEntry<JournalAction>(
            api.POST("/api/v1/actions/", {
              // A missing due date is left out: the server says it is required, under the field.
              body: { parcours: parcours.id, ...fields } as typeof fields & { parcours: number; due_date: string },
            }),
          );
    },
    (saved) => onDone(saved, action === null),
    { versioned: true },
  );
  const { fieldError } = write;

  return (
    <JournalDialogForm
      write={write}
      onCancel={onCancel}
      submitLabel={action ? "Enregistrer" : "Ajouter"}
      shownFields={["title", "status", "due_date", "owner"]}
      problemTitle={action ? "L'action n'a pas été mise à jour" : "L'action n'a pas été ajoutée"}
      staleAlert={{
        title: "Cette action a été modifiée entre-temps",
        message: "Elle a été rechargée : vérifiez-la, puis enregistrez à nouveau.",
      }}
    >
      <TextInput
        label="Action"
        withAsterisk
        maxLength={250}
        value={title}
        onChange={(event) => setTitle(event.currentTarget.value)}
        error={fieldError("title")}
      />
      <NativeSelect
        label="État"
        data={ACTION_STATUSES}
        value={status}
        onChange={(event) => setStatus(event.currentTarget.value as ActionStatus)}
        error={fieldError("status")}
      />
      <DateField label="Échéance" value={dueDate} onChange={setDueDate} error={fieldError("due_date")} />
      <NativeSelect
        label="Responsable"
        data={owners}
        value={owner}
        onChange={(event) => setOwner(event.currentTarget.value)}
        error={fieldError("owner")}
      />
    </JournalDialogForm>
  );
}
