// "Plan d'action": the actions of the parcours by due date, with their status, owner and due date
// (open ones past it highlighted), a dialog to add one and one to edit it (status changes first).
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { Parcours } from "../api/types";
import { formatDate, todayInTimeZone } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { fetchAllPages } from "../shared/paging";
import { TruncatedNotice } from "../shared/ShowMore";
import { ActionDialog, ADD_ACTION_TITLE } from "./ActionDialog";
import { actionStatusColor, isOverdue, journalKeys, userName } from "./journal";
import { StatusMessage } from "./shared";

export function useActions(parcoursId: number) {
  return useQuery({
    queryKey: journalKeys.actions(parcoursId),
    queryFn: ({ signal }) =>
      fetchAllPages((page, page_size) =>
        unwrap(api.GET("/api/v1/actions/", { params: { query: { parcours: parcoursId, page, page_size } }, signal })),
      ),
  });
}

export function ActionPlanTab({ parcours }: { parcours: Parcours }) {
  const [dialog, setDialog] = useState<{ mode: "add" } | { mode: "edit"; id: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const actions = useActions(parcours.id);
  const today = todayInTimeZone(parcours.structure.time_zone);
  const edited = dialog?.mode === "edit" ? (actions.data?.results.find((item) => item.id === dialog.id) ?? null) : null;
  const overdueCount = (actions.data?.results ?? []).filter((item) => isOverdue(item, today)).length;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" fw={600} c={overdueCount > 0 ? "red.9" : "gray.8"}>
          {overdueCount === 0
            ? "Aucune action en retard."
            : overdueCount === 1
              ? "1 action en retard."
              : `${overdueCount} actions en retard.`}
        </Text>
        <Button
          variant="light"
          onClick={() => {
            setMessage(null);
            setDialog({ mode: "add" });
          }}
        >
          {ADD_ACTION_TITLE}
        </Button>
      </Group>
      <StatusMessage message={message} />
      {actions.isPending ? (
        <Loading label="Chargement du plan d'action…" />
      ) : actions.isError ? (
        <ErrorAlert error={actions.error} title="Le plan d'action n'a pas pu être chargé" onRetry={() => actions.refetch()} />
      ) : actions.data.results.length === 0 ? (
        <EmptyState>Aucune action prévue pour ce parcours.</EmptyState>
      ) : (
        <>
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }} aria-label="Actions">
            {actions.data.results.map((action) => {
              const late = isOverdue(action, today);
              return (
                <Paper
                  component="li"
                  withBorder
                  p="md"
                  key={action.id}
                  style={late ? { borderColor: "var(--mantine-color-red-9)", borderLeftWidth: 6 } : undefined}
                >
                  <Group justify="space-between" align="flex-start" gap="sm">
                    <Text fw={600}>{action.title}</Text>
                    <Group gap="xs">
                      {late && (
                        <Badge variant="filled" color="red.9">
                          En retard
                        </Badge>
                      )}
                      <Badge variant="filled" color={actionStatusColor(action.status)}>
                        {action.status_label}
                      </Badge>
                    </Group>
                  </Group>
                  <Text size="sm" fw={late ? 700 : undefined} c={late ? "red.9" : undefined}>
                    Échéance : {formatDate(action.due_date)}
                  </Text>
                  <Text size="sm">Responsable : {userName(action.owner_detail)}</Text>
                  <Group mt="xs">
                    <Button
                      variant="default"
                      size="xs"
                      aria-label={`Modifier : ${action.title}`}
                      onClick={() => {
                        setMessage(null);
                        setDialog({ mode: "edit", id: action.id });
                      }}
                    >
                      Modifier
                    </Button>
                  </Group>
                </Paper>
              );
            })}
          </Stack>
          {!actions.data.complete && (
            <TruncatedNotice shown={actions.data.results.length} total={actions.data.count} noun="actions" />
          )}
        </>
      )}
      <ActionDialog
        parcours={parcours}
        opened={dialog !== null && (dialog.mode === "add" || edited !== null)}
        action={edited}
        onClose={() => setDialog(null)}
        onDone={(saved, created) => {
          setDialog(null);
          setMessage(created ? `Action ajoutée : ${saved.title}.` : `Action mise à jour : ${saved.title} — ${saved.status_label}.`);
        }}
      />
    </Stack>
  );
}
