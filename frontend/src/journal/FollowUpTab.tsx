// "Suivi": a fast form to log an interview (kind, date-time in the structure's zone, duration,
// factual note with the CNIL reminder), and the follow-ups below it, newest first, page by page.
import { useId, useState, type FormEvent } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { FollowUp, FollowUpKind, Parcours } from "../api/types";
import { formatDateTime } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { loadedItems, nextPage } from "../shared/paging";
import { ShowMore } from "../shared/ShowMore";
import { DateField, NoteField } from "./fields";
import {
  DEFAULT_DURATION_MINUTES,
  FOLLOW_UP_KINDS,
  JOURNAL_PAGE_SIZE,
  formatDuration,
  journalKeys,
  nowInTimeZone,
  userName,
} from "./journal";
import { JournalFormEnd, useJournalWrite } from "./JournalForm";
import { StatusMessage, writtenEntry } from "./shared";

export function useFollowUps(parcoursId: number) {
  return useInfiniteQuery({
    queryKey: journalKeys.followUps(parcoursId),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/follow-ups/", {
          params: { query: { parcours: parcoursId, page: pageParam, page_size: JOURNAL_PAGE_SIZE } },
          signal,
        }),
      ),
    initialPageParam: 1,
    getNextPageParam: nextPage,
  });
}

export function FollowUpTab({ parcours }: { parcours: Parcours }) {
  const idPrefix = useId();
  const [message, setMessage] = useState<string | null>(null);
  const followUps = useFollowUps(parcours.id);
  const items = loadedItems(followUps.data?.pages);
  const count = followUps.data?.pages.at(-1)?.count ?? 0;

  return (
    <Stack gap="lg">
      <FollowUpForm parcours={parcours} onDone={setMessage} onEdit={() => setMessage(null)} />
      <StatusMessage message={message} />
      <Stack component="section" aria-labelledby={`${idPrefix}-liste`} gap="sm">
        <Title order={3} size="h4" id={`${idPrefix}-liste`}>
          Suivis enregistrés
        </Title>
        {followUps.isPending ? (
          <Loading label="Chargement des suivis…" />
        ) : followUps.isError && items.length === 0 ? (
          <ErrorAlert
            error={followUps.error}
            title="Les suivis n'ont pas pu être chargés"
            onRetry={() => followUps.refetch()}
          />
        ) : items.length === 0 ? (
          <EmptyState>Aucun suivi enregistré pour ce parcours.</EmptyState>
        ) : (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }} aria-labelledby={`${idPrefix}-liste`}>
            {items.map((item) => (
              <FollowUpItem key={item.id} followUp={item} />
            ))}
          </Stack>
        )}
        {followUps.isFetchNextPageError && (
          <ErrorAlert
            error={followUps.error}
            title="La suite de la liste n'a pas pu être chargée"
            onRetry={() => followUps.fetchNextPage()}
          />
        )}
        {items.length > 0 && (
          <ShowMore
            shown={items.length}
            total={count}
            hasMore={followUps.hasNextPage && !followUps.isFetchNextPageError}
            loading={followUps.isFetchingNextPage}
            onMore={() => followUps.fetchNextPage()}
            label="Voir plus de suivis"
          />
        )}
      </Stack>
    </Stack>
  );
}

function FollowUpItem({ followUp }: { followUp: FollowUp }) {
  return (
    <Paper component="li" withBorder p="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Text fw={600}>{followUp.kind_label}</Text>
        <Text size="sm">
          {formatDateTime(followUp.occurred_at)} · {formatDuration(followUp.duration_minutes)}
        </Text>
      </Group>
      <Text size="sm" c="gray.8">
        Par {userName(followUp.created_by) || "inconnu"}
      </Text>
      {followUp.note ? (
        <Text size="sm" mt="xs" style={{ whiteSpace: "pre-wrap" }}>
          {followUp.note}
        </Text>
      ) : (
        <Text size="sm" mt="xs" c="gray.8">
          Pas de note.
        </Text>
      )}
    </Paper>
  );
}

interface FollowUpFormValues {
  kind: FollowUpKind;
  occurredAt: string;
  /** False while the date-time is the default: "now" is then the moment it is saved. */
  occurredAtChanged: boolean;
  duration: string;
  note: string;
}

function initialValues(timeZone: string | undefined): FollowUpFormValues {
  return {
    kind: "interview",
    occurredAt: nowInTimeZone(timeZone),
    occurredAtChanged: false,
    duration: String(DEFAULT_DURATION_MINUTES),
    note: "",
  };
}

function FollowUpForm({
  parcours,
  onDone,
  onEdit,
}: {
  parcours: Parcours;
  onDone: (message: string) => void;
  onEdit: () => void;
}) {
  const idPrefix = useId();
  const timeZone = parcours.structure.time_zone;
  const [values, setValues] = useState<FollowUpFormValues>(() => initialValues(timeZone));
  const set = <K extends keyof FollowUpFormValues>(key: K, value: FollowUpFormValues[K]) => {
    onEdit();
    setValues((current) => ({ ...current, [key]: value }));
  };
  const { save, problem, fieldError } = useJournalWrite(
    (form: FollowUpFormValues) =>
      writtenEntry<FollowUp>(
        api.POST("/api/v1/follow-ups/", {
          body: {
            parcours: parcours.id,
            kind: form.kind,
            occurred_at: form.occurredAtChanged ? form.occurredAt : nowInTimeZone(timeZone, new Date(), true),
            duration_minutes: Number(form.duration),
            note: form.note.trim(),
          },
        }),
      ),
    (created) => {
      setValues(initialValues(timeZone));
      onDone(`Suivi enregistré : ${created.kind_label} du ${formatDateTime(created.occurred_at)}.`);
    },
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(values);
  };

  return (
    <Paper component="form" withBorder p="md" onSubmit={onSubmit} noValidate aria-labelledby={`${idPrefix}-titre`}>
      <Stack gap="md">
        <Title order={3} size="h4" id={`${idPrefix}-titre`}>
          Noter un suivi
        </Title>
        <Group grow align="flex-start" gap="md" wrap="wrap">
          <NativeSelect
            label="Type"
            data={FOLLOW_UP_KINDS}
            value={values.kind}
            onChange={(event) => set("kind", event.currentTarget.value as FollowUpKind)}
            error={fieldError("kind")}
          />
          <DateField
            type="datetime-local"
            label="Date et heure"
            value={values.occurredAt}
            onChange={(occurredAt) => {
              set("occurredAt", occurredAt);
              set("occurredAtChanged", true);
            }}
            error={fieldError("occurred_at")}
          />
          <TextInput
            type="number"
            label="Durée (minutes)"
            withAsterisk
            min={1}
            max={720}
            step={5}
            value={values.duration}
            onChange={(event) => set("duration", event.currentTarget.value)}
            error={fieldError("duration_minutes")}
          />
        </Group>
        <NoteField value={values.note} onChange={(note) => set("note", note)} error={fieldError("note")} />
        <JournalFormEnd
          problem={problem}
          shownFields={["kind", "occurred_at", "duration_minutes", "note"]}
          problemTitle="Le suivi n'a pas été enregistré"
          submitLabel="Enregistrer le suivi"
          pending={save.isPending}
        />
      </Stack>
    </Paper>
  );
}
