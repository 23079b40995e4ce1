// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import { JournalTabs } from "./JournalTabs";
import { renderJournal } from "./render";
import { MeContext } from "../auth/me";
import type { Me } from "../api/types";
import { renderWithProviders } from "../test/render";
import { barrier, journalFetch, me, page, parcours } from "./testData";

describe("JournalTabs", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("is a labelled tab list, Suivi first, each tab loading its own list when opened", async () => {
    const stub = journalFetch({
      "GET /api/v1/follow-ups/": page([]),
      "GET /api/v1/barriers/": page([barrier()]),
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<JournalTabs parcours={parcours} />);
    const region = screen.getByRole("region", { name: "Journal de suivi" });
    const tablist = within(region).getByRole("tablist", { name: "Journal de suivi" });
    expect(within(tablist).getAllByRole("tab").map((tab) => tab.textContent)).toEqual([
      "Suivi",
      "Freins",
      "Plan d'action",
      "Rendez-vous",
      "Chronologie",
    ]);
    const suivi = within(tablist).getByRole("tab", { name: "Suivi" });
    expect(suivi.getAttribute("aria-selected")).toBe("true");
    expect(within(screen.getByRole("tabpanel", { name: "Suivi" })).getByRole("form", { name: "Noter un suivi" })).toBeTruthy();
    expect(stub.calls.some((call) => call.path === "/api/v1/barriers/")).toBe(false);

    fireEvent.click(within(tablist).getByRole("tab", { name: "Freins" }));
    const panel = screen.getByRole("tabpanel", { name: "Freins" });
    expect(await within(panel).findByText("Mobilité : pas de permis")).toBeTruthy();
    expect(screen.queryByRole("form", { name: "Noter un suivi" })).toBeNull();
  });

  it("is not shown to users who do not work on parcours", () => {
    const employer = { ...me, memberships: [{ organisation: 3, role: "employer_contact" }] } as unknown as Me;
    renderWithProviders(
      <MeContext.Provider value={employer}>
        <JournalTabs parcours={parcours} />
      </MeContext.Provider>,
    );
    expect(screen.queryByRole("region", { name: "Journal de suivi" })).toBeNull();
    expect(screen.queryByRole("tablist")).toBeNull();
  });
});
