import { describe, expect, it } from "vitest";
import { alertLink, compareAlerts, flattenAlerts, normaliseAlertCodes, relativeDueDate } from "./alerts";
import { alert, parcoursRow } from "./testData";

describe("alerts", () => {
  it("orders by severity, then by the earliest due date (none last)", () => {
    const late = alert({ severity: "high", due_date: "2026-12-20" });
    const soon = alert({ severity: "high", due_date: "2026-11-01" });
    const medium = alert({ severity: "medium", due_date: "2026-10-01" });
    const undated = alert({ severity: "high", due_date: null });
    expect([medium, undated, late, soon].sort(compareAlerts)).toEqual([soon, late, undated, medium]);
  });

  it("flattens the parcours' alerts into one item each, the most urgent first", () => {
    const rows = [
      parcoursRow(1, ["Léa", "Blanc"], {
        alerts: [alert({ code: "action_overdue", severity: "medium", due_date: "2026-11-01", label: "Action" })],
      }),
      parcoursRow(2, ["Marc", "Durand"], {
        alerts: [
          alert({ code: "pass_iae_ending", severity: "high", due_date: "2027-01-15", label: "PASS" }),
          alert({ code: "no_follow_up", severity: "high", due_date: "2026-11-20", label: "Suivi" }),
        ],
      }),
    ];
    expect(flattenAlerts(rows).map((item) => `${item.parcours.id}:${item.alert.label}`)).toEqual([
      "2:Suivi",
      "2:PASS",
      "1:Action",
    ]);
  });

  it("links to the journal tab that deals with the alert", () => {
    expect(alertLink(7, "no_follow_up")).toBe("/parcours/7?onglet=suivi");
    expect(alertLink(7, "action_overdue")).toBe("/parcours/7?onglet=plan");
    expect(alertLink(7, "appointment_missed")).toBe("/parcours/7?onglet=rendez-vous");
    expect(alertLink(7, "pass_iae_ending")).toBe("/parcours/7");
  });

  it("says the due date relatively, in French", () => {
    expect(relativeDueDate("2026-11-28", "2026-11-28")).toBe("aujourd'hui");
    expect(relativeDueDate("2026-11-29", "2026-11-28")).toBe("demain");
    expect(relativeDueDate("2026-11-27", "2026-11-28")).toBe("hier");
    expect(relativeDueDate("2026-12-05", "2026-11-28")).toBe("dans 7 jours");
    expect(relativeDueDate("2026-10-29", "2026-11-28")).toBe("il y a 30 jours");
    expect(relativeDueDate("2027-03-28", "2026-11-28")).toBe("dans 120 jours");
    expect(relativeDueDate(null, "2026-11-28")).toBe("");
  });

  it("keeps known alert codes only, once, in a stable order", () => {
    expect(normaliseAlertCodes(["action_overdue", "x", "pass_iae_ending", "action_overdue"])).toEqual([
      "pass_iae_ending",
      "action_overdue",
    ]);
  });
});
