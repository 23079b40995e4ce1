// After a 409 (a guard failed, or someone else moved the parcours first), what the page shows is
// out of date: reload the parcours and its history so the buttons and the phase are current.
import { useQueryClient } from "@tanstack/react-query";
import { parcoursKeys } from "../api/queries";
import { toProblem } from "../api/errors";

export function useRefreshOnConflict(parcoursId: number) {
  const queryClient = useQueryClient();
  return (error: unknown) => {
    if (toProblem(error).status !== 409) return;
    void queryClient.invalidateQueries({ queryKey: parcoursKeys.detail(parcoursId) });
    void queryClient.invalidateQueries({ queryKey: parcoursKeys.history(parcoursId) });
  };
}
