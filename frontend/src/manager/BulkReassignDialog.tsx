// Managers: give the selected parcours to one counsellor (POST /parcours/reassign/, all or
// nothing). Only the counsellors of every selected parcours' structure are offered.
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Group, List, Stack, Text } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { otherFieldMessages, toProblem, type ApiProblem } from "../api/errors";
import type { Counsellor, Parcours } from "../api/types";
import { AppModal } from "../shared/AppModal";
import { ReferentSelect, counsellorName } from "../shared/ReferentSelect";

export interface ReassignResult {
  count: number;
  referent: string;
}

export function BulkReassignDialog({
  selected,
  opened,
  onClose,
  onDone,
  onFailed,
}: {
  selected: Parcours[];
  opened: boolean;
  onClose: () => void;
  onDone: (result: ReassignResult) => void;
  /** The lists are out of date (a parcours moved, closed or left the user's scope). */
  onFailed: (problem: ApiProblem) => void;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title="Réaffecter les parcours sélectionnés">
      {opened && <BulkReassignForm selected={selected} onCancel={onClose} onDone={onDone} onFailed={onFailed} />}
    </AppModal>
  );
}

function BulkReassignForm({
  selected,
  onCancel,
  onDone,
  onFailed,
}: {
  selected: Parcours[];
  onCancel: () => void;
  onDone: (result: ReassignResult) => void;
  onFailed: (problem: ApiProblem) => void;
}) {
  const [referent, setReferent] = useState<Counsellor | null>(null);
  const [missing, setMissing] = useState(false);
  const structures = [...new Set(selected.map((parcours) => parcours.structure.id))];

  const reassign = useMutation({
    mutationFn: (newReferent: Counsellor) =>
      unwrap(
        api.POST("/api/v1/parcours/reassign/", {
          body: { parcours: selected.map((parcours) => parcours.id), referent: newReferent.id },
        }),
      ),
    onSuccess: (rows, newReferent) => onDone({ count: rows.length, referent: counsellorName(newReferent) }),
    onError: (error) => onFailed(toProblem(error)),
  });

  const problem = reassign.error ? toProblem(reassign.error) : null;
  const others = problem ? otherFieldMessages(problem, ["referent"]) : [];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!referent);
    if (referent) reassign.mutate(referent);
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {selected.length === 1 ? "1 parcours sélectionné" : `${selected.length} parcours sélectionnés`} :{" "}
          {selected.map((parcours) => `${parcours.person.first_name} ${parcours.person.last_name}`).join(", ")}.
        </Text>
        <ReferentSelect
          structures={structures}
          value={referent ? String(referent.id) : null}
          onChange={(_, counsellor) => {
            setReferent(counsellor);
            setMissing(false);
          }}
          emptyMessage={
            structures.length > 1
              ? "Aucun·e accompagnateur·rice commun·e à ces structures"
              : "Aucun·e accompagnateur·rice dans cette structure"
          }
          error={missing ? "Choisissez le nouveau référent." : problem?.fieldErrors.referent?.join(" ")}
        />
        {problem && (others.length > 0 || !problem.fieldErrors.referent) && (
          <Alert color="red" title="Réaffectation impossible : aucun parcours n'a été modifié">
            {others.length > 0 ? (
              <List size="sm">
                {others.map((message) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm">{problem.message}</Text>
            )}
            {problem.status === 409 || problem.status === 404 || problem.fieldErrors.parcours ? (
              <Text size="sm" mt="xs">
                Les listes ont été mises à jour : vérifiez la sélection, puis réessayez.
              </Text>
            ) : null}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={reassign.isPending}>
            Annuler
          </Button>
          <Button type="submit" loading={reassign.isPending}>
            Réaffecter
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
