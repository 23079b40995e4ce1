// "Inscrire à une session": the current sessions of the network, searched (debounced) and read
// page by page ("Voir plus"), each with its seats (places restantes / capacité, "Complet" and
// disabled when full, "Déjà inscrit·e" when the parcours is already enrolled);
// POST /enrolments/ {parcours, session, comment}.
import { useState, type FormEvent } from "react";
import { keepPreviousData, useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { Button, Group, Radio, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { api, unwrap } from "../api/client";
import { toProblem } from "../api/errors";
import type { TrainingSession } from "../api/types";
import { AppModal } from "../shared/AppModal";
import { formatDate } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { loadedItems, nextPage } from "../shared/paging";
import { ShowMore } from "../shared/ShowMore";
import { ProblemAlert } from "../placements/ProblemAlert";
import { isFull, seatsLabel, trainingKeys } from "./trainings";
import { useTrainingsChanged } from "./useTrainingsChanged";

export const ENROL_TITLE = "Inscrire à une session";

/** The pause after typing before the search is sent (ms). */
const SEARCH_DELAY = 300;

export function EnrolDialog({
  parcoursId,
  enrolledSessions,
  opened,
  onClose,
  onDone,
}: {
  parcoursId: number;
  /** Sessions the parcours is already enrolled in (not offered again). */
  enrolledSessions: ReadonlySet<number>;
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title={ENROL_TITLE}>
      {opened && (
        <EnrolForm parcoursId={parcoursId} enrolledSessions={enrolledSessions} onCancel={onClose} onDone={onDone} />
      )}
    </AppModal>
  );
}

/** Current sessions per page of the dialog. */
export const ENROL_PAGE_SIZE = 20;

/** The current sessions of the network matching a search (training title, place, training body),
 * soonest first, page by page. */
export function useCurrentSessions(search: string) {
  const term = search.trim();
  return useInfiniteQuery({
    queryKey: [...trainingKeys.currentSessions, term],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/training-sessions/", {
          params: {
            query: { current: true, page: pageParam, page_size: ENROL_PAGE_SIZE, ...(term ? { search: term } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: 1,
    getNextPageParam: nextPage,
    placeholderData: keepPreviousData,
  });
}

function sessionLabel(item: Pick<TrainingSession, "training" | "training_body">): string {
  return `${item.training.title} — ${item.training_body.name}`;
}

function EnrolForm({
  parcoursId,
  enrolledSessions,
  onCancel,
  onDone,
}: {
  parcoursId: number;
  enrolledSessions: ReadonlySet<number>;
  onCancel: () => void;
  onDone: () => void;
}) {
  const [chosen, setChosen] = useState<TrainingSession | null>(null);
  const [comment, setComment] = useState("");
  const [search, setSearch] = useState("");
  const [debouncedSearch] = useDebouncedValue(search, SEARCH_DELAY);
  const sessions = useCurrentSessions(debouncedSearch);
  const items = loadedItems(sessions.data?.pages);
  const count = sessions.data?.pages.at(-1)?.count ?? 0;
  const session = chosen ? String(chosen.id) : "";
  const changed = useTrainingsChanged();

  const enrol = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/enrolments/", {
          // An unchosen session is left out: the server says it is required, under the field.
          body: { parcours: parcoursId, comment, ...(session ? { session: Number(session) } : {}) } as {
            parcours: number;
            session: number;
            comment: string;
          },
        }),
      ),
    onSuccess: () => {
      changed(parcoursId);
      onDone();
    },
  });
  const problem = enrol.error ? toProblem(enrol.error) : null;
  const fieldError = (field: string) => problem?.fieldErrors[field]?.join(" ") || undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    enrol.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <TextInput
          type="search"
          label="Rechercher une session"
          description="Intitulé de la formation, lieu ou organisme de formation"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
        />
        {chosen && !items.some((item) => item.id === chosen.id) && (
          <Text size="sm">
            Session choisie : {sessionLabel(chosen)}, du {formatDate(chosen.start_date)} au {formatDate(chosen.end_date)}
          </Text>
        )}
        {sessions.isPending ? (
          <Loading label="Chargement des sessions…" />
        ) : sessions.isError && items.length === 0 ? (
          <ErrorAlert
            error={sessions.error}
            title="Les sessions n'ont pas pu être chargées"
            onRetry={() => sessions.refetch()}
          />
        ) : items.length === 0 ? (
          <EmptyState>
            {debouncedSearch.trim()
              ? `Aucune session à venir ou en cours ne correspond à « ${debouncedSearch.trim()} ».`
              : "Aucune session de formation à venir ou en cours."}
          </EmptyState>
        ) : (
          <Radio.Group
            label="Session"
            withAsterisk
            value={session}
            onChange={(value) => setChosen(items.find((item) => String(item.id) === value) ?? null)}
            error={fieldError("session")}
            aria-busy={sessions.isFetching && !sessions.isFetchingNextPage}
          >
            <Stack gap="sm" mt="xs">
              {items.map((item) => {
                const already = enrolledSessions.has(item.id);
                const full = isFull(item);
                return (
                  <Radio
                    key={item.id}
                    value={String(item.id)}
                    disabled={full || already}
                    label={sessionLabel(item)}
                    description={
                      <>
                        Du {formatDate(item.start_date)} au {formatDate(item.end_date)} · {item.place}
                        <br />
                        <Text span size="sm" fw={600} c={full ? "red.9" : "gray.9"}>
                          {seatsLabel(item)}
                        </Text>
                        {already && (
                          <Text span size="sm">
                            {" "}
                            · Déjà inscrit·e
                          </Text>
                        )}
                      </>
                    }
                  />
                );
              })}
            </Stack>
          </Radio.Group>
        )}
        {sessions.isFetchNextPageError && (
          <ErrorAlert
            error={sessions.error}
            title="La suite de la liste n'a pas pu être chargée"
            onRetry={() => sessions.fetchNextPage()}
          />
        )}
        {items.length > 0 && (
          <ShowMore
            shown={items.length}
            total={count}
            hasMore={sessions.hasNextPage && !sessions.isFetchNextPageError}
            loading={sessions.isFetchingNextPage}
            onMore={() => sessions.fetchNextPage()}
            label="Voir plus de sessions"
          />
        )}
        <Textarea
          label="Commentaire"
          autosize
          minRows={2}
          maxRows={6}
          maxLength={2000}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          error={fieldError("comment")}
        />
        <ProblemAlert
          problem={problem}
          shownFields={["session", "comment"]}
          title={problem?.status === 409 ? "Inscription impossible" : "L'inscription n'a pas été enregistrée"}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={enrol.isPending}>
            Annuler
          </Button>
          <Button type="submit" loading={enrol.isPending}>
            Inscrire
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
