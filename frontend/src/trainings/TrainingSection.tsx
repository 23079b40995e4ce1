// The parcours page's "Formation": this parcours' enrolments (session, state, result, blocs),
// the staff's own actions on them (drop), and the enrolment in a current session.
import { useId, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { Enrolment, Parcours } from "../api/types";
import { formatDate } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { fetchAllPages } from "../shared/paging";
import { TruncatedNotice } from "../shared/ShowMore";
import { ENROL_TITLE, EnrolDialog } from "./EnrolDialog";
import { EnrolmentTransitionButtons } from "./EnrolmentTransitionButtons";
import { blocNumbers, enrolledSessionIds, enrolmentStateColor, trainingKeys } from "./trainings";

export function useParcoursEnrolments(parcoursId: number) {
  return useQuery({
    queryKey: trainingKeys.enrolmentsForParcours(parcoursId),
    queryFn: ({ signal }) =>
      fetchAllPages((page, page_size) =>
        unwrap(api.GET("/api/v1/enrolments/", { params: { query: { parcours: parcoursId, page, page_size } }, signal })),
      ),
  });
}

export function TrainingSection({ parcours }: { parcours: Parcours }) {
  const idPrefix = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [opened, setOpened] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const enrolments = useParcoursEnrolments(parcours.id);
  const announce = (text: string) => {
    setMessage(text);
    window.setTimeout(() => headingRef.current?.focus(), 0);
  };

  return (
    <Stack component="section" aria-labelledby={`${idPrefix}-titre`} gap="sm">
      <Group justify="space-between" align="center">
        <Title order={2} id={`${idPrefix}-titre`} ref={headingRef} tabIndex={-1}>
          Formation
        </Title>
        {parcours.phase !== "exited" && (
          <Button
            variant="light"
            onClick={() => {
              setMessage(null);
              setOpened(true);
            }}
          >
            {ENROL_TITLE}
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
      {enrolments.isPending ? (
        <Loading label="Chargement des inscriptions en formation…" />
      ) : enrolments.isError ? (
        <ErrorAlert
          error={enrolments.error}
          title="Les inscriptions en formation n'ont pas pu être chargées"
          onRetry={() => enrolments.refetch()}
        />
      ) : enrolments.data.results.length === 0 ? (
        <EmptyState>Aucune inscription en formation pour ce parcours.</EmptyState>
      ) : (
        <>
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
            {enrolments.data.results.map((enrolment) => (
              <Paper component="li" withBorder p="md" key={enrolment.id}>
                <EnrolmentSummary enrolment={enrolment} />
                <EnrolmentTransitionButtons enrolment={enrolment} onDone={announce} onlyOwn />
              </Paper>
            ))}
          </Stack>
          {!enrolments.data.complete && (
            <TruncatedNotice shown={enrolments.data.results.length} total={enrolments.data.count} noun="inscriptions" />
          )}
        </>
      )}
      <EnrolDialog
        parcoursId={parcours.id}
        enrolledSessions={enrolledSessionIds(enrolments.data?.results ?? [])}
        opened={opened}
        onClose={() => setOpened(false)}
        onDone={() => {
          setOpened(false);
          announce("Inscription enregistrée : la candidature est transmise à l'organisme de formation.");
        }}
      />
    </Stack>
  );
}

export function EnrolmentSummary({ enrolment }: { enrolment: Enrolment }) {
  const { session } = enrolment;
  return (
    <Stack gap="xs" mb="xs">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Text fw={600}>
          {session.training.title} — {session.training_body.name}
        </Text>
        <Badge variant="filled" color={enrolmentStateColor(enrolment.state)}>
          {enrolment.state_label}
        </Badge>
      </Group>
      <Text size="sm">
        Du {formatDate(session.start_date)} au {formatDate(session.end_date)} · {session.place}
      </Text>
      {enrolment.state === "completed" && (
        <Text size="sm">
          Résultat : {enrolment.result_label || "Non renseigné"}
          {" · "}
          Blocs validés : {blocNumbers(enrolment.validated_blocs) || "aucun"}
        </Text>
      )}
      {enrolment.state !== "completed" && enrolment.validated_blocs.length > 0 && (
        <Text size="sm">Blocs validés : {blocNumbers(enrolment.validated_blocs)}</Text>
      )}
      {enrolment.refusal_reason && <Text size="sm">Motif du refus : {enrolment.refusal_reason}</Text>}
    </Stack>
  );
}
