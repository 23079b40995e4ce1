// The parcours page's "VAE": its VAE applications, each followed step by step (a timeline of the
// steps with their dates), its blocs (validated, still missing), the experience accumulated
// against the hours required (a progress bar), and the buttons of its next steps.
import { useId, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Alert, Badge, Button, Group, List, Paper, Progress, Stack, Text, Timeline, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { Parcours, VaeApplication } from "../api/types";
import { formatDate, todayInTimeZone } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { fetchAllPages } from "../shared/paging";
import { TruncatedNotice } from "../shared/ShowMore";
import { buildTransitionButtons, type TransitionButton } from "../parcours/transitions";
import { OPEN_VAE_TITLE, OpenVaeDialog } from "./OpenVaeDialog";
import { TransitionButtonGroup } from "./TransitionButtonGroup";
import { VaeTransitionDialog } from "./VaeTransitionDialog";
import { experienceLabel, isVaeInProgress, trainingKeys, vaeStateColor, vaeStepTitle } from "./trainings";

export function VaeSection({ parcours }: { parcours: Parcours }) {
  const idPrefix = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [opened, setOpened] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const applications = useQuery({
    queryKey: trainingKeys.vaeForParcours(parcours.id),
    queryFn: ({ signal }) =>
      fetchAllPages((page, page_size) =>
        unwrap(
          api.GET("/api/v1/vae-applications/", { params: { query: { parcours: parcours.id, page, page_size } }, signal }),
        ),
      ),
  });
  const announce = (text: string) => {
    setMessage(text);
    window.setTimeout(() => headingRef.current?.focus(), 0);
  };
  const today = todayInTimeZone(parcours.structure.time_zone);
  const canOpen =
    parcours.phase !== "exited" && applications.isSuccess && !applications.data.results.some(isVaeInProgress);

  return (
    <Stack component="section" aria-labelledby={`${idPrefix}-titre`} gap="sm">
      <Group justify="space-between" align="center">
        <Title order={2} id={`${idPrefix}-titre`} ref={headingRef} tabIndex={-1}>
          VAE
        </Title>
        {canOpen && (
          <Button
            variant="light"
            onClick={() => {
              setMessage(null);
              setOpened(true);
            }}
          >
            {OPEN_VAE_TITLE}
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
      {applications.isPending ? (
        <Loading label="Chargement des VAE…" />
      ) : applications.isError ? (
        <ErrorAlert
          error={applications.error}
          title="Les VAE n'ont pas pu être chargées"
          onRetry={() => applications.refetch()}
        />
      ) : applications.data.results.length === 0 ? (
        <EmptyState>Aucune VAE pour ce parcours.</EmptyState>
      ) : (
        <Stack gap="md">
          {applications.data.results.map((application) => (
            <VaeCard key={application.id} application={application} today={today} onDone={announce} />
          ))}
          {!applications.data.complete && (
            <TruncatedNotice shown={applications.data.results.length} total={applications.data.count} noun="VAE" />
          )}
        </Stack>
      )}
      <OpenVaeDialog
        parcoursId={parcours.id}
        opened={opened}
        onClose={() => setOpened(false)}
        onDone={() => {
          setOpened(false);
          announce("VAE ouverte : le projet est enregistré.");
        }}
      />
    </Stack>
  );
}

export function VaeCard({
  application,
  today,
  onDone,
}: {
  application: VaeApplication;
  today: string;
  onDone: (message: string) => void;
}) {
  const idPrefix = useId();
  const [open, setOpen] = useState<TransitionButton | null>(null);
  const buttons = buildTransitionButtons(application.available_transitions);
  const { certification, experience } = application;
  const showMissing =
    application.validated_blocs.length > 0 && application.missing_blocs.length > 0 && application.state !== "validated_full";
  const titleId = `${idPrefix}-titre`;

  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Title order={3} size="h4" id={titleId}>
            VAE {certification.code} — {certification.title}
          </Title>
          <Badge variant="filled" color={vaeStateColor(application.state)}>
            {application.state_label}
          </Badge>
        </Group>
        {application.certifier && <Text size="sm">Certificateur : {application.certifier}</Text>}
        {application.jury_date && <Text size="sm">Date du jury : {formatDate(application.jury_date)}</Text>}
        {application.admissible_by_silence && (
          <Text size="sm">Recevable sans réponse du certificateur dans les 2 mois (le silence vaut acceptation).</Text>
        )}

        <Stack gap={4}>
          <Text size="sm" fw={600} id={`${idPrefix}-experience`}>
            Expérience : {experienceLabel(experience)} ({experience.percent} %)
          </Text>
          <Progress.Root size="lg" radius="sm">
            <Progress.Section
              value={experience.percent}
              color={experience.percent >= 100 ? "teal.9" : "blue.8"}
              aria-labelledby={`${idPrefix}-experience`}
            />
          </Progress.Root>
        </Stack>

        <BlocList title="Blocs validés" blocs={application.validated_blocs} empty="Aucun bloc validé pour l'instant." />
        {showMissing && (
          <BlocList
            title="Blocs manquants"
            blocs={application.missing_blocs}
            empty=""
            hint="À valider par un parcours complémentaire puis un nouveau jury."
          />
        )}

        <Stack gap="xs">
          <Title order={4} size="h5">
            Étapes
          </Title>
          <Timeline active={application.steps.length - 1} bulletSize={18} lineWidth={2} color="grape.8">
            {application.steps.map((step, index) => (
              <Timeline.Item key={index} title={vaeStepTitle(step)}>
                <Text size="sm">{step.effective_date ? formatDate(step.effective_date) : "Date non renseignée"}</Text>
                <Text size="sm" c="gray.8">
                  Par {step.actor ?? "Système"}
                </Text>
                <StepDetails details={step.details} />
                {step.comment && (
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                    {step.comment}
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>

        <TransitionButtonGroup buttons={buttons} onOpen={setOpen} />
      </Stack>
      <VaeTransitionDialog
        application={application}
        transition={open}
        today={today}
        onClose={() => setOpen(null)}
        onDone={(_updated, transition) => {
          setOpen(null);
          onDone(`Étape enregistrée : ${transition.label}.`);
        }}
      />
    </Paper>
  );
}

function numbersOf(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((item): item is number => typeof item === "number") : [];
}

function StepDetails({ details }: { details: Record<string, unknown> }) {
  const validated = numbersOf(details.validated_blocs);
  const carried = numbersOf(details.carried_over_blocs);
  return (
    <>
      {validated.length > 0 && (
        <Text size="sm">Blocs validés : {validated.map((number) => `Bloc ${number}`).join(", ")}</Text>
      )}
      {carried.length > 0 && (
        <Text size="sm">Blocs déjà acquis : {carried.map((number) => `Bloc ${number}`).join(", ")}</Text>
      )}
    </>
  );
}

function BlocList({
  title,
  blocs,
  empty,
  hint,
}: {
  title: string;
  blocs: VaeApplication["validated_blocs"];
  empty: string;
  hint?: string;
}) {
  const idPrefix = useId();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600} id={`${idPrefix}-titre`}>
        {title}
        {blocs.length > 0 ? ` (${blocs.length})` : ""}
      </Text>
      {blocs.length === 0 ? (
        <Text size="sm" c="gray.8">
          {empty}
        </Text>
      ) : (
        <List size="sm" spacing={2} aria-labelledby={`${idPrefix}-titre`}>
          {blocs.map((bloc) => (
            <List.Item key={bloc.number}>
              Bloc {bloc.number} · {bloc.label}
            </List.Item>
          ))}
        </List>
      )}
      {hint && blocs.length > 0 && (
        <Text size="sm" c="gray.8">
          {hint}
        </Text>
      )}
    </Stack>
  );
}
