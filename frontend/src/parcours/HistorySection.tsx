// "Historique": the phase changes of the parcours, oldest first, as the API gives them.
import { Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { PhaseTransition } from "../api/types";
import { formatDate, formatDateTime } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { phaseLabel } from "./phases";
import { historyLabel } from "./transitions";

export function HistorySection({ history }: { history: UseQueryResult<PhaseTransition[]> }) {
  return (
    <Stack component="section" aria-labelledby="historique-titre" gap="sm">
      <Title order={2} id="historique-titre">
        Historique
      </Title>
      {history.isPending ? (
        <Loading label="Chargement de l'historique…" />
      ) : history.isError ? (
        <ErrorAlert error={history.error} title="L'historique n'a pas pu être chargé" onRetry={() => history.refetch()} />
      ) : history.data.length === 0 ? (
        <EmptyState>Aucun changement de phase enregistré.</EmptyState>
      ) : (
        <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: "none" }}>
          {history.data.map((row) => (
            <Paper component="li" withBorder p="sm" key={row.id}>
              <Group justify="space-between" align="baseline" gap="xs">
                <Text fw={600}>{historyLabel(row.name)}</Text>
                <Text size="sm" c="gray.8">
                  <time dateTime={row.occurred_at}>{formatDateTime(row.occurred_at)}</time>
                </Text>
              </Group>
              <Text size="sm">
                {row.source ? `${phaseLabel(row.source)} → ${phaseLabel(row.target)}` : `→ ${phaseLabel(row.target)}`}
                {row.effective_date ? ` (date d'effet : ${formatDate(row.effective_date)})` : ""}
              </Text>
              <Text size="sm" c="gray.8">
                Par {row.actor ? row.actor.full_name || row.actor.email : "Système"}
              </Text>
              {row.comment && (
                <Text size="sm" mt={4} style={{ whiteSpace: "pre-wrap" }}>
                  {row.comment}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
