// "Chronologie": everything that happened on the parcours (GET /parcours/{id}/timeline/), newest
// first, page by page: phase changes, follow-ups, barrier changes, actions, appointments,
// placement, enrolment and VAE events, each with its date, label, actor and summary.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Badge, Group, Stack, Text, Timeline } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { Parcours, TimelineEntry, TimelineEntryType } from "../api/types";
import { formatDateTime } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { nextPage } from "../shared/paging";
import { ShowMore } from "../shared/ShowMore";
import { JOURNAL_PAGE_SIZE, journalKeys } from "./journal";

export const TIMELINE_TYPE_LABELS: Record<TimelineEntryType, string> = {
  phase: "Phase",
  follow_up: "Suivi",
  barrier: "Frein",
  action: "Action",
  appointment: "Rendez-vous",
  placement: "Mise en situation",
  enrolment: "Formation",
  vae: "VAE",
};

const TYPE_COLORS: Record<TimelineEntryType, string> = {
  phase: "grape.8",
  follow_up: "blue.8",
  barrier: "#a33c00",
  action: "violet.8",
  appointment: "cyan.9",
  placement: "teal.9",
  enrolment: "indigo.8",
  vae: "pink.9",
};

export function timelineTypeLabel(type: string): string {
  return type in TIMELINE_TYPE_LABELS ? TIMELINE_TYPE_LABELS[type as TimelineEntryType] : type;
}

/** Entries of different kinds may share an id: the key is the pair. */
interface KeyedEntry extends TimelineEntry {
  key: string;
}

export function useTimeline(parcoursId: number) {
  return useInfiniteQuery({
    queryKey: journalKeys.timeline(parcoursId),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/parcours/{id}/timeline/", {
          params: { path: { id: parcoursId }, query: { page: pageParam, page_size: JOURNAL_PAGE_SIZE } },
          signal,
        }),
      ),
    initialPageParam: 1,
    getNextPageParam: nextPage,
  });
}

/** The entries of the pages loaded so far, each once (a page read after a new entry shifts by one). */
export function timelineEntries(pages: readonly { results: TimelineEntry[] }[] | undefined): KeyedEntry[] {
  const seen = new Set<string>();
  return (pages ?? [])
    .flatMap((page) => page.results)
    .map((entry) => ({ ...entry, key: `${entry.type}:${entry.id}` }))
    .filter((entry) => (seen.has(entry.key) ? false : (seen.add(entry.key), true)));
}

export function TimelineTab({ parcours }: { parcours: Parcours }) {
  const timeline = useTimeline(parcours.id);
  const entries = timelineEntries(timeline.data?.pages);
  const count = timeline.data?.pages.at(-1)?.count ?? 0;

  if (timeline.isPending) return <Loading label="Chargement de la chronologie…" />;
  if (timeline.isError && entries.length === 0) {
    return (
      <ErrorAlert
        error={timeline.error}
        title="La chronologie n'a pas pu être chargée"
        onRetry={() => timeline.refetch()}
      />
    );
  }
  if (entries.length === 0) return <EmptyState>Rien n'est encore arrivé sur ce parcours.</EmptyState>;

  return (
    <Stack gap="md">
      <Timeline component="ol" bulletSize={16} lineWidth={2} color="blue.8" aria-label="Chronologie" p={0} m={0} style={{ listStyle: "none" }}>
        {entries.map((entry) => (
          <Timeline.Item
            component="li"
            key={entry.key}
            title={
              <Group gap="xs" wrap="wrap">
                <Badge variant="filled" size="sm" color={TYPE_COLORS[entry.type] ?? "gray.8"}>
                  {timelineTypeLabel(entry.type)}
                </Badge>
                <Text span fw={600}>
                  {entry.title}
                </Text>
              </Group>
            }
          >
            <Text size="sm">
              {formatDateTime(entry.at)} · {entry.actor ?? "Système"}
            </Text>
            {entry.summary && (
              <Text size="sm" c="gray.8" style={{ whiteSpace: "pre-wrap" }}>
                {entry.summary}
              </Text>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
      {timeline.isFetchNextPageError && (
        <ErrorAlert
          error={timeline.error}
          title="La suite de la chronologie n'a pas pu être chargée"
          onRetry={() => timeline.fetchNextPage()}
        />
      )}
      <ShowMore
        shown={entries.length}
        total={count}
        hasMore={timeline.hasNextPage && !timeline.isFetchNextPageError}
        loading={timeline.isFetchingNextPage}
        onMore={() => timeline.fetchNextPage()}
        label="Voir plus d'événements"
      />
    </Stack>
  );
}
