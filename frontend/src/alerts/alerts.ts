// The alerts the API computes on each open parcours (GET /parcours/ `alerts`): French labels for
// the filters, colours by severity, the journal tab that deals with each, the urgency order and
// the due date said relatively ("demain", "il y a 3 jours").
import type { Parcours } from "../api/types";
import type { components } from "../api/schema";
import type { JournalTab } from "../journal/JournalTabs";

export type Alert = components["schemas"]["Alert"];
export type AlertCode = components["schemas"]["CodeEnum"];
export type Severity = components["schemas"]["SeverityEnum"];

/** Every code, the urgent ones first (the order of the filter chips). */
export const ALERT_CODES: readonly AlertCode[] = [
  "pass_iae_ending",
  "no_follow_up",
  "pmsmp_ending",
  "placement_unanswered",
  "parcours_24_months",
  "appointment_missed",
  "action_overdue",
];

/** Short names for the filters (the API gives the full label with each alert). */
export const ALERT_LABELS: Record<AlertCode, string> = {
  pass_iae_ending: "PASS IAE bientôt terminé",
  no_follow_up: "Sans suivi depuis 30 jours",
  pmsmp_ending: "Immersion sans bilan",
  placement_unanswered: "Employeur sans réponse",
  parcours_24_months: "Parcours de 24 mois",
  appointment_missed: "Rendez-vous manqué",
  action_overdue: "Action en retard",
};

export const SEVERITY_LABELS: Record<Severity, string> = { high: "urgente", medium: "à traiter" };
/** Badge colours that keep AA contrast: white on dark red (urgent), dark text on pale orange. */
export const SEVERITY_BADGES: Record<Severity, { color: string; variant: "filled" | "light"; c: string }> = {
  high: { color: "red.9", variant: "filled", c: "white" },
  medium: { color: "orange", variant: "light", c: "dark.9" },
};

/** The journal tab of the parcours page where the alert is dealt with, if there is one. */
export const ALERT_TABS: Partial<Record<AlertCode, JournalTab>> = {
  no_follow_up: "suivi",
  action_overdue: "plan",
  appointment_missed: "rendez-vous",
};

export function isAlertCode(value: string): value is AlertCode {
  return (ALERT_CODES as readonly string[]).includes(value);
}

/** Codes without duplicates, in the order of ALERT_CODES (one URL per selection). */
export function normaliseAlertCodes(values: readonly string[]): AlertCode[] {
  return ALERT_CODES.filter((code) => values.includes(code));
}

/** The link to the parcours page, opened on the tab that deals with the alert. */
export function alertLink(parcoursId: number, code: AlertCode): string {
  const tab = ALERT_TABS[code];
  return tab ? `/parcours/${parcoursId}?onglet=${tab}` : `/parcours/${parcoursId}`;
}

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1 };

/** Urgency order: high severity first, then the earliest due date (none last). */
export function compareAlerts(a: Alert, b: Alert): number {
  const bySeverity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (bySeverity !== 0) return bySeverity;
  if (a.due_date === b.due_date) return 0;
  if (a.due_date === null) return 1;
  if (b.due_date === null) return -1;
  return a.due_date < b.due_date ? -1 : 1;
}

export interface AlertItem {
  key: string;
  parcours: Parcours;
  alert: Alert;
}

/** One item per alert of each parcours, the most urgent first (ties: person's name). */
export function flattenAlerts(parcoursList: readonly Parcours[]): AlertItem[] {
  const items = parcoursList.flatMap((parcours) =>
    (parcours.alerts ?? []).map((alert) => ({ key: `${parcours.id}-${alert.code}`, parcours, alert })),
  );
  return items.sort(
    (a, b) =>
      compareAlerts(a.alert, b.alert) ||
      personName(a.parcours).localeCompare(personName(b.parcours), "fr") ||
      a.parcours.id - b.parcours.id,
  );
}

export function personName(parcours: Pick<Parcours, "person">): string {
  return `${parcours.person.first_name} ${parcours.person.last_name}`.trim();
}

const DAY_MS = 24 * 60 * 60 * 1000;

function dayNumber(isoDate: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS : null;
}

/** A due date relative to today (both YYYY-MM-DD): "aujourd'hui", "demain", "dans 3 jours",
 * "hier", "il y a 12 jours"; "" without a due date. */
export function relativeDueDate(dueDate: string | null, today: string): string {
  if (!dueDate) return "";
  const due = dayNumber(dueDate);
  const now = dayNumber(today);
  if (due === null || now === null) return dueDate;
  const days = due - now;
  if (days === 0) return "aujourd'hui";
  if (days === 1) return "demain";
  if (days === -1) return "hier";
  return days > 0 ? `dans ${days} jours` : `il y a ${-days} jours`;
}
