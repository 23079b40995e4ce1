// The outcomes endpoints (GET /api/v1/outcomes/<name>/), one query each, keyed by the filters.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type {
  OutcomesFunnel,
  OutcomesPlacements,
  OutcomesQuery,
  OutcomesSummary,
  OutcomesTimeseries,
  OutcomesTrainings,
  OutcomesVae,
} from "./types";

interface Answers {
  summary: OutcomesSummary;
  timeseries: OutcomesTimeseries;
  funnel: OutcomesFunnel;
  placements: OutcomesPlacements;
  trainings: OutcomesTrainings;
  vae: OutcomesVae;
}

export type OutcomesEndpoint = keyof Answers;

export const outcomesKeys = {
  all: ["outcomes"] as const,
  one: (endpoint: OutcomesEndpoint, query: OutcomesQuery) => ["outcomes", endpoint, query] as const,
};

function getOutcomes<E extends OutcomesEndpoint>(endpoint: E, query: OutcomesQuery, signal: AbortSignal) {
  // Typed by hand (./types) while the generated schema does not describe these paths yet.
  const get = api.GET as unknown as (
    path: string,
    init: { params: { query: OutcomesQuery }; signal: AbortSignal },
  ) => Promise<{ data?: Answers[E]; error?: unknown; response: Response }>;
  return unwrap(get(`/api/v1/outcomes/${endpoint}/`, { params: { query }, signal }));
}

export function useOutcomes<E extends OutcomesEndpoint>(endpoint: E, query: OutcomesQuery, enabled = true) {
  return useQuery({
    queryKey: outcomesKeys.one(endpoint, query),
    queryFn: ({ signal }) => getOutcomes(endpoint, query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
