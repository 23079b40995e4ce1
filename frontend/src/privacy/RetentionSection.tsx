// /direction's « Anonymisation à venir »: the persons of the managed structures whom the daily
// retention rule anonymises within 90 days, soonest first (as the API sorts them), 50 a page.
import { Box, Stack, Table, Text, Title } from "@mantine/core";
import type { RetentionDue } from "../api/types";
import { personName } from "../trainings/trainings";
import { formatDate } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { Pager } from "../shared/Pager";
import { plural } from "../shared/plural";
import { pageCount } from "../shared/paging";
import { usePage } from "../shared/usePage";
import { useRetentionDue } from "./audit";

export const RETENTION_HORIZON_DAYS = 90;
export const RETENTION_PAGE_SIZE = 50;
export const RETENTION_RULE =
  "Un dossier est anonymisé deux ans après la dernière sortie sans activité : identité, coordonnées et notes " +
  "sont effacées ; les indicateurs sont conservés.";

export function RetentionSection({ structureNames }: { structureNames?: Map<number, string> }) {
  const [page, setPage] = usePage();
  const list = useRetentionDue(RETENTION_HORIZON_DAYS, page, RETENTION_PAGE_SIZE);
  const total = list.data ? pageCount(list.data.count, RETENTION_PAGE_SIZE) : 1;
  const title = "Anonymisation à venir";
  const caption = `${title} : dans les ${RETENTION_HORIZON_DAYS} prochains jours`;

  return (
    <Stack component="section" aria-labelledby="anonymisation-titre" gap="sm" aria-busy={list.isFetching}>
      <Title order={2} id="anonymisation-titre">
        {title}
      </Title>
      <Text size="sm" c="gray.8">
        {RETENTION_RULE} Voici les personnes dont le dossier le sera dans les {RETENTION_HORIZON_DAYS} prochains jours,
        les plus proches d'abord ; une nouvelle activité sur leur parcours repousse la date.
      </Text>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} title="La liste n'a pas pu être chargée" onRetry={() => list.refetch()} />
      ) : list.data.results.length === 0 ? (
        <EmptyState>Aucun dossier n'est à anonymiser dans les {RETENTION_HORIZON_DAYS} prochains jours.</EmptyState>
      ) : (
        <>
          <Text size="sm" c="gray.8">
            {plural(list.data.count, "personne", "personnes")}
          </Text>
          <DueTable rows={list.data.results} caption={caption} structureNames={structureNames} />
          <Pager label={`Pages : ${title}`} total={total} value={page} onChange={setPage} />
        </>
      )}
    </Stack>
  );
}

function DueTable({
  rows,
  caption,
  structureNames,
}: {
  rows: RetentionDue[];
  caption: string;
  structureNames?: Map<number, string>;
}) {
  return (
    <Box role="region" aria-label={caption} tabIndex={0} style={{ overflowX: "auto" }}>
      <Table striped verticalSpacing="sm" miw={structureNames ? 760 : 600}>
        <Table.Caption className="visually-hidden">{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Personne</Table.Th>
            {structureNames && <Table.Th scope="col">Structure</Table.Th>}
            <Table.Th scope="col">Dernière sortie</Table.Th>
            <Table.Th scope="col">Dernière activité</Table.Th>
            <Table.Th scope="col">Date d'anonymisation</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((due) => (
            <Table.Tr key={due.person.id}>
              <Table.Th scope="row" fw={500}>
                {personName(due.person) || `Personne n° ${due.person.id}`}
              </Table.Th>
              {structureNames && <Table.Td>{structureNames.get(due.structure) ?? `n° ${due.structure}`}</Table.Td>}
              <Table.Td>
                <time dateTime={due.last_exit}>{formatDate(due.last_exit)}</time>
              </Table.Td>
              <Table.Td>
                <time dateTime={due.last_activity}>{formatDate(due.last_activity)}</time>
              </Table.Td>
              <Table.Td>
                <time dateTime={due.due_on}>{formatDate(due.due_on)}</time>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
