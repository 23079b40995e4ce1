// The parcours page's "Mises en situation": this parcours' placements (kind, establishment,
// dates, state), their transitions (cancel...) and the proposal of a new one.
import { useId, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { Parcours } from "../api/types";
import { formatDate } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { stateColor } from "./EmployerInboxPage";
import { kindLabel, placementKeys } from "./placements";
import { PlacementTransitionButtons } from "./PlacementTransitionButtons";
import { PROPOSE_TITLE, ProposePlacementDialog } from "./ProposePlacementDialog";

export function PlacementsSection({ parcours }: { parcours: Parcours }) {
  const idPrefix = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [opened, setOpened] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const placements = useQuery({
    queryKey: placementKeys.forParcours(parcours.id),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/placements/", { params: { query: { parcours: parcours.id, page_size: 100 } }, signal }),
      ),
  });
  const announce = (text: string) => {
    setMessage(text);
    window.setTimeout(() => headingRef.current?.focus(), 0);
  };

  return (
    <Stack component="section" aria-labelledby={`${idPrefix}-titre`} gap="sm">
      <Group justify="space-between" align="center">
        <Title order={2} id={`${idPrefix}-titre`} ref={headingRef} tabIndex={-1}>
          Mises en situation
        </Title>
        {parcours.phase !== "exited" && (
          <Button
            variant="light"
            onClick={() => {
              setMessage(null);
              setOpened(true);
            }}
          >
            {PROPOSE_TITLE}
          </Button>
        )}
      </Group>
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
      ) : placements.data.results.length === 0 ? (
        <EmptyState>Aucune mise en situation pour ce parcours.</EmptyState>
      ) : (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
          {placements.data.results.map((placement) => (
            <Paper component="li" withBorder p="md" key={placement.id}>
              <Stack gap="xs">
                <Group justify="space-between" align="flex-start" gap="sm">
                  <Text fw={600}>
                    {kindLabel(placement.kind, placement.kind_label)} — {placement.establishment.name}
                  </Text>
                  <Badge variant="filled" color={stateColor(placement.state)}>
                    {placement.state_label}
                  </Badge>
                </Group>
                <Text size="sm">
                  Du {formatDate(placement.start_date)} au {formatDate(placement.end_date)}
                </Text>
                {placement.kind === "mission" && placement.position && (
                  <Text size="sm">Poste : {placement.position}</Text>
                )}
                {placement.decline_reason && <Text size="sm">Motif du refus : {placement.decline_reason}</Text>}
                <PlacementTransitionButtons placement={placement} onDone={announce} onlyOwn />
              </Stack>
            </Paper>
          ))}
        </Stack>
      )}
      <ProposePlacementDialog
        parcoursId={parcours.id}
        opened={opened}
        onClose={() => setOpened(false)}
        onDone={() => {
          setOpened(false);
          announce("Mise en situation proposée.");
        }}
      />
    </Stack>
  );
}
