// /portefeuille: the parcours a counsellor follows ("Mon portefeuille") or, for a manager, all
// the parcours of the structure. Every filter is in the URL (back, forward and shared links work).
import { useMemo } from "react";
import { Navigate, useLocation, useSearchParams } from "react-router";
import { Button, Group, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useCounsellors, useParcoursList, useProgrammes } from "../api/queries";
import { useMe } from "../auth/me";
import { caseloadTitle, isManager, landingPath, worksOnParcours } from "../auth/roles";
import { PHASES, PHASE_LABELS } from "../parcours/phases";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { PageGoneAlert, Pager } from "../shared/Pager";
import { isPageGone, pageSummary } from "../shared/paging";
import { AlertFilter } from "./AlertFilter";
import { CaseloadTable } from "./CaseloadTable";
import { useSearchBox } from "./useSearchBox";
import {
  EMPTY_FILTERS,
  ORDERINGS,
  ORDERING_LABELS,
  hasActiveFilters,
  normalisePhases,
  pageCount,
  parseFilters,
  toAlertCountsQuery,
  toApiQuery,
  toSearchParams,
  updateFilters,
  type CaseloadFilters,
  type Ordering,
} from "./filters";
import { usePageTitle } from "../shared/usePageTitle";

const PHASE_OPTIONS = PHASES.map((phase) => ({ value: phase, label: PHASE_LABELS[phase] }));
const ORDERING_OPTIONS = ORDERINGS.map((ordering) => ({ value: ordering, label: ORDERING_LABELS[ordering] }));

export function CaseloadPage() {
  const me = useMe();
  if (!worksOnParcours(me)) return <Navigate to={landingPath(me)} replace />;
  return <Caseload manager={isManager(me)} title={caseloadTitle(me)} />;
}

function Caseload({ manager, title }: { manager: boolean; title: string }) {
  usePageTitle(title);
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const filters = useMemo(() => parseFilters(searchParams), [searchParams]);
  const apiQuery = useMemo(() => toApiQuery(filters, { withReferent: manager }), [filters, manager]);
  const countsQuery = useMemo(() => toAlertCountsQuery(filters, { withReferent: manager }), [filters, manager]);

  const list = useParcoursList(apiQuery);
  const programmes = useProgrammes();
  const counsellors = useCounsellors(manager);

  const apply = (change: Partial<CaseloadFilters>) => setSearchParams(toSearchParams(updateFilters(filters, change)));

  const [searchInput, setSearchInput] = useSearchBox(filters.search, (search) =>
    // From the URL of the moment (other filters may have changed during the pause).
    setSearchParams((current) => toSearchParams(updateFilters(parseFilters(current), { search }))),
  );

  const programmeOptions = (programmes.data ?? []).map((programme) => ({
    value: String(programme.id),
    label: programme.is_active === false ? `${programme.name} (terminé)` : programme.name,
  }));
  const referentOptions = (counsellors.data ?? []).map((counsellor) => ({
    value: String(counsellor.id),
    label: counsellor.full_name || counsellor.email,
  }));

  const data = list.data;
  const total = data ? pageCount(data.count) : 1;
  const pageGone = isPageGone(list.error, filters.page);
  const returnTo = location.pathname + location.search;

  // The first time, the page appears once its lists have arrived (later filter changes keep the
  // previous rows until the new ones come): no half-built screen, and nothing still in flight
  // once it is shown.
  if (list.isPending || programmes.isPending || (manager && counsellors.isPending)) return <Loading />;

  return (
    <Stack gap="lg">
      <Title order={1}>{title}</Title>

      <form role="search" aria-label="Filtrer les parcours" onSubmit={(event) => event.preventDefault()}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: manager ? 4 : 3 }} spacing="md">
          <TextInput
            label="Rechercher une personne"
            placeholder="Nom ou prénom"
            type="search"
            value={searchInput}
            onChange={(event) => setSearchInput(event.currentTarget.value)}
          />
          <MultiSelect
            label="Phase"
            placeholder={filters.phases.length ? undefined : "Toutes les phases"}
            data={PHASE_OPTIONS}
            value={filters.phases}
            onChange={(values) => apply({ phases: normalisePhases(values) })}
            clearable
            clearButtonProps={{ "aria-label": "Effacer les phases" }}
          />
          <Select
            label="Programme"
            placeholder="Tous les programmes"
            data={programmeOptions}
            value={filters.programme === null ? null : String(filters.programme)}
            onChange={(value) => apply({ programme: value ? Number(value) : null })}
            clearable
            clearButtonProps={{ "aria-label": "Effacer le programme" }}
            nothingFoundMessage={programmes.isError ? "Liste indisponible" : "Aucun programme"}
          />
          {manager && (
            <Select
              label="Référent"
              placeholder="Tous les référents"
              data={referentOptions}
              value={filters.referent === null ? null : String(filters.referent)}
              onChange={(value) => apply({ referent: value ? Number(value) : null })}
              searchable
              clearable
              clearButtonProps={{ "aria-label": "Effacer le référent" }}
              nothingFoundMessage={counsellors.isError ? "Liste indisponible" : "Aucun référent"}
            />
          )}
        </SimpleGrid>
        <Stack mt="md">
          <AlertFilter query={countsQuery} value={filters.alerts} onChange={(alerts) => apply({ alerts })} />
        </Stack>
        {hasActiveFilters(filters) && (
          <Group mt="sm">
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => setSearchParams(toSearchParams({ ...EMPTY_FILTERS, ordering: filters.ordering }))}
            >
              Effacer les filtres
            </Button>
          </Group>
        )}
      </form>

      <Stack gap="sm" aria-busy={list.isFetching}>
        <Group justify="space-between" align="flex-end" gap="sm">
          <Text size="sm" c="gray.8" role="status">
            {data ? summary(data.count, filters.page, total) : ""}
            {data && list.isFetching ? " — mise à jour…" : ""}
          </Text>
          <Select
            label="Trier par"
            data={ORDERING_OPTIONS}
            value={filters.ordering}
            onChange={(value) => value && apply({ ordering: value as Ordering })}
            allowDeselect={false}
            w={{ base: "100%", xs: 340 }}
          />
        </Group>
        {pageGone ? (
          <PageGoneAlert subject="La liste" page={filters.page} onFirstPage={() => apply({ page: 1 })} />
        ) : list.isError ? (
          <ErrorAlert error={list.error} title="La liste n'a pas pu être chargée" onRetry={() => list.refetch()} />
        ) : data && data.results.length === 0 ? (
          <EmptyState>Aucun parcours ne correspond à ces critères.</EmptyState>
        ) : data ? (
          <>
            <CaseloadTable
              rows={data.results}
              withReferent={manager}
              caption={`${title} : liste des parcours`}
              returnTo={returnTo}
            />
            <Pager label="Pages de la liste" total={total} value={filters.page} onChange={(page) => apply({ page })} />
          </>
        ) : null}
      </Stack>
    </Stack>
  );
}

function summary(count: number, page: number, total: number): string {
  return pageSummary(count === 1 ? "1 parcours" : `${count} parcours`, page, total);
}
