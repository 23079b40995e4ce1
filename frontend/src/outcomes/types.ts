// The shapes of the outcomes API (docs/outcomes.md). Written from the contract until the
// generated schema has them; then these become aliases of the generated types.
export interface Count {
  value: number | null;
  suppressed: boolean;
}

export interface Rate {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  suppressed: boolean;
}

export interface Stat {
  value: number | null;
  suppressed: boolean;
}

export interface OutcomesFiltersEcho {
  from: string;
  to: string;
  structure: number[];
  programme: number | null;
  referent: number | null;
  region: string | null;
}

export interface ExitCategoryFigure {
  code: string;
  label: string;
  counted: boolean;
  dynamic: boolean;
  count: Count;
}

export interface PhaseFigure {
  phase: string;
  label: string;
  count: Count;
}

export interface Figures {
  exits_by_category: ExitCategoryFigure[];
  counted_exits: Count;
  dynamic_exit_rate: Rate;
  durable_employment_rate: Rate;
  active_by_phase: PhaseFigure[];
  entries: Count;
  length_days: { mean: Stat; median: Stat };
}

interface Stamped {
  filters: OutcomesFiltersEcho;
  generated_at: string;
}

export interface OutcomesSummary extends Stamped {
  targets: { dynamic_exit_rate: number; durable_employment_rate: number };
  total: Figures;
  structures: { id: number; name: string; region: string; figures: Figures }[];
}

export interface OutcomesTimeseries extends Stamped {
  months: { month: string; entries: Count; exits: { code: string; count: Count }[] }[];
}

export interface OutcomesFunnel extends Stamped {
  entered: Count;
  phases: PhaseFigure[];
  exited: Count;
  durable_employment: Count;
}

export interface OutcomesPlacements extends Stamped {
  proposed: Count;
  confirmed: Count;
  declined: Count;
  confirmation_rate: Rate;
  median_answer_days: Stat;
}

export interface OutcomesTrainings extends Stamped {
  enrolments: Count;
  completed: Count;
  passed: Count;
  dropped: Count;
  completion_rate: Rate;
}

export interface OutcomesVae extends Stamped {
  applications: Count;
  by_state: { state: string; label: string; count: Count }[];
  validated_full: Count;
  validated_partial: Count;
}

/** The query every outcomes endpoint takes. */
export interface OutcomesQuery {
  from: string;
  to: string;
  programme?: number;
  referent?: number;
  structure?: number[];
  region?: string;
}
