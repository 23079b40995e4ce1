// Short names for the outcomes API's generated types (docs/outcomes.md; nothing written by hand).
import type { components, operations } from "../api/schema";

type Schemas = components["schemas"];

export type Count = Schemas["OutcomeCount"];
export type Rate = Schemas["OutcomeRate"];
export type Stat = Schemas["OutcomeStat"];
export type Figures = Schemas["OutcomeFigures"];
export type ExitCategoryFigure = Schemas["OutcomeExitCategoryCount"];
export type PhaseFigure = Schemas["OutcomePhaseCount"];
export type OutcomesSummary = Schemas["OutcomeSummary"];
export type OutcomesTimeseries = Schemas["OutcomeTimeseries"];
export type OutcomesFunnel = Schemas["OutcomeFunnel"];
export type OutcomesPlacements = Schemas["OutcomePlacements"];
export type OutcomesTrainings = Schemas["OutcomeTrainings"];
export type OutcomesVae = Schemas["OutcomeVae"];

/** The query every outcomes endpoint takes (the same filters for all). */
export type OutcomesQuery = NonNullable<operations["outcomes_summary"]["parameters"]["query"]> & { from: string; to: string };
