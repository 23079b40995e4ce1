// /tableau-de-bord: the outcomes of the user's scope — a counsellor's own parcours, a manager's
// structure, an analyst's network (structures side by side, small figures masked) — and the small
// dashboards of employer contacts and trainers. Every filter is in the URL.
import { useMemo, useState } from "react";
import { Navigate, useSearchParams } from "react-router";
import { Button, Group, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useCounsellors, useProgrammes } from "../api/queries";
import { useMe } from "../auth/me";
import { dashboardScope, hasDashboard, hasRole, landingPath, type DashboardScope } from "../auth/roles";
import { usePageTitle } from "../shared/usePageTitle";
import {
  EMPTY_DASHBOARD_FILTERS,
  PERIOD_PRESETS,
  PERIOD_PRESET_LABELS,
  dashboardSearchParams,
  exportUrl,
  hasActiveDashboardFilters,
  localToday,
  matchingPreset,
  normaliseIds,
  parseDashboardFilters,
  periodError,
  resolvePeriod,
  toOutcomesQuery,
  withPreset,
  type DashboardFilters,
  type PeriodPreset,
} from "./filters";
import { parseIsoDate } from "../shared/urlParams";
import { isoDateLabel } from "./format";
import { useOutcomes } from "./queries";
import { QueryContent } from "./QueryContent";
import { PlacementsDashboard, TrainingsDashboard } from "./RoleDashboards";
import {
  ActiveByPhaseSection,
  ExitsByMonthSection,
  FunnelSection,
  KeyFigures,
  RatesSection,
  StructuresTable,
  VaeOutcomesSection,
} from "./sections";
import type { OutcomesQuery } from "./types";

const SCOPE_TEXT: Record<DashboardScope, string> = {
  counsellor: "Les parcours que vous suivez (référent·e ou co-référent·e).",
  manager: "Les parcours de votre structure.",
  analyst:
    "Les structures de votre réseau, côte à côte et au total : uniquement des chiffres d'ensemble, les effectifs de moins de 5 sont masqués.",
};

export function DashboardPage() {
  const me = useMe();
  usePageTitle("Tableau de bord");
  if (!hasDashboard(me)) return <Navigate to={landingPath(me)} replace />;
  return <Dashboard scope={dashboardScope(me)} employer={hasRole(me, "employer_contact")} trainer={hasRole(me, "trainer")} />;
}

function Dashboard({ scope, employer, trainer }: { scope: DashboardScope | null; employer: boolean; trainer: boolean }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const [today] = useState(localToday);
  const filters = useMemo(() => parseDashboardFilters(searchParams), [searchParams]);
  const period = resolvePeriod(filters, today);
  const invalid = periodError(period);
  const query = useMemo(() => toOutcomesQuery(filters, scope ?? "counsellor", today), [filters, scope, today]);

  const apply = (change: Partial<DashboardFilters>) => setSearchParams(dashboardSearchParams({ ...filters, ...change }));

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Tableau de bord</Title>
        {scope && <Text c="gray.8">{SCOPE_TEXT[scope]}</Text>}
      </div>
      <FilterBar
        scope={scope}
        filters={filters}
        today={today}
        invalid={invalid}
        onChange={apply}
        onPreset={(preset) => setSearchParams(dashboardSearchParams(withPreset(filters, preset, today)))}
        onReset={() => setSearchParams(dashboardSearchParams(EMPTY_DASHBOARD_FILTERS))}
      />
      <Text size="sm" role="status">
        Période du {isoDateLabel(period.from)} au {isoDateLabel(period.to)}.
      </Text>
      {invalid ? null : (
        <>
          {scope && <ScopeDashboard scope={scope} query={query} />}
          {employer && <PlacementsDashboard query={query} />}
          {trainer && <TrainingsDashboard query={query} />}
        </>
      )}
    </Stack>
  );
}

// --- The filter bar -----------------------------------------------------------------------------

