// Managers only: choose a new referent among the counsellors of the parcours' structure, then
// POST /parcours/{id}/reassign/ with the version read (409 stale_write if it changed since).
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { AppModal } from "../shared/AppModal";
import { ReferentSelect } from "../shared/ReferentSelect";
import { otherFieldMessages, toProblem } from "../api/errors";
import type { Parcours } from "../api/types";

export const STALE_MESSAGE = "Ce parcours a été modifié entre-temps : les données affichées sont à jour, vérifiez puis réessayez.";

export function ReassignDialog({
  parcours,
  opened,
  onClose,
  onDone,
  onStale,
}: {
  parcours: Parcours;
  opened: boolean;
  onClose: () => void;
  onDone: (updated: Parcours) => void;
  onStale: () => void;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title="Réaffecter le parcours">
      {opened && <ReassignForm parcours={parcours} onCancel={onClose} onDone={onDone} onStale={onStale} />}
    </AppModal>
  );
}

function ReassignForm({
  parcours,
  onCancel,
  onDone,
  onStale,
}: {
  parcours: Parcours;
  onCancel: () => void;
  onDone: (updated: Parcours) => void;
  onStale: () => void;
}) {
  const [referent, setReferent] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);

  const reassign = useMutation({
    mutationFn: (newReferent: number) =>
      unwrap(
        api.POST("/api/v1/parcours/{id}/reassign/", {
          params: { path: { id: parcours.id } },
          body: { referent: newReferent, version: parcours.version },
        }),
      ),
    onSuccess: onDone,
    onError: (error) => {
      if (toProblem(error).code === "stale_write") onStale();
    },
  });

  const problem = reassign.error ? toProblem(reassign.error) : null;
  const stale = problem?.code === "stale_write";
  const others = problem ? otherFieldMessages(problem, ["referent"]) : [];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!referent);
    if (referent) reassign.mutate(Number(referent));
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          Référent actuel : {parcours.referent?.full_name || parcours.referent?.email || "aucun"}
        </Text>
        <ReferentSelect
          structures={[parcours.structure.id]}
          excluded={parcours.referent?.id}
          value={referent}
          onChange={(value) => {
            setReferent(value);
            setMissing(false);
          }}
          emptyMessage="Aucun·e autre accompagnateur·rice dans cette structure"
          error={missing ? "Choisissez le nouveau référent." : problem?.fieldErrors.referent?.join(" ")}
        />
        {problem && (stale || others.length > 0 || !problem.fieldErrors.referent) && (
          <Alert color="red" title="Réaffectation impossible">
            <Text size="sm">{stale ? STALE_MESSAGE : others.length > 0 ? others.join(" ") : problem.message}</Text>
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={reassign.isPending}>
            Annuler
          </Button>
          <Button type="submit" loading={reassign.isPending}>
            Réaffecter le parcours
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
