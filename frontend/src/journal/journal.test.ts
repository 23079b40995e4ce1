import { describe, expect, it } from "vitest";
import { appointment } from "./testData";
import { formatDuration, isOverdue, nextBarrierStatus, nowInTimeZone, splitAppointments } from "./journal";

describe("nowInTimeZone", () => {
  // 20:30 UTC on 5 March: 21:30 in Paris, 00:30 the next day in La Réunion.
  const instant = new Date("2024-03-05T20:30:00Z");

  it("gives the structure's wall-clock time as a datetime-local value", () => {
    expect(nowInTimeZone("Europe/Paris", instant)).toBe("2024-03-05T21:30");
    expect(nowInTimeZone("Indian/Reunion", instant)).toBe("2024-03-06T00:30");
    expect(nowInTimeZone("Europe/Paris", new Date("2024-03-05T20:30:41Z"), true)).toBe("2024-03-05T21:30:41");
  });

  it("does not fail on an unknown zone", () => {
    expect(nowInTimeZone("Mars/Olympus", instant)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  });
});

describe("isOverdue", () => {
  it("is an open action due before today", () => {
    expect(isOverdue({ status: "planned", due_date: "2026-06-30" }, "2026-07-01")).toBe(true);
    expect(isOverdue({ status: "standby", due_date: "2026-06-30" }, "2026-07-01")).toBe(true);
    expect(isOverdue({ status: "planned", due_date: "2026-07-01" }, "2026-07-01")).toBe(false);
    expect(isOverdue({ status: "done", due_date: "2026-06-30" }, "2026-07-01")).toBe(false);
    expect(isOverdue({ status: "cancelled", due_date: "2026-06-30" }, "2026-07-01")).toBe(false);
  });
});

describe("nextBarrierStatus", () => {
  it("goes identifié → en cours → levé", () => {
    expect(nextBarrierStatus("identified")).toBe("in_progress");
    expect(nextBarrierStatus("in_progress")).toBe("resolved");
    expect(nextBarrierStatus("resolved")).toBeNull();
  });
});

describe("splitAppointments", () => {
  it("compares the wall-clock times written with the structure's offset", () => {
    const { upcoming, past } = splitAppointments(
      [
        appointment({ id: 1, starts_at: "2026-07-01T12:00:00+04:00" }),
        appointment({ id: 2, starts_at: "2026-07-01T12:01:00+04:00" }),
        appointment({ id: 3, starts_at: "2026-06-30T08:00:00+04:00" }),
      ],
      "2026-07-01T12:00",
    );
    expect(upcoming.map((item) => item.id)).toEqual([2]);
    expect(past.map((item) => item.id)).toEqual([1, 3]);
  });
});

describe("formatDuration", () => {
  it("writes minutes, then hours", () => {
    expect(formatDuration(45)).toBe("45 min");
    expect(formatDuration(60)).toBe("1 h");
    expect(formatDuration(95)).toBe("1 h 35");
  });
});
