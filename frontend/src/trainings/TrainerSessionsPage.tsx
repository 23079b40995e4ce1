// /sessions: the training body's sessions (a trainer's home), current ones first, each with its
// seats and the number of applications waiting for a decision.
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { Anchor, Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { TrainingSession } from "../api/types";
import { formatDate, todayInTimeZone } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { usePageTitle } from "../shared/usePageTitle";
import { seatsLabel, trainingKeys } from "./trainings";

export const SESSIONS_TITLE = "Sessions de formation";

export function TrainerSessionsPage() {
  usePageTitle(SESSIONS_TITLE);
  const sessions = useQuery({
    queryKey: trainingKeys.trainerSessions,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/training-sessions/", { params: { query: { page_size: 100 } }, signal })),
  });
  const today = todayInTimeZone(null);

  return (
    <Stack gap="xl">
      <Title order={1}>{SESSIONS_TITLE}</Title>
      {sessions.isPending ? (
        <Loading label="Chargement des sessions…" />
      ) : sessions.isError ? (
        <ErrorAlert
          error={sessions.error}
          title="Les sessions n'ont pas pu être chargées"
          onRetry={() => sessions.refetch()}
        />
      ) : (
        <>
          <SessionList
            id="sessions-courantes"
            title="En cours et à venir"
            empty="Aucune session en cours ou à venir."
            sessions={sessions.data.results.filter((session) => session.end_date >= today)}
          />
          <SessionList
            id="sessions-passees"
            title="Terminées"
            empty="Aucune session terminée."
            sessions={sessions.data.results.filter((session) => session.end_date < today).reverse()}
          />
        </>
      )}
    </Stack>
  );
}

function SessionList({
  id,
  title,
  empty,
  sessions,
}: {
  id: string;
  title: string;
  empty: string;
  sessions: TrainingSession[];
}) {
  return (
    <Stack component="section" aria-labelledby={id} gap="sm">
      <Title order={2} id={id}>
        {title}
      </Title>
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
    </Stack>
  );
}
