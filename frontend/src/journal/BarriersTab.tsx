// "Freins": the coded barriers of the parcours with their status and support (internal, or
// external and by whom), a dialog to add one and one to move its status (identifié → en cours →
// levé), sent with the version it was read at (a stale one is refused and the list reloaded).
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { Barrier, Parcours } from "../api/types";
import { formatDate } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { fetchAllPages } from "../shared/paging";
import { TruncatedNotice } from "../shared/ShowMore";
import { AddBarrierDialog, ADD_BARRIER_TITLE, BarrierStatusDialog } from "./BarrierDialogs";
import { barrierStatusColor, journalKeys } from "./journal";
import { StatusMessage } from "./shared";

export function useBarriers(parcoursId: number) {
  return useQuery({
    queryKey: journalKeys.barriers(parcoursId),
    queryFn: ({ signal }) =>
      fetchAllPages((page, page_size) =>
        unwrap(api.GET("/api/v1/barriers/", { params: { query: { parcours: parcoursId, page, page_size } }, signal })),
      ),
  });
}

export function supportText(barrier: Pick<Barrier, "support" | "support_label" | "support_by">): string {
  if (barrier.support === "external") {
    return barrier.support_by ? `Externe, par ${barrier.support_by}` : "Externe";
  }
  if (barrier.support === "internal") return "Interne (la structure)";
  return barrier.support_label || "Non renseigné";
}

export function BarriersTab({ parcours }: { parcours: Parcours }) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const barriers = useBarriers(parcours.id);
  const editedBarrier = barriers.data?.results.find((item) => item.id === editing) ?? null;

  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button
          variant="light"
          onClick={() => {
            setMessage(null);
            setAdding(true);
          }}
        >
          {ADD_BARRIER_TITLE}
        </Button>
      </Group>
      <StatusMessage message={message} />
      {barriers.isPending ? (
        <Loading label="Chargement des freins…" />
      ) : barriers.isError ? (
        <ErrorAlert error={barriers.error} title="Les freins n'ont pas pu être chargés" onRetry={() => barriers.refetch()} />
      ) : barriers.data.results.length === 0 ? (
        <EmptyState>Aucun frein repéré pour ce parcours.</EmptyState>
      ) : (
        <>
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }} aria-label="Freins">
            {barriers.data.results.map((barrier) => (
              <Paper component="li" withBorder p="md" key={barrier.id}>
                <Group justify="space-between" align="flex-start" gap="sm">
                  <Text fw={600}>{barrier.type_label}</Text>
                  <Badge variant="filled" color={barrierStatusColor(barrier.status)}>
                    {barrier.status_label}
                  </Badge>
                </Group>
                <Text size="sm">Accompagnement : {supportText(barrier)}</Text>
                <Text size="sm">
                  Repéré le {formatDate(barrier.identified_on)}
                  {barrier.resolved_on ? ` · levé le ${formatDate(barrier.resolved_on)}` : ""}
                </Text>
                <Group mt="xs">
                  <Button
                    variant="default"
                    size="xs"
                    aria-label={`Changer l'état : ${barrier.type_label}`}
                    onClick={() => {
                      setMessage(null);
                      setEditing(barrier.id);
                    }}
                  >
                    Changer l'état
                  </Button>
                </Group>
              </Paper>
            ))}
          </Stack>
          {!barriers.data.complete && (
            <TruncatedNotice shown={barriers.data.results.length} total={barriers.data.count} noun="freins" />
          )}
        </>
      )}
      <AddBarrierDialog
        parcours={parcours}
        opened={adding}
        onClose={() => setAdding(false)}
        onDone={(created) => {
          setAdding(false);
          setMessage(`Frein ajouté : ${created.type_label}.`);
        }}
      />
      <BarrierStatusDialog
        barrier={editedBarrier}
        onClose={() => setEditing(null)}
        onDone={(updated) => {
          setEditing(null);
          setMessage(`Frein mis à jour : ${updated.type_label} — ${updated.status_label}.`);
        }}
      />
    </Stack>
  );
}
