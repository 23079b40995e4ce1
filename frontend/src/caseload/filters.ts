// The caseload's filters live in the URL query string. These pure functions map the URL to the
// filters, the filters back to the URL, and the filters to the API query of GET /parcours/.
import type { operations } from "../api/schema";
import type { ParcoursListQuery, Phase } from "../api/types";
import { normaliseAlertCodes, type AlertCode } from "../alerts/alerts";
import { PHASES, isPhase } from "../parcours/phases";
import { pageCount as countPages } from "../shared/paging";
import { parseId, parsePage } from "../shared/urlParams";

export const PAGE_SIZE = 25;

export type AlertCountsQuery = NonNullable<operations["v1_parcours_alert_counts_retrieve"]["parameters"]["query"]>;

export const ORDERINGS = ["-entry_date", "entry_date", "person__last_name", "phase_changed_at"] as const;
export type Ordering = (typeof ORDERINGS)[number];
export const DEFAULT_ORDERING: Ordering = "-entry_date";

export const ORDERING_LABELS: Record<Ordering, string> = {
  "-entry_date": "Date d'entrée (plus récentes d'abord)",
  entry_date: "Date d'entrée (plus anciennes d'abord)",
  person__last_name: "Nom de la personne (A → Z)",
  phase_changed_at: "Temps dans la phase (le plus long d'abord)",
};

export interface CaseloadFilters {
  search: string;
  phases: Phase[];
  alerts: AlertCode[];
  programme: number | null;
  referent: number | null;
  ordering: Ordering;
  page: number;
}

export const EMPTY_FILTERS: CaseloadFilters = {
  search: "",
  phases: [],
  alerts: [],
  programme: null,
  referent: null,
  ordering: DEFAULT_ORDERING,
  page: 1,
};

function isOrdering(value: string): value is Ordering {
  return (ORDERINGS as readonly string[]).includes(value);
}

/** Phases without duplicates, in the order of the state machine (one URL per selection). */
export function normalisePhases(values: readonly string[]): Phase[] {
  return PHASES.filter((phase) => values.includes(phase) && isPhase(phase));
}

/** URL -> filters. Unknown or malformed values are ignored (a shared link never breaks the page). */
export function parseFilters(params: URLSearchParams): CaseloadFilters {
  const ordering = params.get("ordering") ?? "";
  return {
    search: params.get("search") ?? "",
    phases: normalisePhases(params.getAll("phase")),
    alerts: normaliseAlertCodes(params.getAll("alert")),
    programme: parseId(params.get("programme")),
    referent: parseId(params.get("referent")),
    ordering: isOrdering(ordering) ? ordering : DEFAULT_ORDERING,
    page: parsePage(params.get("page")),
  };
}

/** Filters -> URL; default values are left out so that the plain page has a plain URL. */
export function toSearchParams(filters: CaseloadFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.search.trim()) params.set("search", filters.search);
  for (const phase of normalisePhases(filters.phases)) params.append("phase", phase);
  for (const code of normaliseAlertCodes(filters.alerts)) params.append("alert", code);
  if (filters.programme !== null) params.set("programme", String(filters.programme));
  if (filters.referent !== null) params.set("referent", String(filters.referent));
  if (filters.ordering !== DEFAULT_ORDERING) params.set("ordering", filters.ordering);
  if (filters.page > 1) params.set("page", String(filters.page));
  return params;
}

/** Applies a change; any change other than the page itself goes back to page 1. */
export function updateFilters(filters: CaseloadFilters, change: Partial<CaseloadFilters>): CaseloadFilters {
  const next = { ...filters, ...change };
  const onlyPage = Object.keys(change).every((key) => key === "page");
  return onlyPage ? next : { ...next, page: 1 };
}

export function hasActiveFilters(filters: CaseloadFilters): boolean {
  return (
    filters.search.trim() !== "" ||
    filters.phases.length > 0 ||
    filters.alerts.length > 0 ||
    filters.programme !== null ||
    filters.referent !== null
  );
}

/** Filters -> query of GET /api/v1/parcours/ (the referent filter only for managers). */
export function toApiQuery(filters: CaseloadFilters, options: { withReferent: boolean }): ParcoursListQuery {
  const query: ParcoursListQuery = { ordering: filters.ordering, page: filters.page, page_size: PAGE_SIZE };
  const search = filters.search.trim();
  if (search) query.search = search;
  if (filters.phases.length > 0) query.phase = normalisePhases(filters.phases);
  if (filters.alerts.length > 0) query.alert = normaliseAlertCodes(filters.alerts);
  if (filters.programme !== null) query.programme = filters.programme;
  if (options.withReferent && filters.referent !== null) query.referent = filters.referent;
  return query;
}

/** The query of GET /parcours/alert-counts/: the same filters, except the alerts themselves
 * (each count says how many parcours a click on that alert would list). */
export function toAlertCountsQuery(filters: CaseloadFilters, options: { withReferent: boolean }): AlertCountsQuery {
  const { alert: _alert, ordering: _ordering, page: _page, page_size: _size, ...rest } = toApiQuery(filters, options);
  return rest;
}

export function pageCount(count: number): number {
  return countPages(count, PAGE_SIZE);
}
