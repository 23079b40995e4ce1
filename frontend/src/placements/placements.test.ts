import { describe, expect, it } from "vitest";
import {
  EMPTY_PROPOSE_FORM,
  INBOX_PAGE_SIZE,
  INBOX_SECTIONS,
  buildProposePayload,
  countPlacements,
  formatHours,
  inboxSectionHeading,
  inboxSectionQuery,
  ownTransitions,
  placementDialog,
} from "./placements";

describe("INBOX_SECTIONS", () => {
  it("asks each section's own states, declined and cancelled in none, in a sensible order", () => {
    expect(INBOX_SECTIONS.map((section) => [section.title, inboxSectionQuery(section, 1)])).toEqual([
      ["À confirmer", { state: ["proposed"], ordering: "created_at", page: 1, page_size: INBOX_PAGE_SIZE }],
      ["En cours", { state: ["confirmed", "in_progress"], ordering: "start_date", page: 1, page_size: INBOX_PAGE_SIZE }],
      ["Passées", { state: ["completed", "interrupted"], ordering: "-start_date", page: 1, page_size: INBOX_PAGE_SIZE }],
    ]);
    const listed = INBOX_SECTIONS.flatMap((section) => section.states);
    expect(listed).not.toContain("declined");
    expect(listed).not.toContain("cancelled");
  });

  it("puts the count in the heading once known", () => {
    expect(inboxSectionHeading(INBOX_SECTIONS[0])).toBe("À confirmer");
    expect(inboxSectionHeading(INBOX_SECTIONS[0], 0)).toBe("À confirmer (0)");
    expect(inboxSectionHeading(INBOX_SECTIONS[1], 12)).toBe("En cours (12)");
    expect(countPlacements(1)).toBe("1 mise en situation");
    expect(countPlacements(12)).toBe("12 mises en situation");
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
