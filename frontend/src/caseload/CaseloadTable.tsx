// The table of parcours; it scrolls sideways inside its own box on narrow screens.
import { Link } from "react-router";
import { Anchor, Box, Table } from "@mantine/core";
import type { Parcours } from "../api/types";
import { AlertBadges } from "../alerts/AlertBadges";
import { PhaseBadge } from "../parcours/PhaseBadge";
import { formatDate, formatElapsed } from "../shared/dates";

export function CaseloadTable({
  rows,
  withReferent,
  caption,
  returnTo,
}: {
  rows: Parcours[];
  withReferent: boolean;
  caption: string;
  returnTo: string;
}) {
  const now = new Date();
  return (
    // A focusable region: keyboard users can scroll it sideways on a narrow screen.
    <Box role="region" aria-label={caption} tabIndex={0} style={{ overflowX: "auto" }}>
      <Table striped highlightOnHover verticalSpacing="sm" miw={withReferent ? 1060 : 920}>
        <Table.Caption className="visually-hidden">{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Personne</Table.Th>
            <Table.Th scope="col">Phase</Table.Th>
            <Table.Th scope="col">Alertes</Table.Th>
            <Table.Th scope="col">Programme</Table.Th>
            {withReferent && <Table.Th scope="col">Référent</Table.Th>}
            <Table.Th scope="col">Entrée</Table.Th>
            <Table.Th scope="col">Dans la phase depuis</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((parcours) => (
            <Table.Tr key={parcours.id}>
              <Table.Td>
                <Anchor component={Link} to={`/parcours/${parcours.id}`} state={{ returnTo }} fw={500}>
                  {parcours.person.first_name} {parcours.person.last_name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <PhaseBadge phase={parcours.phase} label={parcours.phase_label} />
              </Table.Td>
              <Table.Td>
                <AlertBadges alerts={parcours.alerts ?? []} />
              </Table.Td>
              <Table.Td>{parcours.programme?.name ?? "—"}</Table.Td>
              {withReferent && <Table.Td>{parcours.referent?.full_name || "—"}</Table.Td>}
              <Table.Td>
                <time dateTime={parcours.entry_date}>{formatDate(parcours.entry_date)}</time>
              </Table.Td>
              <Table.Td>
                <time dateTime={parcours.phase_changed_at}>{formatElapsed(parcours.phase_changed_at, now)}</time>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
