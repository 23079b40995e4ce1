// A dashboard section: a title, a chart drawn for the eye, and the same figures in a table
// (« Voir les données ») for screen readers, keyboards and anyone who wants the exact numbers.
import { useId, type ReactNode } from "react";
import { Paper, Stack, Table, Text, Title } from "@mantine/core";

export function ChartSection({
  title,
  description,
  chart,
  table,
  empty,
}: {
  title: string;
  description?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  /** Shown instead of the chart when there is nothing to draw (the table still says so). */
  empty?: string | null;
}) {
  const id = useId();
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
        {empty ? (
          <Text c="gray.8">{empty}</Text>
        ) : (
          // The drawing is one image for assistive technologies; its figures are in the table below.
          <div role="img" aria-label={`${title} : graphique (les chiffres sont dans « Voir les données »)`}>
            {chart}
          </div>
        )}
        <details>
          <summary>Voir les données</summary>
          <Table.ScrollContainer minWidth={320} mt="xs">
            {table}
          </Table.ScrollContainer>
        </details>
      </Stack>
    </Paper>
  );
}

/** A simple table: a caption, column headers, and rows whose first cell heads the row. */
export function FiguresTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: string[];
  rows: { key: string; label: ReactNode; cells: ReactNode[] }[];
}) {
  return (
    <Table striped withTableBorder withColumnBorders captionSide="top">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column, index) => (
            <Table.Th key={index} scope="col">
              {column}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key}>
            <Table.Th scope="row" fw={500}>
              {row.label}
            </Table.Th>
            {row.cells.map((cell, index) => (
              <Table.Td key={index}>{cell}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
