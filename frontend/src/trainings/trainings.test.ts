import { describe, expect, it } from "vitest";
import {
  EMPTY_ENROLMENT_FORM,
  EMPTY_VAE_FORM,
  attendanceBounds,
  attendanceRecords,
  blocNumbers,
  defaultAttendanceDay,
  buildEnrolmentBody,
  buildVaeBody,
  experienceLabel,
  groupSessionEnrolments,
  isVaeInProgress,
  ownTransitions,
  seatsLabel,
  vaeDialogFields,
} from "./trainings";
import { TRAINER_ONLY, enrolment, option } from "./testData";

describe("trainings", () => {
  it("says how many seats are left, and when the session is full", () => {
    expect(seatsLabel({ capacity: 12, seats_left: 3 })).toBe("3 places restantes / 12");
    expect(seatsLabel({ capacity: 12, seats_left: 1 })).toBe("1 place restante / 12");
    expect(seatsLabel({ capacity: 12, seats_left: 0 })).toBe("Complet (12 places)");
  });

  it("sorts a session's enrolments into the trainer's sections, by name", () => {
    const sections = groupSessionEnrolments([
      enrolment({ id: 1, state: "applied", person: { first_name: "Léa", last_name: "Roux" } }),
      enrolment({ id: 2, state: "applied", person: { first_name: "Awa", last_name: "Diallo" } }),
      enrolment({ id: 3, state: "accepted" }),
      enrolment({ id: 4, state: "attending" }),
      enrolment({ id: 5, state: "refused" }),
      enrolment({ id: 6, state: "dropped" }),
    ]);
    expect(sections.map((section) => [section.key, section.enrolments.map((e) => e.id)])).toEqual([
      ["to_decide", [2, 1]],
      ["attendance", [3]],
      ["results", [4]],
      ["closed", [5, 6]],
    ]);
  });

  it("builds each enrolment transition's body from the dialog's fields", () => {
    expect(buildEnrolmentBody("refuse", { ...EMPTY_ENROLMENT_FORM, refusalReason: "  Session complète  " })).toEqual({
      refusal_reason: "Session complète",
    });
    expect(buildEnrolmentBody("refuse", EMPTY_ENROLMENT_FORM)).toEqual({});
    expect(buildEnrolmentBody("complete", { ...EMPTY_ENROLMENT_FORM, result: "passed", blocs: [3, 1] })).toEqual({
      result: "passed",
      validated_blocs: [1, 3],
    });
    expect(buildEnrolmentBody("complete", EMPTY_ENROLMENT_FORM)).toEqual({ validated_blocs: [] });
    expect(buildEnrolmentBody("attend", { ...EMPTY_ENROLMENT_FORM, comment: "Présente" })).toEqual({
      comment: "Présente",
    });
  });

  it("keeps only the transitions the user fires", () => {
    const options = [option("accept", "Accepter", false, TRAINER_ONLY), option("drop", "Abandon")];
    expect(ownTransitions(options).map((o) => o.name)).toEqual(["drop"]);
  });

  it("asks each VAE step for what it needs", () => {
    expect(vaeDialogFields("schedule_jury")).toMatchObject({ dateLabel: "Date du jury", dateRequired: true, futureAllowed: true });
    expect(vaeDialogFields("validate_partial")).toMatchObject({ blocs: true, futureAllowed: false });
    expect(vaeDialogFields("submit_feasibility")).toMatchObject({ certifier: true });
    expect(vaeDialogFields("start_complement")).toMatchObject({ blocs: false, certifier: false, dateRequired: false });
  });

  it("builds a VAE step's body: the date when given, the blocs of a partial validation", () => {
    expect(buildVaeBody("declare_admissible", EMPTY_VAE_FORM)).toEqual({});
    expect(buildVaeBody("schedule_jury", { ...EMPTY_VAE_FORM, date: "2026-12-01" })).toEqual({ date: "2026-12-01" });
    expect(buildVaeBody("validate_partial", { ...EMPTY_VAE_FORM, blocs: [4, 2], comment: " ok " })).toEqual({
      validated_blocs: [2, 4],
      comment: "ok",
    });
    expect(buildVaeBody("submit_feasibility", { ...EMPTY_VAE_FORM, certifier: "DREETS", blocs: [1] })).toEqual({
      certifier: "DREETS",
    });
  });

  it("tells a VAE in progress from a finished one", () => {
    expect(isVaeInProgress({ state: "validated_partial" })).toBe(true);
    expect(isVaeInProgress({ state: "project" })).toBe(true);
    expect(isVaeInProgress({ state: "validated_full" })).toBe(false);
    expect(isVaeInProgress({ state: "not_admissible" })).toBe(false);
    expect(isVaeInProgress({ state: "refused" })).toBe(false);
  });

  it("formats the experience and the blocs in French", () => {
    expect(experienceLabel({ hours: "1204.50", required_hours: 1607, percent: 74 })).toBe(
      `1\u202f204,5 h sur 1\u202f607 h`,
    );
    expect(blocNumbers([{ number: 3 }, { number: 1 }])).toBe("Bloc 1, Bloc 3");
    expect(blocNumbers([])).toBe("");
  });
});

describe("attendance sheet", () => {
  const session = { start_date: "2026-09-07", end_date: "2026-11-20" };

  it("keeps the sheet from the session's start to its end, never after today", () => {
    expect(attendanceBounds(session, "2026-10-01")).toEqual({ min: "2026-09-07", max: "2026-10-01", open: true });
    expect(attendanceBounds(session, "2026-12-01")).toEqual({ min: "2026-09-07", max: "2026-11-20", open: true });
    expect(attendanceBounds(session, "2026-09-01").open).toBe(false);
    expect(defaultAttendanceDay(session, "2026-12-01")).toBe("2026-11-20");
  });

  it("saves every editable line with a status, the one ticked on screen first", () => {
    const rows = [
      { enrolment: 1, person: { first_name: "A", last_name: "A" }, state: "accepted", editable: true, status: null },
      { enrolment: 2, person: { first_name: "B", last_name: "B" }, state: "attending", editable: true, status: "absent" },
      { enrolment: 3, person: { first_name: "C", last_name: "C" }, state: "attending", editable: true, status: null },
      { enrolment: 4, person: { first_name: "D", last_name: "D" }, state: "dropped", editable: false, status: "present" },
    ] as const;
    expect(attendanceRecords([...rows], { 1: "present" })).toEqual([
      { enrolment: 1, status: "present" },
      { enrolment: 2, status: "absent" },
    ]);
    expect(attendanceRecords([...rows], { 2: "excused", 3: "present" })).toEqual([
      { enrolment: 2, status: "excused" },
      { enrolment: 3, status: "present" },
    ]);
  });
});
