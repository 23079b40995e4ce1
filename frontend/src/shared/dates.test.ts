import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatElapsed, todayInTimeZone } from "./dates";

describe("formatDate", () => {
  it("writes ISO dates as dd/mm/yyyy", () => {
    expect(formatDate("2024-03-05")).toBe("05/03/2024");
    expect(formatDate("2024-12-31T23:59:00+01:00")).toBe("31/12/2024");
  });

  it("returns an empty text for no date and the raw value for an unexpected one", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate("")).toBe("");
    expect(formatDate("bientôt")).toBe("bientôt");
  });
});

describe("formatDateTime", () => {
  it("shows the wall-clock time written with the structure's offset, not the browser's zone", () => {
    expect(formatDateTime("2024-03-05T23:30:12.123456+04:00")).toBe("05/03/2024 23:30");
    expect(formatDateTime("2024-07-14T08:05:00-04:00")).toBe("14/07/2024 08:05");
    expect(formatDateTime("2024-07-14T08:05:00Z")).toBe("14/07/2024 08:05");
  });
});

describe("todayInTimeZone", () => {
  // 20:30 UTC on 5 March: still the 5th in Paris (21:30), already the 6th in La Réunion (00:30).
  const instant = new Date("2024-03-05T20:30:00Z");

  it("computes today's date in the structure's zone", () => {
    expect(todayInTimeZone("Europe/Paris", instant)).toBe("2024-03-05");
    expect(todayInTimeZone("Indian/Reunion", instant)).toBe("2024-03-06");
    expect(todayInTimeZone("America/Guadeloupe", new Date("2024-03-06T02:00:00Z"))).toBe("2024-03-05");
  });

  it("does not fail on an unknown zone", () => {
    expect(todayInTimeZone("Mars/Olympus", instant)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe("formatElapsed", () => {
  const now = new Date("2024-06-30T12:00:00Z");

  it("counts days, then months, then years", () => {
    expect(formatElapsed("2024-06-30T08:00:00+02:00", now)).toBe("aujourd'hui");
    expect(formatElapsed("2024-06-29T11:00:00Z", now)).toBe("1 jour");
    expect(formatElapsed("2024-06-18T12:00:00Z", now)).toBe("12 jours");
    expect(formatElapsed("2024-03-30T12:00:00Z", now)).toBe("3 mois");
    expect(formatElapsed("2023-06-30T12:00:00Z", now)).toBe("1 an");
    expect(formatElapsed("2021-12-01T12:00:00Z", now)).toBe("2 ans et 6 mois");
  });

  it("returns an empty text for a missing or invalid instant", () => {
    expect(formatElapsed(null, now)).toBe("");
    expect(formatElapsed("hier", now)).toBe("");
  });
});
