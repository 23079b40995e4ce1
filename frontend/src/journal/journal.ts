// Pure logic of the follow-up journal (follow-ups, barriers, actions, appointments): query keys,
// labels and badge colours, the structure's "now" for datetime-local inputs, overdue actions, and
// upcoming against past appointments.
import type {
  ActionStatus,
  Appointment,
  AppointmentKind,
  Attendance,
  BarrierStatus,
  FollowUpKind,
  JournalAction,
  Support,
} from "../api/types";

export const journalKeys = {
  all: ["journal"] as const,
  followUps: (parcoursId: number) => ["journal", "follow-ups", parcoursId] as const,
  barriers: (parcoursId: number) => ["journal", "barriers", parcoursId] as const,
  barrierTypes: ["journal", "barrier-types"] as const,
  actions: (parcoursId: number) => ["journal", "actions", parcoursId] as const,
  appointments: (parcoursId: number) => ["journal", "appointments", parcoursId] as const,
  timeline: (parcoursId: number) => ["journal", "timeline", parcoursId] as const,
};

/** Follow-ups per page of the "Suivi" list (and entries per page of the timeline). */
export const JOURNAL_PAGE_SIZE = 20;

export const FOLLOW_UP_KINDS: { value: FollowUpKind; label: string }[] = [
  { value: "interview", label: "Entretien individuel" },
  { value: "workshop", label: "Atelier collectif" },
  { value: "visit", label: "Visite en situation de travail" },
  { value: "call", label: "Appel téléphonique" },
];

export const DEFAULT_DURATION_MINUTES = 45;

export const CNIL_REMINDER =
  "Notes factuelles : la personne peut les lire (droit d'accès). Santé, justice : utilisez les freins codés, jamais de récit.";

export const BARRIER_STATUSES: { value: BarrierStatus; label: string }[] = [
  { value: "identified", label: "Identifié" },
  { value: "in_progress", label: "En cours de levée" },
  { value: "resolved", label: "Levé" },
];

export const SUPPORTS: { value: Support; label: string }[] = [
  { value: "internal", label: "Interne (la structure)" },
  { value: "external", label: "Externe (un partenaire)" },
];

export const ACTION_STATUSES: { value: ActionStatus; label: string }[] = [
  { value: "planned", label: "Prévue" },
  { value: "in_progress", label: "En cours" },
  { value: "standby", label: "En attente" },
  { value: "done", label: "Réalisée" },
  { value: "abandoned", label: "Abandonnée" },
  { value: "cancelled", label: "Annulée" },
];

export const APPOINTMENT_KINDS: { value: AppointmentKind; label: string }[] = [
  { value: "interview", label: "Entretien individuel" },
  { value: "workshop", label: "Atelier collectif" },
  { value: "visit", label: "Visite en situation de travail" },
  { value: "call", label: "Rendez-vous téléphonique" },
  { value: "partner", label: "Rendez-vous partenaire" },
];

export const ATTENDANCES: { value: Attendance; label: string }[] = [
  { value: "seen", label: "Venu·e" },
  { value: "excused", label: "Excusé·e" },
  { value: "no_show", label: "Absent·e" },
];

/** Badge backgrounds, each dark enough for white text. */
export function barrierStatusColor(status: BarrierStatus | undefined): string {
  if (status === "resolved") return "teal.9";
  if (status === "in_progress") return "blue.8";
  return "#a33c00";
}

export function actionStatusColor(status: ActionStatus | undefined): string {
  switch (status) {
    case "done":
      return "teal.9";
    case "in_progress":
      return "blue.8";
    case "standby":
      return "#a33c00";
    case "abandoned":
    case "cancelled":
      return "gray.8";
    default:
      return "violet.8";
  }
}

export function attendanceColor(attendance: string | undefined): string {
  if (attendance === "seen") return "teal.9";
  if (attendance === "excused") return "blue.8";
  return "red.9";
}

/** The next status of a barrier (identifié → en cours → levé); null once resolved. */
export function nextBarrierStatus(status: BarrierStatus | undefined): BarrierStatus | null {
  if (status === "in_progress") return "resolved";
  if (status === "resolved") return null;
  return "in_progress";
}

/** Open actions: still to do (planned, in progress, on hold). */
export function isOpenAction(status: ActionStatus | undefined): boolean {
  return status === undefined || status === "planned" || status === "in_progress" || status === "standby";
}

/** An open action whose due date (YYYY-MM-DD) is before today in the structure's zone. */
export function isOverdue(action: Pick<JournalAction, "status" | "due_date">, today: string): boolean {
  return isOpenAction(action.status) && action.due_date < today;
}

/** "Now" in an IANA time zone as a datetime-local value ("2026-11-28T10:30", or with the seconds
 * "2026-11-28T10:30:41"); the browser's zone if the name is unknown. */
export function nowInTimeZone(
  timeZone: string | null | undefined,
  now: Date = new Date(),
  withSeconds = false,
): string {
  const options: Intl.DateTimeFormatOptions = {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  };
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-CA", { ...options, timeZone: timeZone || undefined }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat("en-CA", options).formatToParts(now);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const minutes = `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}`;
  return withSeconds ? `${minutes}:${part("second")}` : minutes;
}

/** A date-time from the API ("2026-11-28T10:30:00+01:00") as its wall-clock value ("2026-11-28T10:30"). */
export function wallClock(iso: string): string {
  return iso.slice(0, 16);
}

/** Appointments to come (soonest first) and past ones (latest first), against the structure's now. */
export function splitAppointments(
  appointments: readonly Appointment[],
  now: string,
): { upcoming: Appointment[]; past: Appointment[] } {
  const upcoming = appointments
    .filter((item) => wallClock(item.starts_at) > now)
    .sort((a, b) => wallClock(a.starts_at).localeCompare(wallClock(b.starts_at)));
  const past = appointments
    .filter((item) => wallClock(item.starts_at) <= now)
    .sort((a, b) => wallClock(b.starts_at).localeCompare(wallClock(a.starts_at)));
  return { upcoming, past };
}

/** "45 min", "1 h", "1 h 30". */
export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${String(rest).padStart(2, "0")}` : `${hours} h`;
}

export function userName(user: { full_name?: string; email: string } | null | undefined): string {
  return user ? user.full_name || user.email : "";
}
