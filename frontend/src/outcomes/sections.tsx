// The sections of the dashboard of counsellors, managers and analysts: rates against their
// targets, key figures, structures side by side, exits per month, active parcours, the funnel, VAE.
import type { ReactNode } from "react";
import { BarChart } from "@mantine/charts";
import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { ChartSection, FiguresTable } from "./ChartSection";
import {
  CountValue,
  RateFraction,
  RateValue,
  StatValue,
  SUPPRESSED_EXPLANATION,
  SUPPRESSED_TEXT,
  chartPercent,
  chartValue,
  formatPercent,
  monthLabel,
} from "./format";
import type { Count, Figures, OutcomesFunnel, OutcomesSummary, OutcomesTimeseries, OutcomesVae, Rate } from "./types";

const CATEGORY_COLORS: Record<string, string> = {
  emploi_durable: "teal.8",
  emploi_transition: "blue.8",
  sortie_positive: "violet.8",
  autre_sortie: "orange.8",
  retrait: "gray.6",
};
const PALETTE = ["teal.8", "blue.8", "violet.8", "orange.8", "gray.6", "pink.8", "cyan.9", "lime.9"];

function categoryColor(code: string, index: number): string {
  return CATEGORY_COLORS[code] ?? PALETTE[index % PALETTE.length];
}

/** Recharts draws nothing for a masked value (null); no tooltip 0 either. */
const chartCommon = {
  barChartProps: { accessibilityLayer: false },
  tooltipAnimationDuration: 0,
} as const;

export function SuppressionNote() {
  return (
    <Text size="sm" c="gray.8">
      « {SUPPRESSED_TEXT} » : {SUPPRESSED_EXPLANATION} (chiffre masqué pour qu'aucune personne ne soit
      reconnaissable ; un taux calculé sur un chiffre masqué l'est aussi). Quand une seule structure
      a un chiffre masqué, celui de la plus petite autre structure l'est aussi, même s'il dépasse 5,
      pour que le total moins les autres ne le révèle pas.
    </Text>
  );
}

// --- Rates against their targets ----------------------------------------------------------------

function RateCard({
  title,
  testId,
  rate,
  target,
  denominatorLabel,
  bars,
}: {
  title: string;
  testId: string;
  rate: Rate;
  target: number;
  denominatorLabel: string;
  bars: { name: string; rate: Rate }[];
}) {
  const reached = rate.value !== null && !rate.suppressed ? rate.value >= target : null;
  const data = bars.map((bar) => ({ name: bar.name, taux: chartPercent(bar.rate) }));
  return (
    <Paper withBorder p="md" component="article" aria-label={title}>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {title}
        </Title>
        <Group gap="sm" align="baseline">
          <Text fz={36} fw={700} lh={1.1} data-testid={testId}>
            <RateValue rate={rate} />
          </Text>
          {reached !== null && (
            <Badge color={reached ? "teal.9" : "orange.9"} variant="filled">
              {reached ? "Objectif atteint" : "Sous l'objectif"}
            </Badge>
          )}
        </Group>
        {rate.suppressed ? (
          <Text size="sm">Taux masqué : un des effectifs dont il est calculé est inférieur à 5.</Text>
        ) : (
          <Text size="sm">
            <span data-testid={`${testId}-fraction`}>
              <RateFraction rate={rate} />
            </span>{" "}
            {denominatorLabel}
          </Text>
        )}
        <Text size="sm">Objectif : {formatPercent(target)}</Text>
        <div role="img" aria-label={`${title} comparé à l'objectif de ${formatPercent(target)} : graphique`}>
          <BarChart
            h={Math.max(120, 60 + 40 * data.length)}
            data={data}
            dataKey="name"
            orientation="vertical"
            series={[{ name: "taux", label: "Taux", color: "blue.8" }]}
            yAxisProps={{ width: 120 }}
            xAxisProps={{ domain: [0, 100], tickFormatter: (value: number) => `${value} %` }}
            referenceLines={[{ x: target * 100, color: "red.9", label: `Objectif ${formatPercent(target)}` }]}
            withTooltip={false}
            {...chartCommon}
          />
        </div>
      </Stack>
    </Paper>
  );
}

export function RatesSection({ summary, perStructure }: { summary: OutcomesSummary; perStructure: boolean }) {
  const rows = (pick: (figures: Figures) => Rate) => [
    ...(perStructure ? summary.structures.map((s) => ({ name: s.name, rate: pick(s.figures) })) : []),
    { name: perStructure ? "Total" : "Ensemble", rate: pick(summary.total) },
  ];
  return (
    <section aria-labelledby="taux-titre">
      <Title order={2} size="h3" id="taux-titre" mb="sm">
        Taux de sortie et objectifs
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <RateCard
          title="Taux de sorties dynamiques"
          testId="dynamic-rate"
          rate={summary.total.dynamic_exit_rate}
          target={summary.targets.dynamic_exit_rate}
          denominatorLabel="sorties dynamiques sur les sorties constatées"
          bars={rows((figures) => figures.dynamic_exit_rate)}
        />
        <RateCard
          title="Taux d'emploi durable"
          testId="durable-rate"
          rate={summary.total.durable_employment_rate}
          target={summary.targets.durable_employment_rate}
          denominatorLabel="sorties en emploi durable sur les sorties constatées"
          bars={rows((figures) => figures.durable_employment_rate)}
        />
      </SimpleGrid>
    </section>
  );
}

// --- Key figures --------------------------------------------------------------------------------

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="sm" c="gray.8">
        {label}
      </Text>
      <Text fz={28} fw={700} data-testid={testId}>
        {children}
      </Text>
    </Paper>
  );
}

