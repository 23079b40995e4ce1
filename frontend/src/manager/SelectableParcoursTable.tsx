// A table of parcours with a checkbox on each row (and one for the whole page), for bulk actions.
import { Link } from "react-router";
import { Anchor, Box, Checkbox, Table } from "@mantine/core";
import type { Parcours } from "../api/types";
import { AlertBadges } from "../alerts/AlertBadges";
import { personName } from "../alerts/alerts";
import { PhaseBadge } from "../parcours/PhaseBadge";
import { formatDate } from "../shared/dates";

export function SelectableParcoursTable({
  rows,
  caption,
  selected,
  onToggle,
  onToggleAll,
  withStructure,
}: {
  rows: Parcours[];
  caption: string;
  selected: ReadonlySet<number>;
  onToggle: (parcours: Parcours, checked: boolean) => void;
  onToggleAll: (checked: boolean) => void;
  withStructure: boolean;
}) {
  const checkedCount = rows.filter((parcours) => selected.has(parcours.id)).length;
  const all = rows.length > 0 && checkedCount === rows.length;
  return (
    <Box role="region" aria-label={`Tableau : ${caption}`} tabIndex={0} style={{ overflowX: "auto" }}>
      <Table striped highlightOnHover verticalSpacing="sm" miw={withStructure ? 980 : 820}>
        <Table.Caption className="visually-hidden">{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={48}>
              <Checkbox
                aria-label="Tout sélectionner sur cette page"
                checked={all}
                indeterminate={checkedCount > 0 && !all}
                onChange={(event) => onToggleAll(event.currentTarget.checked)}
              />
            </Table.Th>
            <Table.Th scope="col">Personne</Table.Th>
            <Table.Th scope="col">Phase</Table.Th>
            {withStructure && <Table.Th scope="col">Structure</Table.Th>}
            <Table.Th scope="col">Référent</Table.Th>
            <Table.Th scope="col">Entrée</Table.Th>
            <Table.Th scope="col">Alertes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((parcours) => (
            <Table.Tr key={parcours.id}>
              <Table.Td>
                <Checkbox
                  aria-label={`Sélectionner ${personName(parcours)}`}
                  checked={selected.has(parcours.id)}
                  onChange={(event) => onToggle(parcours, event.currentTarget.checked)}
                />
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/parcours/${parcours.id}`} state={{ returnTo: "/direction" }} fw={500}>
                  {personName(parcours)}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <PhaseBadge phase={parcours.phase} label={parcours.phase_label} />
              </Table.Td>
              {withStructure && <Table.Td>{parcours.structure.name}</Table.Td>}
              <Table.Td>{parcours.referent?.full_name || parcours.referent?.email || "Aucun"}</Table.Td>
              <Table.Td>
                <time dateTime={parcours.entry_date}>{formatDate(parcours.entry_date)}</time>
              </Table.Td>
              <Table.Td>
                <AlertBadges alerts={parcours.alerts ?? []} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
