// A parcours' alerts as small badges (red: urgent, orange: to deal with), with a short visible
// name; screen readers hear the full alert, its severity and its due date.
import { Badge, Group } from "@mantine/core";
import { formatDate } from "../shared/dates";
import { ALERT_LABELS, SEVERITY_BADGES, SEVERITY_LABELS, type Alert } from "./alerts";

export function alertDescription(alert: Alert): string {
  const due = alert.due_date ? `, échéance le ${formatDate(alert.due_date)}` : "";
  return `Alerte ${SEVERITY_LABELS[alert.severity]} : ${alert.label}${due}`;
}

export function AlertBadges({ alerts }: { alerts: readonly Alert[] }) {
  if (alerts.length === 0) {
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">Aucune alerte</span>
      </>
    );
  }
  return (
    <Group component="ul" gap={4} m={0} p={0} style={{ listStyle: "none" }}>
      {alerts.map((alert) => (
        <li key={alert.code}>
          <Badge
            {...SEVERITY_BADGES[alert.severity]}
            radius="sm"
            tt="none"
            title={`${alert.label} — ${alert.action}`}
            data-severity={alert.severity}
          >
            <span aria-hidden="true">{ALERT_LABELS[alert.code] ?? alert.label}</span>
            <span className="visually-hidden">{alertDescription(alert)}</span>
          </Badge>
        </li>
      ))}
    </Group>
  );
}
