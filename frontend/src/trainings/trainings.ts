// Pure logic of the trainings feature (sessions, enrolments, VAE): query keys, labels, the
// trainer's session sections, what a VAE transition asks for, and the bodies sent to the API.
import type {
  AttendanceRow,
  AttendanceStatus,
  Bloc,
  Enrolment,
  EnrolmentState,
  EnrolmentTransitionBody,
  TrainingSession,
  TransitionOption,
  VaeApplication,
  VaeState,
  VaeTransitionBody,
} from "../api/types";

export const trainingKeys = {
  all: ["trainings"] as const,
  currentSessions: ["trainings", "sessions", "current"] as const,
  trainerSessions: ["trainings", "sessions", "mine"] as const,
  session: (id: number) => ["trainings", "sessions", "detail", id] as const,
  sessionEnrolments: (id: number) => ["trainings", "enrolments", "session", id] as const,
  /** A session's attendance sheet for a day; null: the server's today. */
  attendance: (id: number, date: string | null) => ["trainings", "attendance", id, date ?? "today"] as const,
  enrolmentsForParcours: (parcoursId: number) => ["trainings", "enrolments", "parcours", parcoursId] as const,
  vaeForParcours: (parcoursId: number) => ["trainings", "vae", "parcours", parcoursId] as const,
};

/** The certification a VAE is opened towards from the parcours page. */
export const VAE_CERTIFICATION = "DEAS";

// -- sessions ---------------------------------------------------------------------------------

type SeatCounts = Pick<TrainingSession, "capacity" | "seats_left">;

export function isFull(session: SeatCounts): boolean {
  return session.seats_left <= 0;
}

/** "3 places restantes / 12", "1 place restante / 12", or "Complet (12 places)". */
export function seatsLabel(session: SeatCounts): string {
  if (isFull(session)) return `Complet (${session.capacity} ${session.capacity > 1 ? "places" : "place"})`;
  const left = session.seats_left;
  return `${left} ${left > 1 ? "places restantes" : "place restante"} / ${session.capacity}`;
}

// -- enrolments -------------------------------------------------------------------------------

/** Badge backgrounds, each dark enough for white text. */
export function enrolmentStateColor(state: EnrolmentState): string {
  switch (state) {
    case "applied":
      return "violet.8";
    case "accepted":
    case "attending":
      return "blue.8";
    case "completed":
      return "teal.9";
    case "refused":
      return "red.9";
    default:
      return "gray.8";
  }
}

export type SessionSectionKey = "to_decide" | "attendance" | "results" | "closed";

export interface SessionSection {
  key: SessionSectionKey;
  title: string;
  empty: string;
  states: readonly EnrolmentState[];
  enrolments: Enrolment[];
}

const SESSION_SECTIONS: Omit<SessionSection, "enrolments">[] = [
  { key: "to_decide", title: "Candidatures à traiter", empty: "Aucune candidature à traiter.", states: ["applied"] },
  {
    key: "attendance",
    title: "Feuille de présence",
    empty: "Aucune inscription acceptée en attente de présence.",
    states: ["accepted"],
  },
  { key: "results", title: "Résultats à saisir", empty: "Aucun résultat à saisir.", states: ["attending"] },
  {
    key: "closed",
    title: "Inscriptions closes",
    empty: "Aucune inscription close.",
    states: ["completed", "refused", "dropped"],
  },
];

/** The trainer's session page: its enrolments in four sections, each sorted by last name. */
export function groupSessionEnrolments(enrolments: readonly Enrolment[]): SessionSection[] {
  return SESSION_SECTIONS.map((section) => ({
    ...section,
    enrolments: enrolments
      .filter((enrolment) => section.states.includes(enrolment.state))
      .sort(
        (a, b) =>
          a.person.last_name.localeCompare(b.person.last_name, "fr") ||
          a.person.first_name.localeCompare(b.person.first_name, "fr") ||
          a.id - b.id,
      ),
  }));
}

