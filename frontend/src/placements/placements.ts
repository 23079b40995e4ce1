// Pure logic of the placements (mises en situation): labels, the employer inbox's sections and
// their server queries, the body of a proposal by kind, and which dialog each transition opens.
import type { PlacementCreate, TransitionOption, PlacementKind, PlacementPurpose, PlacementState } from "../api/types";
import { plural } from "../shared/plural";

export const placementKeys = {
  all: ["placements"] as const,
  forParcours: (parcoursId: number) => ["placements", "parcours", parcoursId] as const,
  inboxSection: (section: InboxSectionKey, page: number) => ["placements", "inbox", section, page] as const,
};

export const KIND_OPTIONS: { value: PlacementKind; label: string }[] = [
  { value: "pmsmp", label: "Immersion (PMSMP)" },
  { value: "mission", label: "Mission d'intérim" },
];

export const PURPOSE_OPTIONS: { value: PlacementPurpose; label: string }[] = [
  { value: "discover", label: "Découvrir un métier" },
  { value: "confirm", label: "Confirmer un projet professionnel" },
  { value: "recruit", label: "Initier une démarche de recrutement" },
];

export function kindLabel(kind: string, fallback?: string): string {
  return KIND_OPTIONS.find((option) => option.value === kind)?.label ?? fallback ?? kind;
}

export type InboxSectionKey = "to_confirm" | "ongoing" | "past";

export interface InboxSection {
  key: InboxSectionKey;
  title: string;
  empty: string;
  /** The placement states the section lists (the API's multi-value `state` filter). */
  states: readonly PlacementState[];
  /** The API's `ordering` (the server adds the id as the last tie-breaker). */
  ordering: string;
}

/** The three inbox sections, in order; declined and cancelled placements are in none. Each is read
 * from the server a page at a time, filtered on its states: to confirm, the oldest proposals first
 * (those waiting longest for an answer); ongoing, by start date; past, the most recent first. */
export const INBOX_SECTIONS: readonly InboxSection[] = [
  {
    key: "to_confirm",
    title: "À confirmer",
    empty: "Aucune mise en situation à confirmer.",
    states: ["proposed"],
    ordering: "created_at",
  },
  {
    key: "ongoing",
    title: "En cours",
    empty: "Aucune mise en situation en cours.",
    states: ["confirmed", "in_progress"],
    ordering: "start_date",
  },
  {
    key: "past",
    title: "Passées",
    empty: "Aucune mise en situation passée.",
    states: ["completed", "interrupted"],
    ordering: "-start_date",
  },
];

/** Placements a page in each inbox section. */
export const INBOX_PAGE_SIZE = 10;

/** The GET /placements/ query of one page of an inbox section. */
export function inboxSectionQuery(section: InboxSection, page: number) {
  return { state: [...section.states], ordering: section.ordering, page, page_size: INBOX_PAGE_SIZE };
}

/** The section's heading: its title, then its count once known ("À confirmer (3)"). */
export function inboxSectionHeading(section: InboxSection, count?: number): string {
  return count === undefined ? section.title : `${section.title} (${count})`;
}

/** "0 mise en situation", "1 mise en situation", "12 mises en situation". */
export function countPlacements(count: number): string {
  return plural(count, "mise en situation", "mises en situation");
}

export interface ProposeForm {
  kind: PlacementKind | null;
  establishment: string | null;
  startDate: string;
  endDate: string;
  purpose: PlacementPurpose | null;
  position: string;
  weeklyHours: string;
}

export const EMPTY_PROPOSE_FORM: ProposeForm = {
  kind: null,
  establishment: null,
  startDate: "",
  endDate: "",
  purpose: null,
  position: "",
  weeklyHours: "",
};

/** The POST /placements/ body: only the fields of the chosen kind; empty fields are left out, so
 * that the server says which one is missing. */
export function buildProposePayload(parcoursId: number, form: ProposeForm): PlacementCreate {
  const body: Record<string, unknown> = { parcours: parcoursId };
  if (form.kind) body.kind = form.kind;
  if (form.establishment) body.establishment = Number(form.establishment);
  if (form.startDate) body.start_date = form.startDate;
  if (form.endDate) body.end_date = form.endDate;
  if (form.kind === "pmsmp" && form.purpose) body.purpose = form.purpose;
  if (form.kind === "mission") {
    if (form.position.trim()) body.position = form.position.trim();
    const hours = form.weeklyHours.trim().replace(",", ".");
    if (hours) body.weekly_hours = hours;
  }
  return body as unknown as PlacementCreate;
}

/** The transitions worth a button for this user: those blocked only because another party fires
 * them (the host employer's, on the structure's side) are left out. */
export function ownTransitions(options: readonly TransitionOption[] | null | undefined): TransitionOption[] {
  return (options ?? []).filter(
    (option) => !(option.reasons ?? []).some((reason) => reason.code === "not_allowed_for_user"),
  );
}

export type PlacementDialogKind = "decline" | "complete" | "confirm";

export function placementDialog(transitionName: string): PlacementDialogKind {
  if (transitionName === "decline") return "decline";
  if (transitionName === "complete") return "complete";
  return "confirm";
}

/** "140.00" -> "140", "12.50" -> "12,5"; null/empty -> "0". */
export function formatHours(value: string | null | undefined): string {
  const number = Number(value ?? 0);
  if (!Number.isFinite(number)) return String(value);
  return number.toLocaleString("fr-FR", { maximumFractionDigits: 2 });
}