export function KeyFigures({ figures }: { figures: Figures }) {
  return (
    <section aria-labelledby="chiffres-titre">
      <Title order={2} size="h3" id="chiffres-titre" mb="sm">
        Chiffres clés de la période
      </Title>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <Stat label="Entrées" testId="entries">
          <CountValue count={figures.entries} />
        </Stat>
        <Stat label="Sorties constatées" testId="counted-exits">
          <CountValue count={figures.counted_exits} />
        </Stat>
        <Stat label="Durée moyenne des parcours sortis" testId="mean-length">
          <StatValue stat={figures.length_days.mean} />
        </Stat>
        <Stat label="Durée médiane des parcours sortis" testId="median-length">
          <StatValue stat={figures.length_days.median} />
        </Stat>
      </SimpleGrid>
      <Text size="xs" c="gray.8" mt="xs">
        Durées en jours (j), de l'entrée à la sortie, pour les parcours sortis dans la période.
      </Text>
    </section>
  );
}

// --- Structures side by side (analysts, managers of several structures) -------------------------

export function StructuresTable({ summary }: { summary: OutcomesSummary }) {
  const columns = [...summary.structures.map((s) => s.name), "Total"];
  const all = [...summary.structures.map((s) => s.figures), summary.total];
  const countRow = (key: string, label: string, pick: (f: Figures) => Count | undefined) => ({
    key,
    label,
    cells: all.map((f, i) => <CountValue key={i} count={pick(f)} />),
  });
  const rateRow = (key: string, label: string, pick: (f: Figures) => Rate) => ({
    key,
    label,
    cells: all.map((f, i) => <RateValue key={i} rate={pick(f)} />),
  });
  const categories = summary.total.exits_by_category;
  const phases = summary.total.active_by_phase;
  const rows = [
    countRow("entries", "Entrées", (f) => f.entries),
    countRow("counted", "Sorties constatées", (f) => f.counted_exits),
    ...categories.map((c) =>
      countRow(`exit-${c.code}`, `Sorties : ${c.label}`, (f) => f.exits_by_category.find((x) => x.code === c.code)?.count),
    ),
    rateRow("dynamic", "Taux de sorties dynamiques", (f) => f.dynamic_exit_rate),
    rateRow("durable", "Taux d'emploi durable", (f) => f.durable_employment_rate),
    ...phases.map((p) =>
      countRow(`phase-${p.phase}`, `Parcours actifs : ${p.label}`, (f) => f.active_by_phase.find((x) => x.phase === p.phase)?.count),
    ),
    {
      key: "mean",
      label: "Durée moyenne (jours)",
      cells: all.map((f, i) => <StatValue key={i} stat={f.length_days.mean} />),
    },
    {
      key: "median",
      label: "Durée médiane (jours)",
      cells: all.map((f, i) => <StatValue key={i} stat={f.length_days.median} />),
    },
  ];
  return (
    <Paper component="section" withBorder p="md" aria-labelledby="structures-titre">
      <Stack gap="sm">
        <Title order={2} size="h3" id="structures-titre">
          Structures côte à côte
        </Title>
        <Table.ScrollContainer minWidth={480}>
          <FiguresTable caption="Chiffres par structure et au total" columns={["Indicateur", ...columns]} rows={rows} />
        </Table.ScrollContainer>
        <SuppressionNote />
      </Stack>
    </Paper>
  );
}

// --- Exits per month, stacked by category -------------------------------------------------------