export function personName(person: { first_name: string; last_name: string }): string {
  return `${person.first_name} ${person.last_name}`.trim();
}

/** "Bloc 1, Bloc 3" (by number); "" for none. */
export function blocNumbers(blocs: readonly Pick<Bloc, "number">[]): string {
  return [...blocs]
    .sort((a, b) => a.number - b.number)
    .map((bloc) => `Bloc ${bloc.number}`)
    .join(", ");
}

export type EnrolmentDialogKind = "refuse" | "complete" | "confirm";

export function enrolmentDialog(transitionName: string): EnrolmentDialogKind {
  if (transitionName === "refuse") return "refuse";
  if (transitionName === "complete") return "complete";
  return "confirm";
}

export interface EnrolmentForm {
  comment: string;
  refusalReason: string;
  result: "passed" | "failed" | null;
  blocs: number[];
}

export const EMPTY_ENROLMENT_FORM: EnrolmentForm = { comment: "", refusalReason: "", result: null, blocs: [] };

/** The body of an enrolment transition: only what the transition reads; an empty required value
 * is left out so that the server says what is missing. */
export function buildEnrolmentBody(name: string, form: EnrolmentForm): EnrolmentTransitionBody {
  const kind = enrolmentDialog(name);
  if (kind === "refuse") return form.refusalReason.trim() ? { refusal_reason: form.refusalReason.trim() } : {};
  if (kind === "complete") {
    const body: EnrolmentTransitionBody = { validated_blocs: [...form.blocs].sort((a, b) => a - b) };
    if (form.result) body.result = form.result;
    return body;
  }
  return { comment: form.comment };
}

/** The transitions worth a button for this user: those only another party fires are left out. */
export function ownTransitions(options: readonly TransitionOption[] | null | undefined): TransitionOption[] {
  return (options ?? []).filter(
    (option) => !(option.reasons ?? []).some((reason) => reason.code === "not_allowed_for_user"),
  );
}

/** Sessions where the parcours has a live enrolment (applied, accepted, attending, completed):
 * the server refuses a second one. */
export function enrolledSessionIds(enrolments: readonly Enrolment[]): Set<number> {
  return new Set(
    enrolments
      .filter((enrolment) => ["applied", "accepted", "attending", "completed"].includes(enrolment.state))
      .map((enrolment) => enrolment.session.id),
  );
}

// -- attendance sheet --------------------------------------------------------------------------

export const ATTENDANCE_STATUSES: readonly { value: AttendanceStatus; label: string }[] = [
  { value: "present", label: "Présent·e" },
  { value: "absent", label: "Absent·e" },
  { value: "excused", label: "Excusé·e" },
];

export function attendanceStatusLabel(status: AttendanceStatus | null | undefined): string {
  return ATTENDANCE_STATUSES.find((item) => item.value === status)?.label ?? "Non saisi";
}

/** The days a sheet may be kept: from the session's start to its end, never after today. */
export function attendanceBounds(
  session: { start_date: string; end_date: string },
  today: string,
): { min: string; max: string; open: boolean } {
  const max = session.end_date < today ? session.end_date : today;
  return { min: session.start_date, max, open: session.start_date <= today };
}

/** The day the sheet opens on: today, or the session's last day once it is over. */
export function defaultAttendanceDay(session: { start_date: string; end_date: string }, today: string): string {
  return attendanceBounds(session, today).max;
}

/** Each editable line's status: the one chosen on screen, else the one saved. */
export function attendanceStatuses(
  rows: readonly AttendanceRow[],
  chosen: Readonly<Record<number, AttendanceStatus>>,
): Map<number, AttendanceStatus | null> {
  return new Map(rows.map((row) => [row.enrolment, chosen[row.enrolment] ?? row.status ?? null]));
}

