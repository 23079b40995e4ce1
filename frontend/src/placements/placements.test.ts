import { describe, expect, it } from "vitest";
import type { Placement, PlacementState } from "../api/types";
import { EMPTY_PROPOSE_FORM, buildProposePayload, formatHours, groupInbox, ownTransitions, placementDialog } from "./placements";

function placement(id: number, state: PlacementState, start_date = "2024-03-05"): Placement {
  return { id, state, start_date } as Placement;
}

describe("groupInbox", () => {
  it("puts each state in its section and leaves declined/cancelled out", () => {
    const sections = groupInbox([
      placement(1, "proposed"),
      placement(2, "confirmed"),
      placement(3, "in_progress"),
      placement(4, "completed"),
      placement(5, "interrupted"),
      placement(6, "declined"),
      placement(7, "cancelled"),
    ]);
    expect(sections.map((s) => s.title)).toEqual(["À confirmer", "En cours", "Passées"]);
    expect(sections.map((s) => s.placements.map((p) => p.id))).toEqual([[1], [2, 3], [5, 4]]);
  });

  it("sorts by start date, the most recent first for the past ones", () => {
    const sections = groupInbox([
      placement(1, "proposed", "2024-05-01"),
      placement(2, "proposed", "2024-04-01"),
      placement(3, "completed", "2024-01-01"),
      placement(4, "completed", "2024-02-01"),
    ]);
    expect(sections[0].placements.map((p) => p.id)).toEqual([2, 1]);
    expect(sections[2].placements.map((p) => p.id)).toEqual([4, 3]);
  });

  it("gives each empty section its own message", () => {
    expect(groupInbox([]).map((s) => [s.placements.length, s.empty])).toEqual([
      [0, "Aucune mise en situation à confirmer."],
      [0, "Aucune mise en situation en cours."],
      [0, "Aucune mise en situation passée."],
    ]);
  });
});

describe("buildProposePayload", () => {
  const base = { ...EMPTY_PROPOSE_FORM, establishment: "4", startDate: "2024-06-03", endDate: "2024-06-14" };

  it("sends the purpose for a PMSMP, never the mission fields", () => {
    expect(
      buildProposePayload(7, { ...base, kind: "pmsmp", purpose: "discover", position: "ASH", weeklyHours: "35" }),
    ).toEqual({
      parcours: 7,
      kind: "pmsmp",
      establishment: 4,
      start_date: "2024-06-03",
      end_date: "2024-06-14",
      purpose: "discover",
    });
  });

  it("sends position and weekly hours for a mission, never the purpose", () => {
    expect(
      buildProposePayload(7, { ...base, kind: "mission", purpose: "recruit", position: " ASH ", weeklyHours: "17,5" }),
    ).toEqual({
      parcours: 7,
      kind: "mission",
      establishment: 4,
      start_date: "2024-06-03",
      end_date: "2024-06-14",
      position: "ASH",
      weekly_hours: "17.5",
    });
  });

  it("leaves empty fields out", () => {
    expect(buildProposePayload(7, EMPTY_PROPOSE_FORM)).toEqual({ parcours: 7 });
  });
});

describe("placementDialog / formatHours", () => {
  it("picks the dialog of each transition", () => {
    expect(["decline", "complete", "confirm", "start", "interrupt", "cancel"].map(placementDialog)).toEqual([
      "decline",
      "complete",
      "confirm",
      "confirm",
      "confirm",
      "confirm",
    ]);
  });

  it("formats hours in French", () => {
    expect(formatHours("140.00")).toBe("140");
    expect(formatHours("12.50")).toBe("12,5");
    expect(formatHours(null)).toBe("0");
  });
});

describe("ownTransitions", () => {
  it("leaves out the transitions another party fires, keeps the others (even blocked)", () => {
    const options = [
      { name: "confirm", label: "Confirmer", allowed: false, reasons: [{ code: "not_allowed_for_user", message: "x" }] },
      { name: "cancel", label: "Annuler", allowed: true, reasons: [] },
      { name: "start", label: "Démarrer", allowed: false, reasons: [{ code: "too_early", message: "y" }] },
    ];
    expect(ownTransitions(options).map((o) => o.name)).toEqual(["cancel", "start"]);
    expect(ownTransitions(undefined)).toEqual([]);
  });
});
