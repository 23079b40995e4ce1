// After any write on a placement: the placement lists, and the parcours (its hours worked, its
// detail and history) are stale.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { parcoursKeys } from "../api/queries";
import { placementKeys } from "./placements";

export function usePlacementsChanged() {
  const queryClient = useQueryClient();
  return useCallback(
    (parcoursId?: number | null) => {
      void queryClient.invalidateQueries({ queryKey: placementKeys.all });
      if (parcoursId) {
        void queryClient.invalidateQueries({ queryKey: parcoursKeys.detail(parcoursId) });
        void queryClient.invalidateQueries({ queryKey: parcoursKeys.history(parcoursId) });
      }
      void queryClient.invalidateQueries({ queryKey: parcoursKeys.all });
    },
    [queryClient],
  );
}
