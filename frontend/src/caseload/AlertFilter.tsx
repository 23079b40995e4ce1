// The caseload's alert filter: one chip per alert with how many of the listed parcours have it
// (GET /parcours/alert-counts/ with the other filters); checked chips filter the list.
import { Chip, Group, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { parcoursKeys } from "../api/queries";
import { ALERT_CODES, ALERT_LABELS, normaliseAlertCodes, type AlertCode } from "../alerts/alerts";
import type { AlertCountsQuery } from "./filters";

export function useAlertCounts(query: AlertCountsQuery) {
  return useQuery({
    queryKey: [...parcoursKeys.all, "alert-counts", query] as const,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/parcours/alert-counts/", { params: { query }, signal })),
  });
}

export function AlertFilter({
  query,
  value,
  onChange,
}: {
  query: AlertCountsQuery;
  value: AlertCode[];
  onChange: (codes: AlertCode[]) => void;
}) {
  const counts = useAlertCounts(query);
  const count = (code: AlertCode) => counts.data?.by_code[code] ?? 0;
  return (
    <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
      <Text component="legend" size="sm" fw={500} mb={6}>
        Alertes
        {counts.data ? ` (${counts.data.total} parcours avec au moins une alerte)` : ""}
      </Text>
      <Chip.Group multiple value={value} onChange={(codes) => onChange(normaliseAlertCodes(codes))}>
        <Group gap="xs">
          {ALERT_CODES.map((code) => (
            <Chip key={code} value={code} size="sm" variant="outline">
              {ALERT_LABELS[code]}
              {counts.data ? ` (${count(code)})` : ""}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {counts.isError && (
        <Text size="sm" c="red.8" mt={4}>
          Le nombre de parcours par alerte n'a pas pu être chargé.
        </Text>
      )}
    </fieldset>
  );
}
