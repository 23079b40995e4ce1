import { describe, expect, it } from "vitest";
import {
  EMPTY_AUDIT_FILTERS,
  accessExportUrl,
  actorName,
  auditSearchParams,
  fieldChanges,
  hasActiveAuditFilters,
  parseAuditFilters,
  toAuditQuery,
  updateAuditFilters,
} from "./audit";
import { auditEntry } from "./testData";

describe("audit filters", () => {
  it("reads the URL, ignoring unknown or malformed values", () => {
    const filters = parseAuditFilters(
      new URLSearchParams("evenement=export&evenement=nope&evenement=read&evenement=read&du=2026-01-01&au=2026-13-45&personne=12&page=3"),
    );
    expect(filters).toEqual({ events: ["read", "export"], from: "2026-01-01", to: "", person: 12, page: 3 });
    expect(parseAuditFilters(new URLSearchParams("personne=abc&page=0"))).toEqual(EMPTY_AUDIT_FILTERS);
  });

  it("ignores impossible calendar dates", () => {
    expect(parseAuditFilters(new URLSearchParams("du=2026-02-30&au=2026-02-28"))).toEqual({
      ...EMPTY_AUDIT_FILTERS,
      to: "2026-02-28",
    });
    expect(parseAuditFilters(new URLSearchParams("du=2028-02-29")).from).toBe("2028-02-29");
  });

  it("writes the URL without the defaults, and back", () => {
    expect(auditSearchParams(EMPTY_AUDIT_FILTERS).toString()).toBe("");
    const filters = { events: ["update" as const, "read" as const], from: "2026-01-01", to: "2026-02-01", person: 12, page: 2 };
    const params = auditSearchParams(filters);
    expect(params.toString()).toBe("evenement=read&evenement=update&du=2026-01-01&au=2026-02-01&personne=12&page=2");
    expect(parseAuditFilters(params)).toEqual({ ...filters, events: ["read", "update"] });
  });

  it("goes back to page 1 when a filter changes, not when the page does", () => {
    const filters = { ...EMPTY_AUDIT_FILTERS, page: 4 };
    expect(updateAuditFilters(filters, { events: ["read"] }).page).toBe(1);
    expect(updateAuditFilters(filters, { page: 5 }).page).toBe(5);
    expect(hasActiveAuditFilters(filters)).toBe(false);
    expect(hasActiveAuditFilters({ ...filters, person: 3 })).toBe(true);
  });

  it("maps the filters to the API query", () => {
    expect(toAuditQuery(EMPTY_AUDIT_FILTERS)).toEqual({ page: 1, page_size: 50 });
    expect(
      toAuditQuery({ events: ["export", "read"], from: "2026-01-01", to: "2026-02-01", person: 12, page: 2 }),
    ).toEqual({ page: 2, page_size: 50, event: ["read", "export"], date_from: "2026-01-01", date_to: "2026-02-01", person: 12 });
  });
});

describe("audit entries", () => {
  it("lists the changed fields, old → new, empty values named", () => {
    expect(fieldChanges(auditEntry())).toEqual([]);
    expect(
      fieldChanges(
        auditEntry({
          event: "update",
          changes: { phase: ["entry", "active"], first_name: ["[masqué]", "[masqué]"], referent: ["None", "7"], odd: { a: 1 } },
        }),
      ),
    ).toEqual([
      { field: "phase", before: "entry", after: "active" },
      { field: "first_name", before: "[masqué]", after: "[masqué]" },
      { field: "referent", before: "(vide)", after: "7" },
      { field: "odd", before: "", after: '{"a":1}' },
    ]);
    const created = auditEntry({ event: "create", changes: { phase: ["None", "entry"] } });
    expect(fieldChanges(created)).toEqual([{ field: "phase", before: "", after: "entry" }]);
    const deleted = auditEntry({ event: "delete", changes: { phase: ["entry", "None"] } });
    expect(fieldChanges(deleted)).toEqual([{ field: "phase", before: "", after: "entry" }]);
  });

  it("names who did it", () => {
    expect(actorName(auditEntry())).toBe("Claire Martin");
    expect(actorName(auditEntry({ actor: { id: 5, name: " ", email: "cip1@rhone.demo" } }))).toBe("cip1@rhone.demo");
    expect(actorName(auditEntry({ actor: null, event: "anonymise" }))).toBe("Tremplin (automatique)");
    expect(actorName(auditEntry({ actor: null, event: "login_failed" }))).toBe("Inconnu");
  });

  it("links to the right-of-access export", () => {
    expect(accessExportUrl(12, "json")).toBe("/api/v1/persons/12/access-export/?file=json");
    expect(accessExportUrl(12, "html")).toBe("/api/v1/persons/12/access-export/?file=html");
  });
});