function FilterBar({
  scope,
  filters,
  today,
  invalid,
  onChange,
  onPreset,
  onReset,
}: {
  scope: DashboardScope | null;
  filters: DashboardFilters;
  today: string;
  invalid: string | null;
  onChange: (change: Partial<DashboardFilters>) => void;
  onPreset: (preset: PeriodPreset) => void;
  onReset: () => void;
}) {
  const period = resolvePeriod(filters, today);
  const preset = matchingPreset(period, today);
  const programmes = useProgrammes();
  const counsellors = useCounsellors(scope === "manager");
  // The structures of the analyst's network (and their regions): the summary without those two filters.
  const networkQuery = useMemo(
    () => toOutcomesQuery({ ...filters, structures: [], region: null }, "analyst", today),
    [filters, today],
  );
  const network = useOutcomes("summary", networkQuery, scope === "analyst" && !invalid);

  const programmeOptions = (programmes.data ?? []).map((programme) => ({
    value: String(programme.id),
    label: programme.is_active === false ? `${programme.name} (terminé)` : programme.name,
  }));
  const referentOptions = (counsellors.data ?? []).map((c) => ({ value: String(c.id), label: c.full_name || c.email }));
  const structures = network.data?.structures ?? [];
  const structureOptions = structures.map((s) => ({ value: String(s.id), label: s.name }));
  const regionOptions = [...new Set(structures.map((s) => s.region).filter(Boolean))].sort().map((r) => ({ value: r, label: r }));
  if (filters.region && !regionOptions.some((o) => o.value === filters.region)) {
    regionOptions.push({ value: filters.region, label: filters.region });
  }
  const showProgramme = scope !== null && (scope !== "analyst" || programmeOptions.length > 0);

  const setDate = (field: "from" | "to", raw: string) => {
    const value = parseIsoDate(raw);
    if (value) onChange({ from: period.from, to: period.to, [field]: value });
  };

  return (
    <form role="search" aria-label="Filtrer le tableau de bord" onSubmit={(event) => event.preventDefault()}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        <Select
          label="Période"
          data={[
            ...PERIOD_PRESETS.map((p) => ({ value: p, label: PERIOD_PRESET_LABELS[p] })),
            { value: "custom", label: "Dates choisies" },
          ]}
          value={preset ?? "custom"}
          onChange={(value) => {
            if (value && value !== "custom") onPreset(value as PeriodPreset);
          }}
          allowDeselect={false}
        />
        <TextInput
          type="date"
          label="Du"
          value={period.from}
          max={period.to}
          onChange={(event) => setDate("from", event.currentTarget.value)}
          error={invalid}
        />
        <TextInput
          type="date"
          label="Au"
          value={period.to}
          min={period.from}
          onChange={(event) => setDate("to", event.currentTarget.value)}
        />
        {showProgramme && (
          <Select
            label="Programme"
            placeholder="Tous les programmes"
            data={programmeOptions}
            value={filters.programme === null ? null : String(filters.programme)}
            onChange={(value) => onChange({ programme: value ? Number(value) : null })}
            clearable
            clearButtonProps={{ "aria-label": "Effacer le programme" }}
            nothingFoundMessage={programmes.isError ? "Liste indisponible" : "Aucun programme"}
          />
        )}
        {scope === "manager" && (
          <Select
            label="Référent"
            placeholder="Tous les référents"
            data={referentOptions}
            value={filters.referent === null ? null : String(filters.referent)}
            onChange={(value) => onChange({ referent: value ? Number(value) : null })}
            searchable
            clearable
            clearButtonProps={{ "aria-label": "Effacer le référent" }}
            nothingFoundMessage={counsellors.isError ? "Liste indisponible" : "Aucun référent"}
          />
        )}
        {scope === "analyst" && (
          <>
            <MultiSelect
              label="Structures"
              placeholder={filters.structures.length ? undefined : "Toutes les structures"}
              data={structureOptions}
              value={filters.structures.map(String)}
              onChange={(values) => onChange({ structures: normaliseIds(values) })}
              clearable
              clearButtonProps={{ "aria-label": "Effacer les structures" }}
              nothingFoundMessage={network.isError ? "Liste indisponible" : "Aucune structure"}
            />
            <Select
              label="Région"
              placeholder="Toutes les régions"
              data={regionOptions}
              value={filters.region}
              onChange={(value) => onChange({ region: value || null })}
              clearable
              clearButtonProps={{ "aria-label": "Effacer la région" }}
              nothingFoundMessage="Aucune région"
            />
          </>
        )}
      </SimpleGrid>
      {hasActiveDashboardFilters(filters) && (
        <Group mt="sm">
          <Button variant="subtle" size="compact-sm" onClick={onReset}>
            Effacer les filtres
          </Button>
        </Group>
      )}
    </form>
  );
}

