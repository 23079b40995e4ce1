// "Proposer une mise en situation": kind, establishment (searched on the server), dates, then the
// purpose (PMSMP) or the position and weekly hours (mission); POST /placements/.
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Button, Group, Select, Stack, TextInput } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { toProblem } from "../api/errors";
import type { PlacementKind, PlacementPurpose } from "../api/types";
import { AppModal } from "../shared/AppModal";
import { EstablishmentSelect } from "./EstablishmentSelect";
import { EMPTY_PROPOSE_FORM, KIND_OPTIONS, PURPOSE_OPTIONS, buildProposePayload, type ProposeForm } from "./placements";
import { ProblemAlert } from "./ProblemAlert";
import { usePlacementsChanged } from "./usePlacementsChanged";

const SHOWN_FIELDS = [
  "kind",
  "establishment",
  "start_date",
  "end_date",
  "purpose",
  "position",
  "weekly_hours",
  "parcours",
] as const;

export const PROPOSE_TITLE = "Proposer une mise en situation";

export function ProposePlacementDialog({
  parcoursId,
  opened,
  onClose,
  onDone,
}: {
  parcoursId: number;
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title={PROPOSE_TITLE}>
      {opened && <ProposeFormView parcoursId={parcoursId} onCancel={onClose} onDone={onDone} />}
    </AppModal>
  );
}

function ProposeFormView({
  parcoursId,
  onCancel,
  onDone,
}: {
  parcoursId: number;
  onCancel: () => void;
  onDone: () => void;
}) {
  const [form, setForm] = useState<ProposeForm>(EMPTY_PROPOSE_FORM);
  const set = <K extends keyof ProposeForm>(key: K, value: ProposeForm[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const changed = usePlacementsChanged();

  const propose = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/placements/", { body: buildProposePayload(parcoursId, form) })),
    onSuccess: () => {
      changed(parcoursId);
      onDone();
    },
  });
  const problem = propose.error ? toProblem(propose.error) : null;
  const fieldError = (field: (typeof SHOWN_FIELDS)[number]) => problem?.fieldErrors[field]?.join(" ") || undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    propose.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Select
          label="Type"
          placeholder="Choisissez un type"
          data={KIND_OPTIONS}
          value={form.kind}
          onChange={(value) => set("kind", value as PlacementKind | null)}
          withAsterisk
          allowDeselect={false}
          error={fieldError("kind")}
        />
        <EstablishmentSelect
          value={form.establishment}
          onChange={(value) => set("establishment", value)}
          error={fieldError("establishment")}
        />
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label="Début"
            value={form.startDate}
            onChange={(event) => set("startDate", event.currentTarget.value)}
            withAsterisk
            error={fieldError("start_date")}
          />
          <TextInput
            type="date"
            label="Fin"
            min={form.startDate || undefined}
            value={form.endDate}
            onChange={(event) => set("endDate", event.currentTarget.value)}
            withAsterisk
            error={fieldError("end_date")}
          />
        </Group>
        {form.kind === "pmsmp" && (
          <Select
            label="Objectif"
            placeholder="Choisissez un objectif"
            data={PURPOSE_OPTIONS}
            value={form.purpose}
            onChange={(value) => set("purpose", value as PlacementPurpose | null)}
            withAsterisk
            error={fieldError("purpose")}
          />
        )}
        {form.kind === "mission" && (
          <>
            <TextInput
              label="Poste"
              maxLength={200}
              value={form.position}
              onChange={(event) => set("position", event.currentTarget.value)}
              withAsterisk
              error={fieldError("position")}
            />
            <TextInput
              type="number"
              label="Heures par semaine"
              min={0}
              step="0.5"
              value={form.weeklyHours}
              onChange={(event) => set("weeklyHours", event.currentTarget.value)}
              withAsterisk
              error={fieldError("weekly_hours")}
            />
          </>
        )}
        <ProblemAlert
          problem={problem}
          shownFields={SHOWN_FIELDS.filter((field) => field !== "parcours")}
          title={problem?.status === 409 ? "Proposition impossible" : "La mise en situation n'a pas été proposée"}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={propose.isPending}>
            Annuler
          </Button>
          <Button type="submit" loading={propose.isPending}>
            Proposer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
