// Sample parcours rows (as GET /parcours/ lists them) and users, for the alert, home and manager tests.
import type { Me, Parcours } from "../api/types";
import type { Alert } from "./alerts";

const structure = { id: 1, name: "GES Rhône Solidaire", kind: "structure", time_zone: "Europe/Paris" };

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    code: "no_follow_up",
    severity: "high",
    label: "Aucun suivi depuis 30 jours",
    due_date: "2026-11-20",
    action: "Faire un entretien et le noter dans le journal.",
    ...overrides,
  };
}

export function parcoursRow(
  id: number,
  name: [first: string, last: string],
  overrides: Partial<Omit<Parcours, "id" | "person">> = {},
): Parcours {
  return {
    id,
    person: { id: 100 + id, first_name: name[0], last_name: name[1] },
    structure,
    programme: null,
    phase: "entry",
    phase_label: "Accueil / entrée",
    phase_changed_at: "2026-09-01T10:00:00+02:00",
    entry_date: "2026-09-01",
    referent: { id: 5, full_name: "Claire Martin", email: "cip1@rhone.demo" },
    co_referents: [],
    exit_date: null,
    exit_reason: null,
    exit_comment: "",
    version: 1,
    available_transitions: [],
    hours_worked: "0.00",
    alerts: [],
    created_at: "2026-09-01T10:00:00+02:00",
    updated_at: "2026-09-01T10:00:00+02:00",
    ...overrides,
  } as Parcours;
}

function user(role: "counsellor" | "manager", organisations: [number, string][] = [[1, structure.name]]): Me {
  return {
    id: role === "manager" ? 9 : 5,
    email: role === "manager" ? "direction@rhone.demo" : "cip1@rhone.demo",
    first_name: role === "manager" ? "Nadia" : "Claire",
    last_name: role === "manager" ? "Benali" : "Martin",
    memberships: organisations.map(([id, name]) => ({
      organisation: id,
      organisation_name: name,
      organisation_kind: "structure",
      role,
    })),
  } as Me;
}

export const counsellorMe = user("counsellor");
export const managerMe = user("manager");
export const managerOfTwo = user("manager", [
  [1, structure.name],
  [2, "Ateliers du Sud"],
]);
