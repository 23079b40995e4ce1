// Queries shared by the screens: parcours (list, detail, history) and the reference lists.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { ParcoursListQuery } from "./types";

export const parcoursKeys = {
  all: ["parcours"] as const,
  list: (query: ParcoursListQuery) => ["parcours", "list", query] as const,
  detail: (id: number) => ["parcours", "detail", id] as const,
  history: (id: number) => ["parcours", "history", id] as const,
};

export function useParcoursList(query: ParcoursListQuery) {
  return useQuery({
    queryKey: parcoursKeys.list(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/parcours/", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

const REFERENCE_STALE_TIME = 10 * 60 * 1000;

export function useProgrammes() {
  return useQuery({
    queryKey: ["programmes"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/programmes/", { signal })),
    staleTime: REFERENCE_STALE_TIME,
  });
}

export function useCounsellors(enabled = true) {
  return useQuery({
    queryKey: ["counsellors"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/counsellors/", { signal })),
    staleTime: REFERENCE_STALE_TIME,
    enabled,
  });
}

export function useExitReasons(enabled = true) {
  return useQuery({
    queryKey: ["exit-reasons"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/exit-reasons/", { signal })),
    staleTime: REFERENCE_STALE_TIME,
    enabled,
  });
}
