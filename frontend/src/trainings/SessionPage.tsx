// /sessions/:id: one session for its training body: the applications to decide (accept, refuse
// with a reason), the day's attendance sheet (present, absent, excused; or dropped out), the
// results to enter (passed or failed, and the blocs validated), and the closed enrolments.
import { useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { Alert, Anchor, Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { ApiError } from "../api/errors";
import type { Enrolment, TrainingSession } from "../api/types";
import { formatDate, formatDateTime } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { fetchAllPages } from "../shared/paging";
import { TruncatedNotice } from "../shared/ShowMore";
import { usePageTitle } from "../shared/usePageTitle";
import { AttendanceSection } from "./AttendanceSheet";
import { EnrolmentTransitionButtons } from "./EnrolmentTransitionButtons";
import {
  blocNumbers,
  enrolmentStateColor,
  groupSessionEnrolments,
  personName,
  seatsLabel,
  trainingKeys,
  type SessionSectionKey,
} from "./trainings";

const ID = /^[1-9]\d{0,14}$/;

/** The transitions each section offers (drop is offered until the result is entered). */
const SECTION_TRANSITIONS: Record<SessionSectionKey, readonly string[]> = {
  to_decide: ["accept", "refuse"],
  attendance: ["drop"], // on the attendance sheet (AttendanceSheet.tsx)
  results: ["complete", "drop"],
  closed: [],
};

export function SessionPage() {
  const { id: rawId = "" } = useParams();
  const id = ID.test(rawId) ? Number(rawId) : null;
  if (id === null) return <SessionNotFound />;
  return <SessionView key={id} id={id} />;
}

function SessionNotFound() {
  usePageTitle("Session introuvable");
  return (
    <Stack gap="md">
      <Title order={1}>Session introuvable.</Title>
      <Text>Cette session n'existe pas, ou elle n'appartient pas à votre organisme de formation.</Text>
      <Anchor component={Link} to="/sessions">
        Retour aux sessions
      </Anchor>
    </Stack>
  );
}

function SessionView({ id }: { id: number }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const session = useQuery({
    queryKey: trainingKeys.session(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/training-sessions/{id}/", { params: { path: { id } }, signal })),
  });
  const enrolments = useQuery({
    queryKey: trainingKeys.sessionEnrolments(id),
    queryFn: ({ signal }) =>
      fetchAllPages((page, page_size) =>
        unwrap(api.GET("/api/v1/enrolments/", { params: { query: { session: id, page, page_size } }, signal })),
      ),
    enabled: session.isSuccess,
  });
  usePageTitle(session.data ? `${session.data.training.title} (${formatDate(session.data.start_date)})` : "Session");
  const announce = (text: string) => {
    setMessage(text);
    window.setTimeout(() => headingRef.current?.focus(), 0);
  };

  if (session.isPending) return <Loading />;
  if (session.isError) {
    if (session.error instanceof ApiError && session.error.status === 404) return <SessionNotFound />;
    return (
      <Stack gap="md">
        <Title order={1}>Session</Title>
        <ErrorAlert error={session.error} title="La session n'a pas pu être chargée" onRetry={() => session.refetch()} />
      </Stack>
    );
  }

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Anchor component={Link} to="/sessions" size="sm">
          ← Retour aux sessions
        </Anchor>
        <Title order={1} ref={headingRef} tabIndex={-1}>
          {session.data.training.title}
        </Title>
        <SessionFacts session={session.data} />
      </Stack>
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
        <Loading label="Chargement des inscriptions…" />
      ) : enrolments.isError ? (
        <ErrorAlert
          error={enrolments.error}
          title="Les inscriptions n'ont pas pu être chargées"
          onRetry={() => enrolments.refetch()}
        />
      ) : (
        <>
          {!enrolments.data.complete && (
            <TruncatedNotice shown={enrolments.data.results.length} total={enrolments.data.count} noun="inscriptions" />
          )}
          {groupSessionEnrolments(enrolments.data.results).map((section) =>
            section.key === "attendance" ? (
              <AttendanceSection
                key={section.key}
                session={session.data}
                enrolments={enrolments.data.results}
                onDone={announce}
              />
            ) : (
              <Stack component="section" aria-labelledby={`section-${section.key}`} gap="sm" key={section.key}>
                <Title order={2} id={`section-${section.key}`}>
                  {section.title}
                </Title>
                {section.enrolments.length === 0 ? (
                  <EmptyState>{section.empty}</EmptyState>
                ) : (
                  <Stack gap="md">
                    {section.enrolments.map((enrolment) => (
                      <EnrolmentCard
                        key={enrolment.id}
                        enrolment={enrolment}
                        transitions={SECTION_TRANSITIONS[section.key]}
                        onDone={announce}
                      />
                    ))}
                  </Stack>
                )}
              </Stack>
            ),
          )}
        </>
      )}
    </Stack>
  );
}

function SessionFacts({ session }: { session: TrainingSession }) {
  return (
    <Stack gap={2}>
      <Text>
        Du {formatDate(session.start_date)} au {formatDate(session.end_date)} · {session.place} ·{" "}
        {session.training_body.name}
      </Text>
      <Text fw={600}>
        {seatsLabel(session)} · {session.applied_count}{" "}
        {session.applied_count > 1 ? "candidatures à traiter" : "candidature à traiter"} · {session.attending_count} en
        formation
      </Text>
    </Stack>
  );
}

function EnrolmentCard({
  enrolment,
  transitions,
  onDone,
}: {
  enrolment: Enrolment;
  transitions: readonly string[];
  onDone: (message: string) => void;
}) {
  const titleId = `inscription-${enrolment.id}-titre`;
  const name = personName(enrolment.person);
  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Title order={3} id={titleId} size="h4">
            {name}
          </Title>
          <Badge variant="filled" color={enrolmentStateColor(enrolment.state)}>
            {enrolment.state_label}
          </Badge>
        </Group>
        <Text size="sm" c="gray.8">
          Candidature du {formatDateTime(enrolment.created_at)}
          {enrolment.applied_by ? `, proposée par ${enrolment.applied_by.full_name || enrolment.applied_by.email}` : ""}
        </Text>
        {enrolment.state === "completed" && (
          <Text size="sm">
            Résultat : {enrolment.result_label || "Non renseigné"} · Blocs validés :{" "}
            {blocNumbers(enrolment.validated_blocs) || "aucun"}
          </Text>
        )}
        {enrolment.refusal_reason && <Text size="sm">Motif du refus : {enrolment.refusal_reason}</Text>}
        {transitions.length > 0 && (
          <EnrolmentTransitionButtons enrolment={enrolment} onDone={onDone} only={transitions} />
        )}
      </Stack>
    </Paper>
  );
}