/** The lines to save: every editable line with a status (saving one again changes nothing). */
export function attendanceRecords(
  rows: readonly AttendanceRow[],
  chosen: Readonly<Record<number, AttendanceStatus>>,
): { enrolment: number; status: AttendanceStatus }[] {
  const statuses = attendanceStatuses(rows, chosen);
  return rows
    .filter((row) => row.editable)
    .flatMap((row) => {
      const status = statuses.get(row.enrolment);
      return status ? [{ enrolment: row.enrolment, status }] : [];
    });
}

// -- VAE --------------------------------------------------------------------------------------

export const VAE_FINAL_STATES: readonly VaeState[] = ["not_admissible", "validated_full", "refused"];

export function isVaeInProgress(application: Pick<VaeApplication, "state">): boolean {
  return !VAE_FINAL_STATES.includes(application.state);
}

export function vaeStateColor(state: VaeState): string {
  switch (state) {
    case "validated_full":
      return "teal.9";
    case "validated_partial":
    case "complement":
      return "#a33c00";
    case "not_admissible":
    case "refused":
      return "red.9";
    default:
      return "grape.8";
  }
}

/** What a VAE transition's dialog asks for. */
export interface VaeDialogFields {
  /** The date field's label; every step has one. */
  dateLabel: string;
  dateRequired: boolean;
  /** Whether the date may be after today (the jury's). */
  futureAllowed: boolean;
  certifier: boolean;
  blocs: boolean;
}

export function vaeDialogFields(transitionName: string): VaeDialogFields {
  const base: VaeDialogFields = {
    dateLabel: "Date de l'étape",
    dateRequired: false,
    futureAllowed: false,
    certifier: false,
    blocs: false,
  };
  switch (transitionName) {
    case "submit_feasibility":
      return { ...base, dateLabel: "Date de dépôt", certifier: true };
    case "declare_admissible":
    case "declare_not_admissible":
      return { ...base, dateLabel: "Date de la décision de recevabilité" };
    case "submit_validation_file":
      return { ...base, dateLabel: "Date de dépôt" };
    case "schedule_jury":
      return { ...base, dateLabel: "Date du jury", dateRequired: true, futureAllowed: true };
    case "validate_full":
    case "refuse":
      return { ...base, dateLabel: "Date de la décision du jury" };
    case "validate_partial":
      return { ...base, dateLabel: "Date de la décision du jury", blocs: true };
    default:
      return base;
  }
}

export interface VaeForm {
  date: string;
  certifier: string;
  blocs: number[];
  comment: string;
}

export const EMPTY_VAE_FORM: VaeForm = { date: "", certifier: "", blocs: [], comment: "" };

/** The body of a VAE transition: the fields its dialog shows; an empty date is left out (today
 * by default on the server, or "required" for the jury). */
export function buildVaeBody(name: string, form: VaeForm): VaeTransitionBody {
  const fields = vaeDialogFields(name);
  const body: VaeTransitionBody = {};
  if (form.date) body.date = form.date;
  if (fields.certifier && form.certifier.trim()) body.certifier = form.certifier.trim();
  if (fields.blocs) body.validated_blocs = [...form.blocs].sort((a, b) => a - b);
  if (form.comment.trim()) body.comment = form.comment.trim();
  return body;
}

/** "1 234,5 h sur 1 607 h" — the experience accumulated against the requirement. */
export function experienceLabel(experience: VaeApplication["experience"]): string {
  const hours = Number(experience.hours);
  const shown = Number.isFinite(hours) ? hours.toLocaleString("fr-FR", { maximumFractionDigits: 1 }) : experience.hours;
  return `${shown} h sur ${experience.required_hours.toLocaleString("fr-FR")} h`;
}

/** The transition names of the VAE log, in French ("create" is the opening of the project). */
const VAE_STEP_LABELS: Record<string, string> = {
  create: "Projet de VAE ouvert",
};

export function vaeStepTitle(step: VaeApplication["steps"][number]): string {
  return VAE_STEP_LABELS[step.name] ?? step.target_label;
}
