// The write behind every journal form, and the frame of those shown in a dialog: the fields, the
// notice of a stale edit (409), the server's other errors, « Annuler » and the submit button.
import type { FormEvent, ReactNode } from "react";
import { useMutation, type UseMutationResult } from "@tanstack/react-query";
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { toProblem, type ApiProblem } from "../api/errors";
import { ProblemAlert } from "../placements/ProblemAlert";
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
        <ProblemAlert problem={problem} shownFields={shownFields} title={problemTitle} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={save.isPending}>
            Annuler
          </Button>
          <Button type="submit" loading={save.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
