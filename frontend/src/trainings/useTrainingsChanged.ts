// After any write on an enrolment or a VAE: the trainings lists and sessions (seats), and the
// parcours (its available transitions: start_training, start_vae) are stale.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { parcoursKeys } from "../api/queries";
import { trainingKeys } from "./trainings";

export function useTrainingsChanged() {
  const queryClient = useQueryClient();
  return useCallback(
    (parcoursId?: number | null) => {
      void queryClient.invalidateQueries({ queryKey: trainingKeys.all });
      if (parcoursId) {
        void queryClient.invalidateQueries({ queryKey: parcoursKeys.detail(parcoursId) });
        void queryClient.invalidateQueries({ queryKey: parcoursKeys.history(parcoursId) });
      }
    },
    [queryClient],
  );
}
