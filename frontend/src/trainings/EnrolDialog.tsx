// "Inscrire à une session": the current sessions, each with its seats (places restantes /
// capacité, "Complet" when full); POST /enrolments/ {parcours, session, comment}.
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Button, Group, Radio, Stack, Text, Textarea } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { toProblem } from "../api/errors";
import { AppModal } from "../shared/AppModal";
import { formatDate } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { ProblemAlert } from "../placements/ProblemAlert";
import { isFull, seatsLabel, trainingKeys } from "./trainings";
import { useTrainingsChanged } from "./useTrainingsChanged";

export const ENROL_TITLE = "Inscrire à une session";

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

export function useCurrentSessions() {
  return useQuery({
    queryKey: trainingKeys.currentSessions,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/training-sessions/", { params: { query: { current: true, page_size: 100 } }, signal })),
  });
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
  const [session, setSession] = useState<string>("");
  const [comment, setComment] = useState("");
  const sessions = useCurrentSessions();
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
        {sessions.isPending ? (
          <Loading label="Chargement des sessions…" />
        ) : sessions.isError ? (
          <ErrorAlert
            error={sessions.error}
            title="Les sessions n'ont pas pu être chargées"
            onRetry={() => sessions.refetch()}
          />
        ) : sessions.data.results.length === 0 ? (
          <EmptyState>Aucune session de formation à venir ou en cours.</EmptyState>
        ) : (
          <Radio.Group
            label="Session"
            withAsterisk
            value={session}
            onChange={setSession}
            error={fieldError("session")}
          >
            <Stack gap="sm" mt="xs">
              {sessions.data.results.map((item) => {
                const already = enrolledSessions.has(item.id);
                const full = isFull(item);
                return (
                  <Radio
                    key={item.id}
                    value={String(item.id)}
                    disabled={full || already}
                    label={`${item.training.title} — ${item.training_body.name}`}
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
