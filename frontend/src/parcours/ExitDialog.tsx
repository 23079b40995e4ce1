// The exit dialog: reason (grouped by category), date (between the entry date and today in the
// structure's time zone) and comment, then POST /parcours/{id}/transitions/exit/.
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Group, List, Select, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { AppModal } from "../shared/AppModal";
import { otherFieldMessages, toProblem, type ApiProblem } from "../api/errors";
import { useExitReasons } from "../api/queries";
import type { Parcours } from "../api/types";
import { formatDate, todayInTimeZone } from "../shared/dates";
import { groupExitReasons } from "./exitReasons";
import { useRefreshOnConflict } from "./useRefreshOnConflict";

const SHOWN_FIELDS = ["exit_reason", "exit_date", "comment"] as const;

export function ExitDialog({
  parcours,
  opened,
  onClose,
  onDone,
}: {
  parcours: Parcours;
  opened: boolean;
  onClose: () => void;
  onDone: (updated: Parcours) => void;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title="Sortie du parcours">
      {/* Mounted only while open: every opening starts from a blank form. */}
      {opened && <ExitForm parcours={parcours} onCancel={onClose} onDone={onDone} />}
    </AppModal>
  );
}

function ExitForm({
  parcours,
  onCancel,
  onDone,
}: {
  parcours: Parcours;
  onCancel: () => void;
  onDone: (updated: Parcours) => void;
}) {
  const today = todayInTimeZone(parcours.structure.time_zone);
  const [reason, setReason] = useState<string | null>(null);
  const [date, setDate] = useState(today < parcours.entry_date ? parcours.entry_date : today);
  const [comment, setComment] = useState("");
  const reasons = useExitReasons();
  const refreshOnConflict = useRefreshOnConflict(parcours.id);

  const exit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/parcours/{id}/transitions/{name}/", {
          params: { path: { id: parcours.id, name: "exit" } },
          body: {
            // Empty fields are left out: the server then says which one is missing.
            ...(reason ? { exit_reason: reason } : {}),
            ...(date ? { exit_date: date } : {}),
            comment,
          },
        }),
      ),
    onSuccess: onDone,
    onError: refreshOnConflict,
  });

  const problem: ApiProblem | null = exit.error ? toProblem(exit.error) : null;
  const fieldError = (field: (typeof SHOWN_FIELDS)[number]) => problem?.fieldErrors[field]?.join(" ") || undefined;
  const others = problem ? otherFieldMessages(problem, SHOWN_FIELDS) : [];
  const showGeneral = problem !== null && (problem.status !== 400 || Object.keys(problem.fieldErrors).length === 0);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    exit.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Select
          label="Motif de sortie"
          placeholder={reasons.isPending ? "Chargement des motifs…" : "Choisissez un motif"}
          data={groupExitReasons(reasons.data)}
          value={reason}
          onChange={setReason}
          searchable
          withAsterisk
          nothingFoundMessage={reasons.isError ? "La liste des motifs n'a pas pu être chargée." : "Aucun motif trouvé"}
          error={fieldError("exit_reason")}
          maxDropdownHeight={280}
        />
        {reasons.isError && <Text size="sm" c="red.9">{toProblem(reasons.error).message}</Text>}
        <TextInput
          type="date"
          label="Date de sortie"
          description={`Entre le ${formatDate(parcours.entry_date)} et aujourd'hui (${formatDate(today)}).`}
          min={parcours.entry_date}
          max={today}
          value={date}
          onChange={(event) => setDate(event.currentTarget.value)}
          withAsterisk
          error={fieldError("exit_date")}
        />
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
        {problem && (others.length > 0 || showGeneral) && (
          <Alert color="red" title={problem.status === 409 ? "Sortie impossible" : "La sortie n'a pas été enregistrée"}>
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
          <Button variant="default" onClick={onCancel} disabled={exit.isPending}>
            Annuler
          </Button>
          <Button type="submit" color="red.9" loading={exit.isPending}>
            Confirmer la sortie
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
