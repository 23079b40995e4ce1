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

const init = (query: OutcomesQuery, signal: AbortSignal) => ({ params: { query }, signal });

const FETCHERS: { [E in OutcomesEndpoint]: (query: OutcomesQuery, signal: AbortSignal) => Promise<Answers[E]> } = {
  summary: (query, signal) => unwrap(api.GET("/api/v1/outcomes/summary/", init(query, signal))),
  timeseries: (query, signal) => unwrap(api.GET("/api/v1/outcomes/timeseries/", init(query, signal))),
  funnel: (query, signal) => unwrap(api.GET("/api/v1/outcomes/funnel/", init(query, signal))),
  placements: (query, signal) => unwrap(api.GET("/api/v1/outcomes/placements/", init(query, signal))),
  trainings: (query, signal) => unwrap(api.GET("/api/v1/outcomes/trainings/", init(query, signal))),
  vae: (query, signal) => unwrap(api.GET("/api/v1/outcomes/vae/", init(query, signal))),
};

export const outcomesKeys = {
  all: ["outcomes"] as const,
  one: (endpoint: OutcomesEndpoint, query: OutcomesQuery) => ["outcomes", endpoint, query] as const,
};

export function useOutcomes<E extends OutcomesEndpoint>(endpoint: E, query: OutcomesQuery, enabled = true) {
  return useQuery<Answers[E]>({
    queryKey: outcomesKeys.one(endpoint, query),
    queryFn: ({ signal }) => (FETCHERS[endpoint] as (q: OutcomesQuery, s: AbortSignal) => Promise<Answers[E]>)(query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
