// Sample answers of the outcomes API (docs/outcomes.md), typed, for the dashboard's tests.
import type { Me } from "../api/types";
import type {
  Count,
  Figures,
  OutcomesFunnel,
  OutcomesPlacements,
  OutcomesSummary,
  OutcomesTimeseries,
  OutcomesTrainings,
  OutcomesVae,
  Rate,
} from "./types";

export const count = (value: number): Count => ({ value, suppressed: false });
export const masked: Count = { value: null, suppressed: true };
export const rate = (numerator: number, denominator: number): Rate => ({
  value: denominator ? numerator / denominator : null,
  numerator,
  denominator,
  suppressed: false,
});
export const maskedRate: Rate = { value: null, numerator: null, denominator: null, suppressed: true };

const filters = { from: "2026-01-01", to: "2026-11-28", structure: [], programme: null, referent: null, region: null };
const stamp = { filters, generated_at: "2026-11-28T06:00:00+01:00" };

export function figures(overrides: Partial<Figures> = {}): Figures {
  return {
    exits_by_category: [
      { code: "emploi_durable", label: "Emploi durable", counted: true, dynamic: true, count: count(6) },
      { code: "emploi_transition", label: "Emploi de transition", counted: true, dynamic: true, count: count(5) },
      { code: "sortie_positive", label: "Sorties positives", counted: true, dynamic: true, count: count(2) },
      { code: "autre_sortie", label: "Autres sorties", counted: true, dynamic: false, count: count(7) },
      { code: "retrait", label: "Retrait des sorties constatées", counted: false, dynamic: false, count: count(1) },
    ],
    counted_exits: count(20),
    dynamic_exit_rate: rate(13, 20),
    durable_employment_rate: rate(6, 20),
    active_by_phase: [
      { phase: "entry", label: "Accueil / entrée", count: count(9) },
      { phase: "immersion", label: "Immersion (PMSMP)", count: count(4) },
      { phase: "interim", label: "Contrat d'intérim", count: count(3) },
      { phase: "training", label: "Formation", count: count(2) },
      { phase: "vae", label: "VAE", count: count(1) },
    ],
    entries: count(23),
    length_days: { mean: { value: 251.4, suppressed: false }, median: { value: 240, suppressed: false } },
    ...overrides,
  };
}

export const summary: OutcomesSummary = {
  ...stamp,
  targets: { dynamic_exit_rate: 0.6, durable_employment_rate: 0.25 },
  total: figures(),
  structures: [{ id: 1, name: "GES Rhône Solidaire", region: "Auvergne-Rhône-Alpes", figures: figures() }],
};

const small = figures({
  exits_by_category: figures().exits_by_category.map((c) => ({ ...c, count: c.code === "autre_sortie" ? count(6) : masked })),
  counted_exits: count(8),
  dynamic_exit_rate: maskedRate,
  durable_employment_rate: maskedRate,
  active_by_phase: figures().active_by_phase.map((p) => ({ ...p, count: p.phase === "entry" ? count(7) : masked })),
  entries: count(9),
  length_days: { mean: { value: 198, suppressed: false }, median: { value: null, suppressed: true } },
});

export const analystSummary: OutcomesSummary = {
  ...summary,
  total: figures({ counted_exits: count(28), entries: count(32), dynamic_exit_rate: rate(15, 28), durable_employment_rate: maskedRate }),
  structures: [
    { id: 1, name: "GES Rhône Solidaire", region: "Auvergne-Rhône-Alpes", figures: figures() },
    { id: 2, name: "ACI Ti Kaz Solidaire", region: "La Réunion", figures: small },
  ],
};

export const timeseries: OutcomesTimeseries = {
  ...stamp,
  months: [
    { month: "2026-01", entries: count(5), exits: [{ code: "emploi_durable", count: count(6) }, { code: "autre_sortie", count: masked }] },
    { month: "2026-02", entries: masked, exits: [{ code: "emploi_durable", count: count(0) }, { code: "autre_sortie", count: count(7) }] },
  ],
};

export const funnel: OutcomesFunnel = {
  ...stamp,
  entered: count(23),
  phases: [
    { phase: "immersion", label: "Immersion (PMSMP)", count: count(15) },
    { phase: "training", label: "Formation", count: masked },
  ],
  exited: count(12),
  durable_employment: count(5),
};

export const vae: OutcomesVae = {
  ...stamp,
  applications: count(8),
  by_state: [
    { state: "admissible", label: "Recevable", count: count(5) },
    { state: "validated_full", label: "Validée totalement", count: masked },
  ],
  validated_full: masked,
  validated_partial: count(0),
};

export const placements: OutcomesPlacements = {
  ...stamp,
  proposed: count(14),
  confirmed: count(9),
  declined: count(3),
  confirmation_rate: rate(9, 12),
  median_answer_days: { value: 2, suppressed: false },
};

export const trainings: OutcomesTrainings = {
  ...stamp,
  enrolments: count(18),
  completed: count(11),
  passed: count(8),
  dropped: count(2),
  completion_rate: rate(11, 13),
};

function user(role: string, email: string, organisation: [number, string, string]): Me {
  return {
    id: 30,
    email,
    first_name: "Camille",
    last_name: "Roux",
    memberships: [{ organisation: organisation[0], organisation_name: organisation[1], organisation_kind: organisation[2], role }],
  } as unknown as Me;
}

export const analystMe = user("network_analyst", "analyste@reseau.demo", [10, "Réseau Coorace", "network"]);
export const employerMe = user("employer_contact", "rh@tilleuls.demo", [20, "Groupe EHPAD Les Tilleuls", "employer"]);
export const trainerMe = user("trainer", "formation@ifs.demo", [30, "IFS", "training_body"]);
