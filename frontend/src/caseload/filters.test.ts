import { describe, expect, it } from "vitest";
import {
  DEFAULT_ORDERING,
  EMPTY_FILTERS,
  PAGE_SIZE,
  hasActiveFilters,
  pageCount,
  parseFilters,
  toAlertCountsQuery,
  toApiQuery,
  toSearchParams,
  updateFilters,
  type CaseloadFilters,
} from "./filters";

const parse = (query: string) => parseFilters(new URLSearchParams(query));

describe("parseFilters", () => {
  it("gives the defaults for an empty query string", () => {
    expect(parse("")).toEqual(EMPTY_FILTERS);
  });

  it("reads every filter", () => {
    expect(
      parse("search=Dupont&phase=entry&phase=exited&programme=3&referent=7&ordering=person__last_name&page=2"),
    ).toEqual({
      search: "Dupont",
      phases: ["entry", "exited"],
      alerts: [],
      programme: 3,
      referent: 7,
      ordering: "person__last_name",
      page: 2,
    });
  });

  it("reads repeated phase parameters, without duplicates, in the order of the phases", () => {
    expect(parse("phase=exited&phase=entry&phase=exited&phase=vae").phases).toEqual(["entry", "vae", "exited"]);
  });

  it("ignores bad values instead of failing", () => {
    expect(parse("phase=nope&phase=ENTRY&programme=abc&referent=-1&ordering=password&page=0")).toEqual(EMPTY_FILTERS);
    expect(parse("programme=1.5&referent=1e3&page=2.5")).toMatchObject({ programme: null, referent: null, page: 1 });
    expect(parse("page=-3").page).toBe(1);
    expect(parse("programme=99999999999999999999").programme).toBeNull();
  });

  it("reads repeated alert parameters, known codes only, without duplicates", () => {
    expect(parse("alert=action_overdue&alert=nope&alert=no_follow_up&alert=action_overdue").alerts).toEqual([
      "no_follow_up",
      "action_overdue",
    ]);
  });

  it("keeps the search text as typed (with its spaces)", () => {
    expect(parse("search=%20Marie%20Curie").search).toBe(" Marie Curie");
  });
});

describe("toSearchParams", () => {
  it("writes only what differs from the defaults", () => {
    expect(toSearchParams(EMPTY_FILTERS).toString()).toBe("");
    expect(toSearchParams({ ...EMPTY_FILTERS, search: "   " }).toString()).toBe("");
  });

  it("writes repeated phase parameters and every other filter", () => {
    const filters: CaseloadFilters = {
      search: "Léa",
      phases: ["exited", "entry"],
      alerts: ["action_overdue", "no_follow_up"],
      programme: 3,
      referent: 7,
      ordering: "entry_date",
      page: 2,
    };
    const params = toSearchParams(filters);
    expect(params.getAll("phase")).toEqual(["entry", "exited"]);
    expect(params.getAll("alert")).toEqual(["no_follow_up", "action_overdue"]);
    expect(params.toString()).toBe(
      "search=L%C3%A9a&phase=entry&phase=exited&alert=no_follow_up&alert=action_overdue&programme=3&referent=7&ordering=entry_date&page=2",
    );
  });

  it("round-trips through the URL", () => {
    const filters: CaseloadFilters = {
      search: "O'Brien & fils",
      phases: ["immersion", "training"],
      alerts: ["pass_iae_ending"],
      programme: 12,
      referent: null,
      ordering: "phase_changed_at",
      page: 4,
    };
    expect(parseFilters(new URLSearchParams(toSearchParams(filters).toString()))).toEqual(filters);
  });

  it("accepts the default ordering written explicitly in a shared link", () => {
    expect(parse(`ordering=${DEFAULT_ORDERING}`)).toEqual(EMPTY_FILTERS);
  });
});

describe("updateFilters", () => {
  const onPage3: CaseloadFilters = { ...EMPTY_FILTERS, phases: ["entry"], page: 3 };

  it("goes back to page 1 when a filter changes", () => {
    expect(updateFilters(onPage3, { search: "Martin" })).toMatchObject({ search: "Martin", page: 1 });
    expect(updateFilters(onPage3, { phases: ["entry", "vae"] }).page).toBe(1);
    expect(updateFilters(onPage3, { alerts: ["no_follow_up"] }).page).toBe(1);
    expect(updateFilters(onPage3, { programme: 2 }).page).toBe(1);
    expect(updateFilters(onPage3, { referent: 5 }).page).toBe(1);
    expect(updateFilters(onPage3, { ordering: "entry_date" }).page).toBe(1);
  });

  it("keeps the other filters when only the page changes", () => {
    expect(updateFilters(onPage3, { page: 4 })).toEqual({ ...onPage3, page: 4 });
  });

  it("does not change the filters it is given", () => {
    updateFilters(onPage3, { search: "x" });
    expect(onPage3.page).toBe(3);
  });
});

describe("toApiQuery", () => {
  it("sends the page size, the page and the ordering by default", () => {
    expect(toApiQuery(EMPTY_FILTERS, { withReferent: true })).toEqual({
      ordering: DEFAULT_ORDERING,
      page: 1,
      page_size: PAGE_SIZE,
    });
  });

  it("sends the trimmed search, the phases, the programme and (for managers) the referent", () => {
    const filters: CaseloadFilters = {
      search: "  Dupont ",
      phases: ["exited", "entry"],
      alerts: ["appointment_missed"],
      programme: 3,
      referent: 7,
      ordering: "person__last_name",
      page: 2,
    };
    expect(toApiQuery(filters, { withReferent: true })).toEqual({
      search: "Dupont",
      phase: ["entry", "exited"],
      alert: ["appointment_missed"],
      programme: 3,
      referent: 7,
      ordering: "person__last_name",
      page: 2,
      page_size: PAGE_SIZE,
    });
    expect(toApiQuery(filters, { withReferent: false })).not.toHaveProperty("referent");
  });

  it("counts the alerts with the same filters, but neither the alerts nor the paging", () => {
    const filters: CaseloadFilters = {
      ...EMPTY_FILTERS,
      search: "Dupont",
      phases: ["entry"],
      alerts: ["no_follow_up"],
      referent: 7,
      page: 3,
    };
    expect(toAlertCountsQuery(filters, { withReferent: true })).toEqual({ search: "Dupont", phase: ["entry"], referent: 7 });
  });
});

describe("helpers", () => {
  it("counts pages of 25, with at least one", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(25)).toBe(1);
    expect(pageCount(26)).toBe(2);
    expect(pageCount(101)).toBe(5);
  });

  it("knows when filters are active (the ordering and the page are not filters)", () => {
    expect(hasActiveFilters(EMPTY_FILTERS)).toBe(false);
    expect(hasActiveFilters({ ...EMPTY_FILTERS, ordering: "entry_date", page: 3 })).toBe(false);
    expect(hasActiveFilters({ ...EMPTY_FILTERS, phases: ["vae"] })).toBe(true);
    expect(hasActiveFilters({ ...EMPTY_FILTERS, search: "a" })).toBe(true);
    expect(hasActiveFilters({ ...EMPTY_FILTERS, alerts: ["no_follow_up"] })).toBe(true);
  });
});
