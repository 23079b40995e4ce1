// The write behind every journal form, the end of each form (the server's errors, « Annuler » and
// the submit button), and the dialog and frame of those shown in a dialog: the fields, the notice
// of a stale edit (409), then that end.
import type { ComponentType, FormEvent, ReactNode } from "react";
import { useMutation, type UseMutationResult } from "@tanstack/react-query";
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { toProblem, type ApiProblem } from "../api/errors";
import type { Parcours } from "../api/types";
import { ProblemAlert } from "../placements/ProblemAlert";
import { AppModal } from "../shared/AppModal";
import { isStaleWrite, useJournalChanged } from "./shared";

export interface JournalWrite<T, V = void> {
  save: UseMutationResult<T, Error, V>;
  /** The entry changed since it was read (it has been read again). */
  stale: boolean;
  /** The refusal to show (not a stale edit's). */
  problem: ApiProblem | null;
  /** The server's errors about one field, for its input. */
  fieldError: (field: string) => string | undefined;
}

/** Saving a journal entry: once written the journal is reloaded, then `onSaved` is called. With
 * `versioned` (a PATCH sending the version read), a stale edit reloads the journal too and is told
 * apart from the other refusals. */
export function useJournalWrite<T, V = void>(
  mutationFn: (variables: V) => Promise<T>,
  onSaved: (saved: T) => void,
  { versioned = false }: { versioned?: boolean } = {},
): JournalWrite<T, V> {
  const changed = useJournalChanged();
  const save = useMutation({
    mutationFn,
    onSuccess: (saved: T) => {
      changed();
      onSaved(saved);
    },
    onError: (error) => {
      // Someone else changed it: read it again (the form then sends the new version).
      if (versioned && isStaleWrite(error)) changed();
    },
  });
  const stale = versioned && save.error ? isStaleWrite(save.error) : false;
  const problem = save.error && !stale ? toProblem(save.error) : null;
  const fieldError = (field: string) => problem?.fieldErrors[field]?.join(" ") || undefined;
  return { save, stale, problem, fieldError };
}

/** What the form of a dialog adding an entry is given: the parcours, leaving, the entry saved. */
export interface JournalFormProps<T> {
  parcours: Parcours;
  onCancel: () => void;
  onDone: (saved: T) => void;
}

/** What such a dialog is given (onClose: closed without saving). */
export type JournalDialogProps<T> = Omit<JournalFormProps<T>, "onCancel"> & { opened: boolean; onClose: () => void };

/** A dialog adding an entry to the journal: its form is there only while it is open (a fresh one
 * each time), « Annuler » closes it. */
export function JournalDialog<T>({
  title,
  form: Form,
  parcours,
  opened,
  onClose,
  onDone,
}: JournalDialogProps<T> & { title: string; form: ComponentType<JournalFormProps<T>> }) {
  return (
    <AppModal opened={opened} onClose={onClose} title={title}>
      {opened && <Form parcours={parcours} onCancel={onClose} onDone={onDone} />}
    </AppModal>
  );
}

/** The end of a journal form: the refusal whose errors no input shows, « Annuler » (when the form
 * can be left) and the submit button, both held while the write is under way. */
export function JournalFormEnd({
  problem,
  shownFields,
  problemTitle,
  submitLabel,
  pending,
  onCancel,
}: {
  problem: ApiProblem | null;
  /** The fields whose errors their inputs show. */
  shownFields: readonly string[];
  problemTitle: string;
  submitLabel: string;
  pending: boolean;
  onCancel?: () => void;
}) {
  return (
    <>
      <ProblemAlert problem={problem} shownFields={shownFields} title={problemTitle} />
      <Group justify="flex-end" gap="sm">
        {onCancel && (
          <Button variant="default" onClick={onCancel} disabled={pending}>
            Annuler
          </Button>
        )}
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}

export function JournalDialogForm<T>({
  write,
  onCancel,
  submitLabel,
  shownFields,
  problemTitle,
  staleAlert,
  children,
}: {
  write: JournalWrite<T>;
  onCancel: () => void;
  submitLabel: string;
  /** The fields whose errors their inputs show. */
  shownFields: readonly string[];
  problemTitle: string;
  /** What a stale edit says (versioned writes). */
  staleAlert?: { title: string; message: string };
  children: ReactNode;
}) {
  const { save, stale, problem } = write;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {children}
        {stale && staleAlert && (
          <Alert color="orange" title={staleAlert.title}>
            <Text size="sm">{staleAlert.message}</Text>
          </Alert>
        )}
        <JournalFormEnd
          problem={problem}
          shownFields={shownFields}
          problemTitle={problemTitle}
          submitLabel={submitLabel}
          pending={save.isPending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
