// /sessions: the training body's sessions (a trainer's home): the current ones (not over yet, as
// the server judges it in the user's zone) soonest first, then the past ones latest first, each
// list read page by page ("Voir plus"), each session with its seats and the number of applications
// waiting for a decision.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { Anchor, Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { TrainingSession } from "../api/types";
import { formatDate } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { loadedItems, nextPage } from "../shared/paging";
import { ShowMore } from "../shared/ShowMore";
import { usePageTitle } from "../shared/usePageTitle";
import { seatsLabel, trainingKeys } from "./trainings";

export const SESSIONS_TITLE = "Sessions de formation";

/** Sessions per page of each list. */
export const SESSIONS_PAGE_SIZE = 20;

type SessionGroupKey = "current" | "past";

const GROUPS: Record<SessionGroupKey, { title: string; empty: string; more: string; query: { current: boolean; ordering?: string } }> = {
  // The API's default order (start date, then id) is stable from page to page.
  current: {
    title: "En cours et à venir",
    empty: "Aucune session en cours ou à venir.",
    more: "Voir plus de sessions en cours et à venir",
    query: { current: true },
  },
  past: {
    title: "Terminées",
    empty: "Aucune session terminée.",
    more: "Voir plus de sessions terminées",
    query: { current: false, ordering: "-end_date" },
  },
};

function useSessionGroup(group: SessionGroupKey) {
  return useInfiniteQuery({
    queryKey: [...trainingKeys.trainerSessions, group],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/training-sessions/", {
          params: { query: { ...GROUPS[group].query, page: pageParam, page_size: SESSIONS_PAGE_SIZE } },
          signal,
        }),
      ),
    initialPageParam: 1,
    getNextPageParam: nextPage,
  });
}

export function TrainerSessionsPage() {
  usePageTitle(SESSIONS_TITLE);
  return (
    <Stack gap="xl">
      <Title order={1}>{SESSIONS_TITLE}</Title>
      <SessionGroup id="sessions-courantes" group="current" />
      <SessionGroup id="sessions-passees" group="past" />
    </Stack>
  );
}

function SessionGroup({ id, group }: { id: string; group: SessionGroupKey }) {
  const { title, empty, more } = GROUPS[group];
  const sessions = useSessionGroup(group);
  const items = loadedItems(sessions.data?.pages);
  const count = sessions.data?.pages.at(-1)?.count ?? 0;
  return (
    <Stack component="section" aria-labelledby={id} gap="sm">
      <Title order={2} id={id}>
        {title}
      </Title>
      {sessions.isPending ? (
        <Loading label="Chargement des sessions…" />
      ) : sessions.isError && items.length === 0 ? (
        <ErrorAlert
          error={sessions.error}
          title="Les sessions n'ont pas pu être chargées"
          onRetry={() => sessions.refetch()}
        />
      ) : (
        <>
          <SessionList empty={empty} sessions={items} />
          {sessions.isFetchNextPageError && (
            <ErrorAlert
              error={sessions.error}
              title="La suite de la liste n'a pas pu être chargée"
              onRetry={() => sessions.fetchNextPage()}
            />
          )}
          <ShowMore
            shown={items.length}
            total={count}
            hasMore={sessions.hasNextPage && !sessions.isFetchNextPageError}
            loading={sessions.isFetchingNextPage}
            onMore={() => sessions.fetchNextPage()}
            label={more}
          />
        </>
      )}
    </Stack>
  );
}

function SessionList({ empty, sessions }: { empty: string; sessions: TrainingSession[] }) {
  return (
    <>
      {sessions.length === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
          {sessions.map((session) => (
            <Paper component="li" withBorder p="md" key={session.id}>
              <Stack gap={6}>
                <Group justify="space-between" align="flex-start" gap="sm">
                  <Anchor component={Link} to={`/sessions/${session.id}`} fw={600}>
                    {session.training.title} — du {formatDate(session.start_date)} au {formatDate(session.end_date)}
                  </Anchor>
                  {session.applied_count > 0 && (
                    <Badge variant="filled" color="violet.8">
                      {session.applied_count} {session.applied_count > 1 ? "candidatures à traiter" : "candidature à traiter"}
                    </Badge>
                  )}
                </Group>
                <Text size="sm">
                  {session.place} · {session.training_body.name}
                </Text>
                <Text size="sm">
                  {seatsLabel(session)} · {session.attending_count} en formation
                  {session.applied_count === 0 ? " · aucune candidature à traiter" : ""}
                </Text>
              </Stack>
            </Paper>
          ))}
        </Stack>
      )}
    </>
  );
}
