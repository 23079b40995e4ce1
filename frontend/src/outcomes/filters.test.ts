import { describe, expect, it } from "vitest";
import {
  EMPTY_DASHBOARD_FILTERS,
  dashboardSearchParams,
  exportUrl,
  matchingPreset,
  parseDashboardFilters,
  periodError,
  presetPeriod,
  resolvePeriod,
  toOutcomesQuery,
  withPreset,
} from "./filters";
import { parseIsoDate } from "../shared/urlParams";

const TODAY = "2026-11-28";

describe("dashboard filters <-> URL", () => {
  it("round-trips every filter", () => {
    const url = "from=2026-02-01&to=2026-06-30&programme=4&referent=7&structure=1&structure=2&region=La+R%C3%A9union";
    const filters = parseDashboardFilters(new URLSearchParams(url));
    expect(filters).toEqual({
      from: "2026-02-01",
      to: "2026-06-30",
      programme: 4,
      referent: 7,
      structures: [1, 2],
      region: "La Réunion",
    });
    expect(dashboardSearchParams(filters).toString()).toBe(url);
  });

  it("ignores malformed values and leaves defaults out of the URL", () => {
    const filters = parseDashboardFilters(
      new URLSearchParams("from=2026-02-30&to=hier&programme=abc&structure=2&structure=x&structure=2"),
    );
    expect(filters).toEqual({ ...EMPTY_DASHBOARD_FILTERS, structures: [2] });
    expect(dashboardSearchParams(EMPTY_DASHBOARD_FILTERS).toString()).toBe("");
    expect(parseIsoDate("2028-02-29")).toBe("2028-02-29");
    expect(parseIsoDate("2026-02-29")).toBeNull();
  });
});

describe("the period", () => {
  it("defaults to the year to date", () => {
    expect(resolvePeriod(EMPTY_DASHBOARD_FILTERS, TODAY)).toEqual({ from: "2026-01-01", to: TODAY });
    expect(resolvePeriod({ from: "2025-06-01", to: null }, TODAY)).toEqual({ from: "2025-06-01", to: TODAY });
  });

  it("has quick choices, recognised from the dates", () => {
    expect(presetPeriod("last_12_months", TODAY)).toEqual({ from: "2025-12-01", to: TODAY });
    expect(presetPeriod("last_12_months", "2026-01-15")).toEqual({ from: "2025-02-01", to: "2026-01-15" });
    expect(presetPeriod("previous_year", TODAY)).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(matchingPreset({ from: "2025-01-01", to: "2025-12-31" }, TODAY)).toBe("previous_year");
    expect(matchingPreset({ from: "2025-01-02", to: "2025-12-31" }, TODAY)).toBeNull();
    const last12 = withPreset({ ...EMPTY_DASHBOARD_FILTERS, programme: 3 }, "last_12_months", TODAY);
    expect(dashboardSearchParams(last12).toString()).toBe("from=2025-12-01&to=2026-11-28&programme=3");
    expect(withPreset(last12, "year_to_date", TODAY)).toEqual({ ...EMPTY_DASHBOARD_FILTERS, programme: 3 });
  });

  it("says when the start is after the end", () => {
    expect(periodError({ from: "2026-05-01", to: "2026-04-01" })).toMatch("précéder");
    expect(periodError({ from: "2026-04-01", to: "2026-04-01" })).toBeNull();
  });
});

describe("API query and exports", () => {
  const filters = { ...EMPTY_DASHBOARD_FILTERS, programme: 4, referent: 7, structures: [2, 1], region: "La Réunion" };

  it("sends each filter only for the roles that have it", () => {
    expect(toOutcomesQuery(filters, "counsellor", TODAY)).toEqual({ from: "2026-01-01", to: TODAY, programme: 4 });
    expect(toOutcomesQuery(filters, "manager", TODAY)).toEqual({ from: "2026-01-01", to: TODAY, programme: 4, referent: 7 });
    expect(toOutcomesQuery(filters, "analyst", TODAY)).toEqual({
      from: "2026-01-01",
      to: TODAY,
      programme: 4,
      structure: [1, 2],
      region: "La Réunion",
    });
  });

  it("builds the export links with the filters", () => {
    const query = toOutcomesQuery(filters, "analyst", TODAY);
    expect(exportUrl("figures", "xlsx", query)).toBe(
      "/api/v1/outcomes/export/?file=xlsx&from=2026-01-01&to=2026-11-28&programme=4&structure=1&structure=2&region=La+R%C3%A9union",
    );
    expect(exportUrl("parcours", "csv", toOutcomesQuery(filters, "manager", TODAY))).toBe(
      "/api/v1/outcomes/parcours-export/?file=csv&from=2026-01-01&to=2026-11-28&programme=4&referent=7",
    );
  });
});
