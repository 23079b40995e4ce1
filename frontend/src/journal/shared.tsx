// Pieces shared by the journal's tabs: the "saved" message, the reload after a write, the
// structure's counsellors an action may be given to, and the 409 of a stale edit.
import { useCallback, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Text } from "@mantine/core";
import { unwrap } from "../api/client";
import { toProblem } from "../api/errors";
import { parcoursKeys, useCounsellors } from "../api/queries";
import type { Me, Parcours } from "../api/types";
import { fullName } from "../auth/roles";
import { journalKeys } from "./journal";

/** After any write in the journal: its lists (and the timeline) are stale, and so are the
 * parcours' alerts (a follow-up clears "no follow-up", an action done clears "overdue"...), which
 * the caseload, the home page and the alert counts show. */
export function useJournalChanged() {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: journalKeys.all });
    void queryClient.invalidateQueries({ queryKey: parcoursKeys.all });
  }, [queryClient]);
}

/** True for a PATCH refused because the entry changed since it was read. */
export function isStaleWrite(error: unknown): boolean {
  const problem = toProblem(error);
  return problem.status === 409 && (problem.code === "stale_write" || problem.code === "http_409");
}

/** A polite status message under a tab's title, replaced by the next one. */
export function useMessage() {
  const [message, setMessage] = useState<string | null>(null);
  return { message, setMessage };
}

export function StatusMessage({ message }: { message: string | null }) {
  return (
    <div role="status">
      {message && (
        <Alert color="teal" variant="light" role="presentation">
          <Text size="sm" fw={500}>
            {message}
          </Text>
        </Alert>
      )}
    </div>
  );
}

export interface OwnerOption {
  value: string;
  label: string;
}

/** Who may own an action: the structure's counsellors, and the current user (a manager is not listed). */
export function useOwnerOptions(parcours: Pick<Parcours, "structure">, me: Me): OwnerOption[] {
  const counsellors = useCounsellors();
  const options = (counsellors.data ?? [])
    .filter((user) => user.structures.includes(parcours.structure.id))
    .map((user) => ({ value: String(user.id), label: user.full_name || user.email }));
  if (!options.some((option) => option.value === String(me.id))) {
    options.unshift({ value: String(me.id), label: fullName(me) });
  }
  return options;
}

/** The journal's POST and PATCH answer with the entry written. (The generated schema types all of
 * them as an Appointment: a backend schema bug; the entry's own type is given here.) */
export function writtenEntry<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  return unwrap(call) as Promise<T>;
}
