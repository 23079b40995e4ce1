// /direction/journal (managers only): the audit trail of the structures the user manages — who
// read, changed, exported or imported what — newest first, 50 a page. Every filter is in the URL
// (?evenement=…&du=…&au=…&personne=…&page=…): back, forward and shared links work.
import { useMemo } from "react";
import { Link, Navigate, useSearchParams } from "react-router";
import { Anchor, Button, Group, MultiSelect, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMe } from "../auth/me";
import { isManager, landingPath } from "../auth/roles";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { PageGoneAlert, Pager } from "../shared/Pager";
import { isPageGone, pageCount, pageSummary } from "../shared/paging";
import { plural } from "../shared/plural";
import { usePageTitle } from "../shared/usePageTitle";
import {
  AUDIT_EVENTS,
  AUDIT_EVENT_LABELS,
  AUDIT_PAGE_SIZE,
  EMPTY_AUDIT_FILTERS,
  auditSearchParams,
  hasActiveAuditFilters,
  normaliseEvents,
  parseAuditFilters,
  toAuditQuery,
  updateAuditFilters,
  useAuditEntries,
  type AuditFilters,
} from "./audit";
import { AuditTable } from "./AuditTable";

export const AUDIT_LOG_PATH = "/direction/journal";

const EVENT_OPTIONS = AUDIT_EVENTS.map((event) => ({ value: event, label: AUDIT_EVENT_LABELS[event] }));

export function AuditLogPage() {
  const me = useMe();
  if (!isManager(me)) return <Navigate to={landingPath(me)} replace />;
  return <AuditLog />;
}

function AuditLog() {
  usePageTitle("Journal d'accès");
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => parseAuditFilters(searchParams), [searchParams]);
  const query = useMemo(() => toAuditQuery(filters), [filters]);
  const list = useAuditEntries(query);
  const apply = (change: Partial<AuditFilters>) => setSearchParams(auditSearchParams(updateAuditFilters(filters, change)));

  const data = list.data;
  const total = data ? pageCount(data.count, AUDIT_PAGE_SIZE) : 1;
  const pageGone = isPageGone(list.error, filters.page);
  const badPeriod = filters.from !== "" && filters.to !== "" && filters.from > filters.to;
  const caption = filters.person === null ? "Journal d'accès" : `Journal d'accès : personne n° ${filters.person}`;

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Anchor component={Link} to="/direction" size="sm">
          ← Retour à la page Direction
        </Anchor>
        <Title order={1}>Journal d'accès</Title>
        <Text>
          Qui a consulté, modifié, exporté ou importé quoi dans les structures que vous dirigez, du plus récent au plus
          ancien. Identité, coordonnées et notes n'y apparaissent jamais : les valeurs concernées sont masquées.
        </Text>
      </Stack>

      <form role="search" aria-label="Filtrer le journal d'accès" onSubmit={(event) => event.preventDefault()}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <MultiSelect
            label="Événement"
            placeholder={filters.events.length ? undefined : "Tous les événements"}
            data={EVENT_OPTIONS}
            value={filters.events}
            onChange={(values) => apply({ events: normaliseEvents(values) })}
            clearable
            clearButtonProps={{ "aria-label": "Effacer les événements" }}
          />
          <TextInput
            type="date"
            label="Du"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(event) => apply({ from: event.currentTarget.value })}
            error={badPeriod ? "La date de début est après la date de fin." : undefined}
          />
          <TextInput
            type="date"
            label="Au"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(event) => apply({ to: event.currentTarget.value })}
          />
        </SimpleGrid>
        {filters.person !== null && (
          <Group mt="sm" gap="sm">
            <Text size="sm">
              Seulement les entrées de la <strong>personne n° {filters.person}</strong>.
            </Text>
            <Button variant="subtle" size="compact-sm" onClick={() => apply({ person: null })}>
              Toutes les personnes
            </Button>
          </Group>
        )}
        {hasActiveAuditFilters(filters) && (
          <Group mt="sm">
            <Button variant="subtle" size="compact-sm" onClick={() => setSearchParams(auditSearchParams(EMPTY_AUDIT_FILTERS))}>
              Effacer les filtres
            </Button>
          </Group>
        )}
      </form>

      <Stack gap="sm" aria-busy={list.isFetching}>
        <Text size="sm" c="gray.8" role="status">
          {data ? summary(data.count, filters.page, total) : ""}
          {data && list.isFetching ? " — mise à jour…" : ""}
        </Text>
        {list.isPending ? (
          <Loading />
        ) : pageGone ? (
          <PageGoneAlert subject="Le journal" page={filters.page} onFirstPage={() => apply({ page: 1 })} />
        ) : list.isError ? (
          <ErrorAlert error={list.error} title="Le journal n'a pas pu être chargé" onRetry={() => list.refetch()} />
        ) : list.data.results.length === 0 ? (
          <EmptyState>
            {hasActiveAuditFilters(filters)
              ? "Aucune entrée du journal ne correspond à ces critères."
              : "Le journal d'accès est vide pour l'instant."}
          </EmptyState>
        ) : (
          <>
            <AuditTable rows={list.data.results} caption={caption} />
            <Pager label="Pages du journal" total={total} value={filters.page} onChange={(page) => apply({ page })} />
          </>
        )}
      </Stack>
    </Stack>
  );
}

function summary(count: number, page: number, total: number): string {
  return pageSummary(plural(count, "entrée", "entrées"), page, total);
}
