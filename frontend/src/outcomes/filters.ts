// The dashboard's filters live in the URL query string (from, to, programme, referent, structure,
// region). These pure functions map the URL to the filters and back, resolve the period (default:
// the 1st of January to today), and build the API query and the export links.
import type { DashboardScope } from "../auth/roles";
import { parseId, parseIsoDate } from "../shared/urlParams";
import type { OutcomesQuery } from "./types";

export interface DashboardFilters {
  /** ISO dates; null = the default period (year to date). */
  from: string | null;
  to: string | null;
  programme: number | null;
  referent: number | null;
  structures: number[];
  region: string | null;
}

export const EMPTY_DASHBOARD_FILTERS: DashboardFilters = {
  from: null,
  to: null,
  programme: null,
  referent: null,
  structures: [],
  region: null,
};

export function normaliseIds(values: readonly (string | number)[]): number[] {
  const ids = values.map((value) => parseId(String(value))).filter((id): id is number => id !== null);
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** URL -> filters. Unknown or malformed values are ignored (a shared link never breaks the page). */
export function parseDashboardFilters(params: URLSearchParams): DashboardFilters {
  const region = (params.get("region") ?? "").trim();
  return {
    from: parseIsoDate(params.get("from")),
    to: parseIsoDate(params.get("to")),
    programme: parseId(params.get("programme")),
    referent: parseId(params.get("referent")),
    structures: normaliseIds(params.getAll("structure")),
    region: region || null,
  };
}

/** Filters -> URL; default values are left out so that the plain page has a plain URL. */
export function dashboardSearchParams(filters: DashboardFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (filters.programme !== null) params.set("programme", String(filters.programme));
  if (filters.referent !== null) params.set("referent", String(filters.referent));
  for (const id of normaliseIds(filters.structures)) params.append("structure", String(id));
  if (filters.region) params.set("region", filters.region);
  return params;
}

export function hasActiveDashboardFilters(filters: DashboardFilters): boolean {
  return dashboardSearchParams(filters).toString() !== "";
}

// --- The period -----------------------------------------------------------------------------

/** Today's date (YYYY-MM-DD) in the browser's time zone. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function addMonths(iso: string, months: number): string {
  const [y, m] = iso.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

export const PERIOD_PRESETS = ["year_to_date", "last_12_months", "previous_year"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const PERIOD_PRESET_LABELS: Record<PeriodPreset, string> = {
  year_to_date: "Depuis le 1er janvier",
  last_12_months: "12 derniers mois",
  previous_year: "Année précédente",
};

export interface Period {
  from: string;
  to: string;
}

/** The dates of a quick choice; « 12 derniers mois » = the current month and the 11 before it. */
export function presetPeriod(preset: PeriodPreset, today: string): Period {
  const year = Number(today.slice(0, 4));
  switch (preset) {
    case "year_to_date":
      return { from: `${year}-01-01`, to: today };
    case "last_12_months":
      return { from: addMonths(today, -11), to: today };
    case "previous_year":
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
  }
}

/** The period asked for: the URL's dates, each defaulting to the year to date. */
export function resolvePeriod(filters: Pick<DashboardFilters, "from" | "to">, today: string): Period {
  const defaults = presetPeriod("year_to_date", today);
  return { from: filters.from ?? defaults.from, to: filters.to ?? defaults.to };
}

/** Which quick choice the period is, if any. */
export function matchingPreset(period: Period, today: string): PeriodPreset | null {
  return PERIOD_PRESETS.find((preset) => {
    const candidate = presetPeriod(preset, today);
    return candidate.from === period.from && candidate.to === period.to;
  }) ?? null;
}

/** The filters for a quick choice (the year to date is the default: no dates in the URL). */
export function withPreset(filters: DashboardFilters, preset: PeriodPreset, today: string): DashboardFilters {
  if (preset === "year_to_date") return { ...filters, from: null, to: null };
  return { ...filters, ...presetPeriod(preset, today) };
}

export function periodError(period: Period): string | null {
  return period.from > period.to ? "La date de début doit précéder la date de fin." : null;
}

// --- The API ----------------------------------------------------------------------------------

/** Filters -> query of the outcomes endpoints; each filter only for the roles that have it. */
export function toOutcomesQuery(filters: DashboardFilters, scope: DashboardScope, today: string): OutcomesQuery {
  const query: OutcomesQuery = { ...resolvePeriod(filters, today) };
  if (filters.programme !== null) query.programme = filters.programme;
  if (scope === "manager" && filters.referent !== null) query.referent = filters.referent;
  if (scope === "analyst") {
    if (filters.structures.length > 0) query.structure = normaliseIds(filters.structures);
    if (filters.region) query.region = filters.region;
  }
  return query;
}

export function queryString(query: OutcomesQuery): string {
  const params = new URLSearchParams();
  params.set("from", query.from);
  params.set("to", query.to);
  if (query.programme !== undefined) params.set("programme", String(query.programme));
  if (query.referent !== undefined) params.set("referent", String(query.referent));
  for (const id of query.structure ?? []) params.append("structure", String(id));
  if (query.region !== undefined) params.set("region", query.region);
  return params.toString();
}

export type ExportFile = "xlsx" | "csv";

/** GET /api/v1/outcomes/export/ (figures) or .../parcours-export/ (the list, managers only). */
export function exportUrl(kind: "figures" | "parcours", file: ExportFile, query: OutcomesQuery): string {
  const path = kind === "figures" ? "/api/v1/outcomes/export/" : "/api/v1/outcomes/parcours-export/";
  return `${path}?file=${file}&${queryString(query)}`;
}
