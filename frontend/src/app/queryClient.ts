// TanStack Query defaults: one retry at most, never for a 4xx (the answer would be the same).
import { QueryClient } from "@tanstack/react-query";
import { isClientError } from "../api/errors";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => failureCount < 1 && !isClientError(error),
        refetchOnWindowFocus: false,
        staleTime: 30 * 1000,
      },
      mutations: { retry: false },
    },
  });
}
