// One of the manager's lists (parcours without a referent, without follow-up...): a table with
// checkboxes (on the page shown), « Réaffecter » for the selection, a notice once done, pages of 50.
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Group, Stack, Text, Title } from "@mantine/core";
import { parcoursKeys, useParcoursList } from "../api/queries";
import type { Parcours, ParcoursListQuery } from "../api/types";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { Pager } from "../shared/Pager";
import { pageCount } from "../shared/paging";
import { usePage } from "../shared/usePage";
import { BulkReassignDialog, type ReassignResult } from "./BulkReassignDialog";
import { SelectableParcoursTable } from "./SelectableParcoursTable";

export const MANAGER_PAGE_SIZE = 50;

export function ReassignSection({
  id,
  title,
  query,
  empty,
  withStructure,
  children,
}: {
  id: string;
  title: string;
  /** The list's filters (the page and its size are added here). */
  query: ParcoursListQuery;
  empty: string;
  withStructure: boolean;
  children?: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Map<number, Parcours>>(new Map());
  const [opened, setOpened] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const filterKey = JSON.stringify(query);
  // Other filters, other rows: start again from the first page with nothing selected.
  const [page, setPage] = usePage(filterKey);
  const [selectionKey, setSelectionKey] = useState(filterKey);
  if (selectionKey !== filterKey) {
    setSelectionKey(filterKey);
    setSelected(new Map());
  }
  const list = useParcoursList({ ...query, page, page_size: MANAGER_PAGE_SIZE });

  const rows = useMemo(() => list.data?.results ?? [], [list.data]);

  // What is selected is what is shown: rows that left the list (reassigned meanwhile) or another
  // page drop out of the selection.
  useEffect(() => {
    setSelected((current) => {
      const shown = new Map(rows.map((parcours) => [parcours.id, parcours]));
      const kept = [...current.keys()].filter((id) => shown.has(id));
      return kept.length === current.size ? current : new Map(kept.map((id) => [id, shown.get(id) as Parcours]));
    });
  }, [rows]);
  const total = list.data ? pageCount(list.data.count, MANAGER_PAGE_SIZE) : 1;

  const toggle = (parcours: Parcours, checked: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      if (checked) next.set(parcours.id, parcours);
      else next.delete(parcours.id);
      return next;
    });
  const toggleAll = (checked: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      for (const parcours of rows) {
        if (checked) next.set(parcours.id, parcours);
        else next.delete(parcours.id);
      }
      return next;
    });

  const refresh = () => void queryClient.invalidateQueries({ queryKey: parcoursKeys.all });
  const onDone = ({ count, referent }: ReassignResult) => {
    setOpened(false);
    setSelected(new Map());
    const moved = count === 1 ? "1 parcours réaffecté" : `${count} parcours réaffectés`;
    setNotice(referent ? `${moved} à ${referent}.` : `${moved}.`);
    refresh();
  };

  return (
    <Stack component="section" aria-labelledby={`${id}-titre`} gap="sm">
      <Title order={2} id={`${id}-titre`}>
        {title}
      </Title>
      {children}
      <div role="status">
        {notice && (
          <Alert color="green" title="Réaffectation faite" withCloseButton closeButtonLabel="Fermer le message" onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} title="La liste n'a pas pu être chargée" onRetry={() => list.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <>
          <Group justify="space-between" gap="sm">
            <Text size="sm" c="gray.8">
              {list.data.count === 1 ? "1 parcours" : `${list.data.count} parcours`}
              {selected.size > 0 ? `, ${selected.size} sélectionné${selected.size > 1 ? "s" : ""}` : ""}
              {list.isFetching ? " — mise à jour…" : ""}
            </Text>
            <Button
              onClick={() => {
                setNotice(null);
                setOpened(true);
              }}
              disabled={selected.size === 0}
            >
              Réaffecter{selected.size > 0 ? ` (${selected.size})` : ""}
            </Button>
          </Group>
          <SelectableParcoursTable
            rows={rows}
            caption={title}
            selected={new Set(selected.keys())}
            onToggle={toggle}
            onToggleAll={toggleAll}
            withStructure={withStructure}
          />
          <Pager label={`Pages : ${title}`} total={total} value={page} onChange={setPage} />
        </>
      )}
      <BulkReassignDialog
        selected={[...selected.values()]}
        opened={opened}
        onClose={() => setOpened(false)}
        onDone={onDone}
        onFailed={refresh}
      />
    </Stack>
  );
}