export function ExitsByMonthSection({ timeseries, summary }: { timeseries: OutcomesTimeseries; summary: OutcomesSummary }) {
  const labels = new Map(summary.total.exits_by_category.map((c) => [c.code, c.label]));
  const codes = summary.total.exits_by_category.map((c) => c.code);
  for (const month of timeseries.months) for (const e of month.exits) if (!codes.includes(e.code)) codes.push(e.code);
  const data = timeseries.months.map((month) => {
    const row: Record<string, string | number | null> = { mois: monthLabel(month.month) };
    for (const code of codes) row[code] = chartValue(month.exits.find((e) => e.code === code)?.count);
    return row;
  });
  const nothing = timeseries.months.every((m) => m.exits.every((e) => !e.count.suppressed && !e.count.value));
  return (
    <ChartSection
      title="Sorties par mois et par catégorie"
      description="Chaque barre empile les sorties du mois selon leur catégorie."
      empty={nothing ? "Aucune sortie dans la période." : null}
      chart={
        <BarChart
          h={300}
          data={data}
          dataKey="mois"
          type="stacked"
          yAxisProps={{ allowDecimals: false }}
          series={codes.map((code, i) => ({ name: code, label: labels.get(code) ?? code, color: categoryColor(code, i) }))}
          withLegend
          legendProps={{ verticalAlign: "bottom" }}
          {...chartCommon}
        />
      }
      table={
        <FiguresTable
          caption="Sorties par mois et par catégorie"
          columns={["Mois", ...codes.map((code) => labels.get(code) ?? code), "Entrées"]}
          rows={timeseries.months.map((month) => ({
            key: month.month,
            label: monthLabel(month.month),
            cells: [
              ...codes.map((code) => <CountValue key={code} count={month.exits.find((e) => e.code === code)?.count} />),
              <CountValue key="entries" count={month.entries} />,
            ],
          }))}
        />
      }
    />
  );
}

// --- Active parcours per phase ------------------------------------------------------------------

export function ActiveByPhaseSection({ figures, to }: { figures: Figures; to: string }) {
  const data = figures.active_by_phase.map((p) => ({ phase: p.label, parcours: chartValue(p.count) }));
  return (
    <ChartSection
      title="Parcours actifs par phase"
      description={`Parcours ouverts à la fin de la période (${to.split("-").reverse().join("/")}).`}
      chart={
        <BarChart
          h={260}
          data={data}
          dataKey="phase"
          yAxisProps={{ allowDecimals: false }}
          series={[{ name: "parcours", label: "Parcours actifs", color: "blue.8" }]}
          {...chartCommon}
        />
      }
      table={
        <FiguresTable
          caption="Parcours actifs par phase"
          columns={["Phase", "Parcours actifs"]}
          rows={figures.active_by_phase.map((p) => ({ key: p.phase, label: p.label, cells: [<CountValue key="c" count={p.count} />] }))}
        />
      }
    />
  );
}

// --- The programme funnel -----------------------------------------------------------------------

export function FunnelSection({ funnel }: { funnel: OutcomesFunnel }) {
  const steps = [
    { key: "entered", label: "Entrées", count: funnel.entered },
    ...funnel.phases.map((p) => ({ key: `phase-${p.phase}`, label: p.label, count: p.count })),
    { key: "exited", label: "Sorties", count: funnel.exited },
    { key: "durable", label: "Emploi durable", count: funnel.durable_employment },
  ];
  return (
    <ChartSection
      title="Entonnoir du programme"
      description="Parcours entrés dans la période, puis combien sont passés par chaque phase, sortis, et sortis en emploi durable."
      chart={
        <BarChart
          h={Math.max(220, 40 * steps.length)}
          data={steps.map((s) => ({ étape: s.label, parcours: chartValue(s.count) }))}
          dataKey="étape"
          orientation="vertical"
          yAxisProps={{ width: 150 }}
          xAxisProps={{ allowDecimals: false }}
          series={[{ name: "parcours", label: "Parcours", color: "teal.8" }]}
          {...chartCommon}
        />
      }
      table={
        <FiguresTable
          caption="Entonnoir du programme"
          columns={["Étape", "Parcours"]}
          rows={steps.map((s) => ({ key: s.key, label: s.label, cells: [<CountValue key="c" count={s.count} />] }))}
        />
      }
    />
  );
}

// --- VAE ----------------------------------------------------------------------------------------

export function VaeOutcomesSection({ vae }: { vae: OutcomesVae }) {
  return (
    <ChartSection
      title="VAE : demandes par état"
      description={
        <>
          <CountValue count={vae.applications} /> demande(s) de VAE ; validation totale :{" "}
          <CountValue count={vae.validated_full} />, validation partielle : <CountValue count={vae.validated_partial} />.
        </>
      }
      empty={vae.by_state.length === 0 ? "Aucune demande de VAE dans la période." : null}
      chart={
        <BarChart
          h={240}
          data={vae.by_state.map((s) => ({ état: s.label, demandes: chartValue(s.count) }))}
          dataKey="état"
          yAxisProps={{ allowDecimals: false }}
          series={[{ name: "demandes", label: "Demandes", color: "grape.8" }]}
          {...chartCommon}
        />
      }
      table={
        <FiguresTable
          caption="Demandes de VAE par état"
          columns={["État", "Demandes"]}
          rows={vae.by_state.map((s) => ({ key: s.state, label: s.label, cells: [<CountValue key="c" count={s.count} />] }))}
        />
      }
    />
  );
}
