// The logged-in user: one query (GET /me), shared through a context once RequireAuth has it.
import { createContext, useContext } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { Me } from "../api/types";

export const meQueryKey = ["me"] as const;

export function useMeQuery() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/", { signal })),
    staleTime: 5 * 60 * 1000,
  });
}

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe() outside of RequireAuth");
  return me;
}
