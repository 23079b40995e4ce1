// /mises-en-situation: the host employer's placements, in three sections (to confirm, ongoing,
// past), each read from the server on its own states, a page at a time, with its count in its
// heading; each card with the person's name and phone and the buttons of its transitions. A
// transition invalidates every placement query (usePlacementsChanged), so each section refreshes.
import { useEffect, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { Placement } from "../api/types";
import { formatDate } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { Pager } from "../shared/Pager";
import { isPageGone, pageCount, pageSummary } from "../shared/paging";
import { usePage } from "../shared/usePage";
import { usePageTitle } from "../shared/usePageTitle";
import {
  INBOX_PAGE_SIZE,
  INBOX_SECTIONS,
  countPlacements,
  inboxSectionHeading,
  inboxSectionQuery,
  kindLabel,
  placementKeys,
  type InboxSection,
} from "./placements";
import { PlacementTransitionButtons } from "./PlacementTransitionButtons";

export function EmployerInboxPage() {
  usePageTitle("Mises en situation");
  const [message, setMessage] = useState<string | null>(null);

  return (
    <Stack gap="xl">
      <Title order={1}>Mises en situation</Title>
      <div role="status">
        {message && (
          <Alert color="teal" variant="light" role="presentation">
            <Text size="sm" fw={500}>
              {message}
            </Text>
          </Alert>
        )}
      </div>
      {INBOX_SECTIONS.map((section) => (
        <InboxSectionList key={section.key} section={section} onDone={setMessage} />
      ))}
    </Stack>
  );
}

function InboxSectionList({ section, onDone }: { section: InboxSection; onDone: (message: string) => void }) {
  const [page, setPage] = usePage();
  const list = useQuery({
    queryKey: placementKeys.inboxSection(section.key, page),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/placements/", { params: { query: inboxSectionQuery(section, page) }, signal })),
    placeholderData: keepPreviousData,
  });
  // The page's last placements have moved to another section (or a page past the end was asked
  // for): show the page before, down to the first one.
  const pageGone = isPageGone(list.error, page);
  useEffect(() => {
    if (pageGone) setPage(Math.max(1, page - 1));
  }, [pageGone, page, setPage]);

  const headingId = `section-${section.key}`;
  const data = list.data;
  const total = data ? pageCount(data.count, INBOX_PAGE_SIZE) : 1;

  return (
    <Stack component="section" aria-labelledby={headingId} aria-busy={list.isFetching} gap="sm">
      <Title order={2} id={headingId}>
        {inboxSectionHeading(section, data?.count)}
      </Title>
      {list.isPending || pageGone ? (
        <Loading label="Chargement des mises en situation…" />
      ) : list.isError ? (
        <ErrorAlert
          error={list.error}
          title="Les mises en situation n'ont pas pu être chargées"
          onRetry={() => list.refetch()}
        />
      ) : list.data.results.length === 0 ? (
        <EmptyState>{section.empty}</EmptyState>
      ) : (
        <>
          {total > 1 && (
            <Text size="sm" c="gray.8">
              {pageSummary(countPlacements(list.data.count), page, total)}
            </Text>
          )}
          <Stack gap="md">
            {list.data.results.map((placement) => (
              <PlacementCard key={placement.id} placement={placement} onDone={onDone} />
            ))}
          </Stack>
          <Pager label={`Pages : ${section.title}`} total={total} value={page} onChange={setPage} />
        </>
      )}
    </Stack>
  );
}

function PlacementCard({ placement, onDone }: { placement: Placement; onDone: (message: string) => void }) {
  const titleId = `placement-${placement.id}-titre`;
  const { person, establishment } = placement;
  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Title order={3} id={titleId} size="h4">
            {person.first_name} {person.last_name}
          </Title>
          <Badge variant="filled" color={stateColor(placement.state)}>
            {placement.state_label}
          </Badge>
        </Group>
        <Text size="sm">Téléphone : {person.phone || "Non renseigné"}</Text>
        <Text size="sm">
          {kindLabel(placement.kind, placement.kind_label)} — {establishment.name}
        </Text>
        <Text size="sm">
          Du {formatDate(placement.start_date)} au {formatDate(placement.end_date)}
        </Text>
        {placement.kind === "mission" && placement.position && (
          <Text size="sm">
            Poste : {placement.position}
            {placement.weekly_hours ? ` (${placement.weekly_hours} h par semaine)` : ""}
          </Text>
        )}
        {placement.kind === "pmsmp" && placement.purpose_label && (
          <Text size="sm">Objectif : {placement.purpose_label}</Text>
        )}
        <PlacementTransitionButtons placement={placement} onDone={onDone} />
      </Stack>
    </Paper>
  );
}

export function stateColor(state: Placement["state"]): string {
  switch (state) {
    // Dark shades: white badge text keeps a WCAG AA contrast on each of them.
    case "proposed":
      return "violet.8";
    case "confirmed":
    case "in_progress":
      return "blue.8";
    case "completed":
      return "teal.9";
    default:
      return "gray.8";
  }
}
