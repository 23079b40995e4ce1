// /direction (managers only): the parcours nobody follows any more, those without a follow-up for
// N days (N in the URL, 30 by default), both reassignable in bulk; the persons soon anonymised;
// and the way to the import and to the audit trail (« Journal d'accès »).
import { useState, type FormEvent } from "react";
import { Link, Navigate, useSearchParams } from "react-router";
import { Anchor, Button, Group, NumberInput, Stack, Text, Title } from "@mantine/core";
import { useMe } from "../auth/me";
import { isManager, landingPath } from "../auth/roles";
import { usePageTitle } from "../shared/usePageTitle";
import { AUDIT_LOG_PATH } from "../privacy/AuditLogPage";
import { RetentionSection } from "../privacy/RetentionSection";
import { ReassignSection } from "./ReassignSection";

export const DEFAULT_DAYS = 30;
const MAX_DAYS = 3650;

/** ?jours=N, a whole number from 1 to 3650; anything else is the default. */
export function parseDays(raw: string | null): number {
  const value = (raw ?? "").trim();
  if (!/^\d{1,4}$/.test(value)) return DEFAULT_DAYS;
  const days = Number(value);
  return days >= 1 && days <= MAX_DAYS ? days : DEFAULT_DAYS;
}

export function ManagerPage() {
  const me = useMe();
  if (!isManager(me)) return <Navigate to={landingPath(me)} replace />;
  const structures = new Map(
    me.memberships.filter((m) => m.role === "manager").map((m) => [m.organisation, m.organisation_name]),
  );
  return <Manager withStructure={structures.size > 1} structureNames={structures} />;
}

function Manager({ withStructure, structureNames }: { withStructure: boolean; structureNames: Map<number, string> }) {
  usePageTitle("Direction");
  const [searchParams, setSearchParams] = useSearchParams();
  const days = parseDays(searchParams.get("jours"));

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Title order={1}>Direction</Title>
        <Text>
          Les parcours à réattribuer : sélectionnez-les, puis « Réaffecter » pour les confier à un·e
          accompagnateur·rice. Pour créer des parcours en nombre :{" "}
          <Anchor component={Link} to="/direction/import">
            importer un fichier CSV
          </Anchor>
          . Pour savoir qui a consulté ou modifié un dossier : le{" "}
          <Anchor component={Link} to={AUDIT_LOG_PATH}>
            journal d'accès
          </Anchor>
          .
        </Text>
      </Stack>
      <ReassignSection
        id="sans-referent"
        title="Parcours sans référent"
        query={{ unassigned: true, ordering: "entry_date" }}
        empty="Tous les parcours en cours ont un référent."
        withStructure={withStructure}
      >
        <Text size="sm" c="gray.8">
          Parcours en cours dont le référent n'accompagne plus dans la structure (compte désactivé ou rôle retiré).
        </Text>
      </ReassignSection>
      <ReassignSection
        id="sans-suivi"
        title={`Sans suivi depuis ${days} jours`}
        query={{ no_follow_up_days: days, ordering: "entry_date" }}
        empty={`Tous les parcours en cours ont eu un suivi dans les ${days} derniers jours.`}
        withStructure={withStructure}
      >
        <DaysForm
          key={days}
          days={days}
          onChange={(next) =>
            setSearchParams((current) => {
              const params = new URLSearchParams(current);
              if (next === DEFAULT_DAYS) params.delete("jours");
              else params.set("jours", String(next));
              return params;
            })
          }
        />
      </ReassignSection>
      <RetentionSection structureNames={withStructure ? structureNames : undefined} />
    </Stack>
  );
}

function DaysForm({ days, onChange }: { days: number; onChange: (days: number) => void }) {
  const [value, setValue] = useState<string | number>(days);
  const valid = typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_DAYS;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) onChange(value);
  };
  return (
    <form onSubmit={onSubmit} aria-label="Nombre de jours sans suivi">
      <Group align="flex-end" gap="sm">
        <NumberInput
          label="Aucun suivi depuis (jours)"
          value={value}
          onChange={setValue}
          min={1}
          max={MAX_DAYS}
          allowDecimal={false}
          allowNegative={false}
          w={220}
          error={valid ? undefined : `Un nombre de jours entre 1 et ${MAX_DAYS}.`}
        />
        <Button type="submit" variant="default" disabled={!valid}>
          Afficher
        </Button>
      </Group>
    </form>
  );
}
