// Sample API objects for the trainings tests (shapes of the generated schema).
import type { Enrolment, TrainingSession, TransitionOption, VaeApplication } from "../api/types";

export const DEAS_BLOCS = [
  { number: 1, label: "Accompagnement de la personne" },
  { number: 2, label: "Évaluation de l'état clinique" },
  { number: 3, label: "Information et accompagnement" },
  { number: 4, label: "Entretien de l'environnement" },
  { number: 5, label: "Travail en équipe" },
];

export function trainingSession(overrides: Partial<TrainingSession> = {}): TrainingSession {
  return {
    id: 11,
    training: {
      id: 3,
      title: "DEAS — parcours complet",
      duration_hours: 1540,
      certification: { id: 1, code: "DEAS", title: "Diplôme d'État d'aide-soignant" },
    },
    training_body: { id: 8, name: "IFS Lyon Sud" },
    start_date: "2026-09-07",
    end_date: "2027-06-30",
    place: "Pierre-Bénite",
    capacity: 12,
    seats_taken: 9,
    seats_left: 3,
    applied_count: 2,
    attending_count: 4,
    ...overrides,
  };
}

const option = (name: string, label: string, allowed = true, reasons: TransitionOption["reasons"] = []) => ({
  name,
  label,
  allowed,
  reasons,
});

export const TRAINER_ONLY = [{ code: "not_allowed_for_user", message: "Seuls les formateurs décident." }];

export function enrolment(overrides: Partial<Enrolment> = {}): Enrolment {
  return {
    id: 21,
    parcours: 7,
    person: { first_name: "Awa", last_name: "Diallo" },
    session: {
      id: 11,
      training: trainingSession().training,
      training_body: { id: 8, name: "IFS Lyon Sud" },
      start_date: "2026-09-07",
      end_date: "2027-06-30",
      place: "Pierre-Bénite",
      capacity: 12,
      certification_blocs: DEAS_BLOCS,
    },
    seats_taken: 9,
    state: "applied",
    state_label: "Candidature",
    result: "" as Enrolment["result"],
    result_label: "",
    validated_blocs: [],
    refusal_reason: "",
    applied_by: { id: 5, full_name: "Claire Martin", email: "cip1@rhone.demo" },
    attendance: { present: 0, absent: 0, excused: 0 },
    version: 1,
    available_transitions: [
      option("accept", "Accepter"),
      option("refuse", "Refuser"),
      option("drop", "Abandon"),
    ],
    created_at: "2026-06-01T10:00:00+02:00",
    ...overrides,
  };
}

export { option };

export function vaeApplication(overrides: Partial<VaeApplication> = {}): VaeApplication {
  return {
    id: 31,
    parcours: 7,
    person: { first_name: "Awa", last_name: "Diallo" },
    certification: {
      id: 1,
      code: "DEAS",
      title: "Diplôme d'État d'aide-soignant",
      rncp: "RNCP35830",
      required_experience_hours: 1607,
      blocs: DEAS_BLOCS,
    },
    state: "validated_partial",
    state_label: "Validation partielle",
    certifier: "DREETS Auvergne-Rhône-Alpes",
    feasibility_submitted_on: "2026-01-12",
    request_year: 2026,
    admissibility_decided_on: "2026-02-20",
    admissible_by_silence: false,
    validation_file_submitted_on: "2026-04-02",
    jury_date: "2026-06-15",
    decided_on: "2026-06-15",
    validated_blocs: DEAS_BLOCS.slice(0, 2),
    missing_blocs: DEAS_BLOCS.slice(2),
    experience: { hours: "1204.50", required_hours: 1607, percent: 74 },
    steps: [
      {
        name: "create",
        source: "",
        target: "project",
        target_label: "Projet",
        effective_date: "2026-01-05",
        occurred_at: "2026-01-05T09:00:00+01:00",
        actor: "Claire Martin",
        comment: "",
        details: { carried_over_blocs: [] },
      },
      {
        name: "validate_partial",
        source: "jury_scheduled",
        target: "validated_partial",
        target_label: "Validation partielle",
        effective_date: "2026-06-15",
        occurred_at: "2026-06-15T18:00:00+02:00",
        actor: "Claire Martin",
        comment: "Blocs 1 et 2",
        details: { validated_blocs: [1, 2] },
      },
    ],
    version: 6,
    available_transitions: [option("start_complement", "Parcours complémentaire")],
    created_at: "2026-01-05T09:00:00+01:00",
    ...overrides,
  };
}

/** A fetch stub that answers by path (the first key the URL's path starts with). */
export function fetchByPath(routes: Record<string, unknown>) {
  return async (request: Request | string) => {
    const url = new URL(typeof request === "string" ? request : request.url, "http://localhost");
    const key = Object.keys(routes)
      .sort((a, b) => b.length - a.length)
      .find((path) => url.pathname.startsWith(path));
    if (!key) return new Response(JSON.stringify({ code: "not_found", message: "Introuvable." }), { status: 404 });
    return new Response(JSON.stringify(routes[key]), { headers: { "Content-Type": "application/json" } });
  };
}
