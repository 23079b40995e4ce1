// The import's report: the totals, the rows (what each line does) and, if any, the errors.
import { Alert, Box, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { phaseLabel } from "../parcours/phases";
import { plural } from "../shared/plural";
import { PARCOURS_ACTION_LABELS, PERSON_ACTION_LABELS, type ImportReport } from "./imports";

export function errorCountMessage(count: number): string {
  return `Le fichier contient ${plural(count, "erreur", "erreurs")} : rien n'a été importé.`;
}

export function ImportReportView({ report }: { report: ImportReport }) {
  const { summary } = report;
  const future = report.dry_run && !report.committed;
  const totals = [
    { label: future ? "Personnes à créer" : "Personnes créées", value: summary.persons_created },
    { label: future ? "Personnes à mettre à jour" : "Personnes mises à jour", value: summary.persons_updated },
    { label: "Personnes inchangées", value: summary.persons_unchanged },
    { label: future ? "Parcours à créer" : "Parcours créés", value: summary.parcours_created },
    { label: "Parcours déjà présents", value: summary.parcours_unchanged },
  ];
  return (
    <Stack gap="md">
      {report.errors.length > 0 && (
        <Alert color="red" title={errorCountMessage(report.errors.length)}>
          <Text size="sm">Corrigez les lignes signalées dans le tableau des erreurs, puis vérifiez le fichier à nouveau.</Text>
        </Alert>
      )}
      <section aria-labelledby="rapport-totaux">
        <Title order={3} size="h4" id="rapport-totaux" mb="xs">
          {future ? "Ce que l'import ferait" : "Ce que l'import a fait"} ({plural(report.total_rows, "ligne", "lignes")})
        </Title>
        <SimpleGrid component="dl" cols={{ base: 2, sm: 5 }} spacing="sm" m={0}>
          {totals.map((total) => (
            <div key={total.label}>
              <Text component="dt" size="sm" c="gray.7">
                {total.label}
              </Text>
              <Text component="dd" m={0} fw={700} fz="lg">
                {total.value}
              </Text>
            </div>
          ))}
        </SimpleGrid>
      </section>
      {report.errors.length > 0 && <ErrorsTable report={report} />}
      {report.rows.length > 0 && <RowsTable report={report} />}
    </Stack>
  );
}

function ErrorsTable({ report }: { report: ImportReport }) {
  const caption = `Erreurs du fichier (${report.errors.length})`;
  return (
    <Box role="region" aria-label={caption} tabIndex={0} style={{ overflowX: "auto" }}>
      <Table striped verticalSpacing="xs" miw={560}>
        <Table.Caption style={{ captionSide: "top", textAlign: "left", fontWeight: 600 }}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Ligne</Table.Th>
            <Table.Th scope="col">Colonne</Table.Th>
            <Table.Th scope="col">Message</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.errors.map((error, index) => (
            <Table.Tr key={`${error.line}-${error.field}-${index}`}>
              <Table.Td>{error.line}</Table.Td>
              <Table.Td>{error.field === "file" || !error.field ? "(fichier)" : error.field}</Table.Td>
              <Table.Td>{error.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function RowsTable({ report }: { report: ImportReport }) {
  const caption = `Lignes du fichier (${report.rows.length})`;
  return (
    <Box role="region" aria-label={caption} tabIndex={0} style={{ overflowX: "auto", maxHeight: 480 }}>
      <Table striped verticalSpacing="xs" miw={640}>
        <Table.Caption style={{ captionSide: "top", textAlign: "left", fontWeight: 600 }}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Ligne</Table.Th>
            <Table.Th scope="col">Personne</Table.Th>
            <Table.Th scope="col">Fiche personne</Table.Th>
            <Table.Th scope="col">Parcours</Table.Th>
            <Table.Th scope="col">Phase</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.rows.map((row) => (
            <Table.Tr key={row.line}>
              <Table.Td>{row.line}</Table.Td>
              <Table.Td>{row.person}</Table.Td>
              <Table.Td>{PERSON_ACTION_LABELS[row.person_action] ?? row.person_action}</Table.Td>
              <Table.Td>{PARCOURS_ACTION_LABELS[row.parcours_action] ?? row.parcours_action}</Table.Td>
              <Table.Td>{phaseLabel(row.phase)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
