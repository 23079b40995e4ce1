// /mises-en-situation: the host employer's placements, in three sections (to confirm, ongoing,
// past), each card with the person's name and phone and the buttons of its transitions.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Alert, Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { Placement } from "../api/types";
import { formatDate } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { usePageTitle } from "../shared/usePageTitle";
import { groupInbox, kindLabel, placementKeys } from "./placements";
import { PlacementTransitionButtons } from "./PlacementTransitionButtons";

export function EmployerInboxPage() {
  usePageTitle("Mises en situation");
  const [message, setMessage] = useState<string | null>(null);
  const placements = useQuery({
    queryKey: placementKeys.inbox,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/placements/", { params: { query: { page_size: 200 } }, signal })),
  });

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
      {placements.isPending ? (
        <Loading label="Chargement des mises en situation…" />
      ) : placements.isError ? (
        <ErrorAlert
          error={placements.error}
          title="Les mises en situation n'ont pas pu être chargées"
          onRetry={() => placements.refetch()}
        />
      ) : (
        groupInbox(placements.data.results).map((section) => (
          <Stack component="section" aria-labelledby={`section-${section.key}`} gap="sm" key={section.key}>
            <Title order={2} id={`section-${section.key}`}>
              {section.title}
            </Title>
            {section.placements.length === 0 ? (
              <EmptyState>{section.empty}</EmptyState>
            ) : (
              <Stack gap="md">
                {section.placements.map((placement) => (
                  <PlacementCard key={placement.id} placement={placement} onDone={setMessage} />
                ))}
              </Stack>
            )}
          </Stack>
        ))
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