// --- Exports ------------------------------------------------------------------------------------

function ExportLinks({ scope, query }: { scope: DashboardScope; query: OutcomesQuery }) {
  if (scope === "counsellor") return null;
  return (
    <Group gap="sm" role="group" aria-label="Exporter les chiffres">
      <Button component="a" variant="default" href={exportUrl("figures", "xlsx", query)} download>
        Exporter (Excel)
      </Button>
      <Button component="a" variant="default" href={exportUrl("figures", "csv", query)} download>
        Exporter (CSV)
      </Button>
      {scope === "manager" && (
        <Button component="a" variant="default" href={exportUrl("parcours", "xlsx", query)} download>
          Liste des parcours (Excel)
        </Button>
      )}
    </Group>
  );
}

// --- The figures of the scope -------------------------------------------------------------------

function ScopeDashboard({ scope, query }: { scope: DashboardScope; query: OutcomesQuery }) {
  // All four are asked at once: the sections below the summary do not wait for it to ask theirs.
  const summary = useOutcomes("summary", query);
  const timeseries = useOutcomes("timeseries", query);
  const funnel = useOutcomes("funnel", query);
  const vae = useOutcomes("vae", query);

  const updating = summary.isFetching || timeseries.isFetching || funnel.isFetching || vae.isFetching;

  return (
    <QueryContent query={summary} loadingLabel="Chargement des indicateurs…" errorTitle="Les indicateurs sont indisponibles">
      {(data) => {
        const sideBySide = scope === "analyst" || data.structures.length > 1;
        return (
          <Stack gap="lg" aria-busy={updating}>
            <Group justify="space-between" align="center" gap="sm">
              <Text size="sm" c="gray.8">
                {updating ? "Mise à jour des chiffres…" : `Chiffres calculés le ${new Date(data.generated_at).toLocaleString("fr-FR")}.`}
              </Text>
              <ExportLinks scope={scope} query={query} />
            </Group>
            <RatesSection summary={data} perStructure={sideBySide} />
            <KeyFigures figures={data.total} />
            {sideBySide && <StructuresTable summary={data} />}
            <QueryContent
              query={timeseries}
              loadingLabel="Chargement des sorties par mois…"
              errorTitle="Les sorties par mois sont indisponibles"
              keepDataOnError
            >
              {(months) => <ExitsByMonthSection timeseries={months} summary={data} />}
            </QueryContent>
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
              <ActiveByPhaseSection figures={data.total} to={query.to} />
              <QueryContent query={funnel} loadingLabel="Chargement de l'entonnoir…" errorTitle="L'entonnoir est indisponible" keepDataOnError>
                {(steps) => <FunnelSection funnel={steps} />}
              </QueryContent>
            </SimpleGrid>
            <QueryContent query={vae} loadingLabel="Chargement des VAE…" errorTitle="Les chiffres des VAE sont indisponibles" keepDataOnError>
              {(applications) => <VaeOutcomesSection vae={applications} />}
            </QueryContent>
          </Stack>
        );
      }}
    </QueryContent>
  );
}
