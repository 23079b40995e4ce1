// The small dashboards of employer contacts (their establishment's placements) and trainers
// (the enrolments in their sessions): a few figures for the period, as plain text.
import type { ReactNode } from "react";
import { Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { CountValue, RateFraction, RateValue, StatValue, formatInteger } from "./format";
import { QueryContent } from "./QueryContent";
import { useOutcomes } from "./queries";
import type { OutcomesQuery } from "./types";

function Figure({ label, children, testId, detail }: { label: string; children: ReactNode; testId: string; detail?: ReactNode }) {
  return (
    <Paper withBorder p="md" component="li">
      <Text size="sm" c="gray.8">
        {label}
      </Text>
      <Text fz={28} fw={700} data-testid={testId}>
        {children}
      </Text>
      {detail && <Text size="sm">{detail}</Text>}
    </Paper>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </section>
  );
}

const GRID = { base: 1, xs: 2, md: 3 } as const;
const LIST = { p: 0, m: 0, style: { listStyle: "none" } } as const;

export function PlacementsDashboard({ query }: { query: OutcomesQuery }) {
  const placements = useOutcomes("placements", query);
  return (
    <Section id="mes-titre" title="Mises en situation de votre établissement">
      <QueryContent query={placements} errorTitle="Les chiffres des mises en situation sont indisponibles">
        {(data) => (
          <SimpleGrid cols={GRID} spacing="md" component="ul" {...LIST}>
            <Figure label="Propositions reçues" testId="placements-proposed">
              <CountValue count={data.proposed} />
            </Figure>
            <Figure label="Confirmées" testId="placements-confirmed">
              <CountValue count={data.confirmed} />
            </Figure>
            <Figure label="Déclinées" testId="placements-declined">
              <CountValue count={data.declined} />
            </Figure>
            <Figure
              label="Taux de confirmation"
              testId="placements-rate"
              detail={
                !data.confirmation_rate.suppressed && (
                  <>
                    <RateFraction rate={data.confirmation_rate} /> propositions auxquelles vous avez répondu
                  </>
                )
              }
            >
              <RateValue rate={data.confirmation_rate} />
            </Figure>
            <Figure label="Délai médian de réponse" testId="placements-median">
              <StatValue stat={data.median_answer_days} format={(days) => `${formatInteger(days)} jour${days >= 2 ? "s" : ""}`} />
            </Figure>
          </SimpleGrid>
        )}
      </QueryContent>
    </Section>
  );
}

export function TrainingsDashboard({ query }: { query: OutcomesQuery }) {
  const trainings = useOutcomes("trainings", query);
  return (
    <Section id="formations-titre" title="Inscriptions à vos sessions de formation">
      <QueryContent query={trainings} errorTitle="Les chiffres des formations sont indisponibles">
        {(data) => (
          <SimpleGrid cols={GRID} spacing="md" component="ul" {...LIST}>
            <Figure label="Inscriptions" testId="trainings-enrolments">
              <CountValue count={data.enrolments} />
            </Figure>
            <Figure label="Formations terminées" testId="trainings-completed">
              <CountValue count={data.completed} />
            </Figure>
            <Figure label="Certifications obtenues" testId="trainings-passed">
              <CountValue count={data.passed} />
            </Figure>
            <Figure label="Abandons" testId="trainings-dropped">
              <CountValue count={data.dropped} />
            </Figure>
            <Figure
              label="Taux d'achèvement"
              testId="trainings-rate"
              detail={
                !data.completion_rate.suppressed && (
                  <>
                    <RateFraction rate={data.completion_rate} /> inscriptions menées à leur terme
                  </>
                )
              }
            >
              <RateValue rate={data.completion_rate} />
            </Figure>
          </SimpleGrid>
        )}
      </QueryContent>
    </Section>
  );
}
