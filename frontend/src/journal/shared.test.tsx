// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import type { ReactNode } from "react";
import { renderHook } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { parcoursKeys } from "../api/queries";
import { journalKeys } from "./journal";
import { useJournalChanged } from "./shared";

describe("useJournalChanged", () => {
  it("makes the journal and the parcours' alerts (caseload, home, counts) stale, nothing else", () => {
    const client = new QueryClient();
    const keys = {
      journal: [...journalKeys.all, "follow-ups", 1],
      list: parcoursKeys.list({ alert: ["no_follow_up"], page: 1 }),
      counts: [...parcoursKeys.all, "alert-counts", {}],
      other: ["notifications", "unread"],
    };
    for (const key of Object.values(keys)) client.setQueryData(key, { seeded: true });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    );
    const { result } = renderHook(() => useJournalChanged(), { wrapper });
    result.current();
    const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(stale(keys.journal)).toBe(true);
    expect(stale(keys.list)).toBe(true);
    expect(stale(keys.counts)).toBe(true);
    expect(stale(keys.other)).toBe(false);
  });
});
