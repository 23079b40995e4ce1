// The managers' privacy tools: the audit trail (GET /audit-entries/, its filters in the URL of
// /direction/journal), the right-of-access export and the persons due for anonymisation.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { AuditEntriesQuery, AuditEntry, AuditEvent } from "../api/types";
import { parseId, parseIsoDate, parsePage } from "../shared/urlParams";

export const AUDIT_PAGE_SIZE = 50;

/** The events in the order of the filter, with the labels the API gives (event_label). */
export const AUDIT_EVENT_LABELS: Record<AuditEvent, string> = {
  read: "Consultation",
  create: "Création",
  update: "Modification",
  delete: "Suppression",
  export: "Export",
  import: "Import",
  anonymise: "Anonymisation",
  login: "Connexion",
  login_failed: "Échec de connexion",
  logout: "Déconnexion",
};

export const AUDIT_EVENTS = Object.keys(AUDIT_EVENT_LABELS) as AuditEvent[];

export interface AuditFilters {
  events: AuditEvent[];
  /** YYYY-MM-DD, or "" */
  from: string;
  to: string;
  person: number | null;
  page: number;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { events: [], from: "", to: "", person: null, page: 1 };

/** Events without duplicates, in the order of the filter (one URL per selection). */
export function normaliseEvents(values: readonly string[]): AuditEvent[] {
  return AUDIT_EVENTS.filter((event) => values.includes(event));
}

/** URL -> filters (?evenement=read&evenement=export&du=…&au=…&personne=12&page=2); bad values are ignored. */
export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  return {
    events: normaliseEvents(params.getAll("evenement")),
    from: parseIsoDate(params.get("du")) ?? "",
    to: parseIsoDate(params.get("au")) ?? "",
    person: parseId(params.get("personne")),
    page: parsePage(params.get("page")),
  };
}

/** Filters -> URL; defaults are left out. */
export function auditSearchParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const event of normaliseEvents(filters.events)) params.append("evenement", event);
  if (filters.from) params.set("du", filters.from);
  if (filters.to) params.set("au", filters.to);
  if (filters.person !== null) params.set("personne", String(filters.person));
  if (filters.page > 1) params.set("page", String(filters.page));
  return params;
}

/** A change of filter goes back to the first page; a change of page keeps the filters. */
export function updateAuditFilters(filters: AuditFilters, change: Partial<AuditFilters>): AuditFilters {
  return { ...filters, page: 1, ...change };
}

export function hasActiveAuditFilters(filters: AuditFilters): boolean {
  return filters.events.length > 0 || filters.from !== "" || filters.to !== "" || filters.person !== null;
}

/** Filters -> GET /audit-entries/ query. */
export function toAuditQuery(filters: AuditFilters): AuditEntriesQuery {
  const query: AuditEntriesQuery = { page: filters.page, page_size: AUDIT_PAGE_SIZE };
  const events = normaliseEvents(filters.events);
  if (events.length > 0) query.event = events;
  if (filters.from) query.date_from = filters.from;
  if (filters.to) query.date_to = filters.to;
  if (filters.person !== null) query.person = filters.person;
  return query;
}

export const privacyKeys = {
  audit: (query: AuditEntriesQuery) => ["privacy", "audit", query] as const,
  due: (withinDays: number, page: number) => ["privacy", "due", withinDays, page] as const,
};

export function useAuditEntries(query: AuditEntriesQuery) {
  return useQuery({
    queryKey: privacyKeys.audit(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/audit-entries/", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useRetentionDue(withinDays: number, page: number, pageSize: number) {
  return useQuery({
    queryKey: privacyKeys.due(withinDays, page),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/retention/due/", {
          params: { query: { within_days: withinDays, page, page_size: pageSize } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export type AccessExportFile = "json" | "html";

/** GET /persons/{id}/access-export/: a plain link (same origin, the session cookie goes with it). */
export function accessExportUrl(personId: number, file: AccessExportFile): string {
  return `/api/v1/persons/${personId}/access-export/?file=${file}`;
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const EMPTY_VALUES = new Set(["", "None", "null"]);

function showValue(value: unknown): string {
  if (value === null || value === undefined) return "(vide)";
  if (typeof value === "string") return EMPTY_VALUES.has(value) ? "(vide)" : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * The entry's `changes` ({field: [old, new]}) as rows; anything else the API may send is shown as
 * is. A creation has only new values and a deletion only old ones: `before` is then "" and `after`
 * the one value worth showing.
 */
export function fieldChanges(entry: Pick<AuditEntry, "changes" | "event">): FieldChange[] {
  const { changes } = entry;
  if (changes === null || typeof changes !== "object" || Array.isArray(changes)) return [];
  return Object.entries(changes as Record<string, unknown>).map(([field, value]) => {
    if (!Array.isArray(value) || value.length !== 2) return { field, before: "", after: showValue(value) };
    if (entry.event === "create") return { field, before: "", after: showValue(value[1]) };
    if (entry.event === "delete") return { field, before: "", after: showValue(value[0]) };
    return { field, before: showValue(value[0]), after: showValue(value[1]) };
  });
}

/** Who did it: the user's name (or e-mail); Tremplin itself (the daily rules), as in the access export. */
export function actorName(entry: Pick<AuditEntry, "actor" | "event">): string {
  if (!entry.actor) return entry.event === "login_failed" ? "Inconnu" : "Tremplin (automatique)";
  return entry.actor.name.trim() || entry.actor.email;
}
