// A page of the audit trail: when, who, what happened, to what, and the fields changed (old → new).
import { Box, Table, Text } from "@mantine/core";
import type { AuditEntry } from "../api/types";
import { formatDateTime } from "../shared/dates";
import { plural } from "../shared/plural";
import { actorName, fieldChanges, type FieldChange } from "./audit";

/** A creation lists every field: the first few, the others behind « N autres champs ». */
const SHOWN_CHANGES = 4;

export function AuditTable({ rows, caption }: { rows: AuditEntry[]; caption: string }) {
  return (
    // A focusable region: keyboard users can scroll it sideways on a narrow screen.
    <Box role="region" aria-label={caption} tabIndex={0} style={{ overflowX: "auto" }}>
      <Table striped verticalSpacing="sm" miw={860}>
        <Table.Caption className="visually-hidden">{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Date et heure</Table.Th>
            <Table.Th scope="col">Qui</Table.Th>
            <Table.Th scope="col">Événement</Table.Th>
            <Table.Th scope="col">Élément</Table.Th>
            <Table.Th scope="col">Champs modifiés</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((entry) => (
            <AuditRow key={entry.id} entry={entry} />
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const changes = fieldChanges(entry);
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: "nowrap" }}>
        {entry.timestamp ? <time dateTime={entry.timestamp}>{formatDateTime(entry.timestamp)}</time> : "—"}
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {actorName(entry)}
        </Text>
        {entry.actor && entry.actor.name.trim() && (
          <Text size="xs" c="gray.8">
            {entry.actor.email}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{entry.event_label}</Table.Td>
      <Table.Td>{entry.object || entry.object_type || "—"}</Table.Td>
      <Table.Td>
        {changes.length === 0 ? (
          "—"
        ) : (
          <>
            <ChangeList changes={changes.slice(0, SHOWN_CHANGES)} />
            {changes.length > SHOWN_CHANGES && (
              <details>
                <summary>
                  <Text component="span" size="sm">
                    {plural(changes.length - SHOWN_CHANGES, "autre champ", "autres champs")}
                  </Text>
                </summary>
                <ChangeList changes={changes.slice(SHOWN_CHANGES)} />
              </details>
            )}
          </>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function ChangeList({ changes }: { changes: FieldChange[] }) {
  return (
    <Box component="ul" m={0} pl="md">
      {changes.map((change) => (
        <Text component="li" size="sm" key={change.field}>
          <strong>{change.field}</strong> : {change.before ? `${change.before} → ${change.after}` : change.after}
        </Text>
      ))}
    </Box>
  );
}
