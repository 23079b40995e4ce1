// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { TimelineEntry } from "../api/types";
import { renderJournal } from "./render";
import { journalFetch, page, parcours, type Call } from "./testData";
import { TimelineTab } from "./TimelineTab";

function entry(overrides: Partial<TimelineEntry>): TimelineEntry {
  return {
    type: "follow_up",
    id: 1,
    at: "2026-06-10T09:30:00+02:00",
    title: "Entretien individuel (45 min)",
    actor: "Claire Martin",
    summary: "Point sur la recherche de logement.",
    details: {},
    ...overrides,
  };
}

describe("TimelineTab", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows typed entries newest first, with date, label, actor and summary, page by page", async () => {
    const stub = journalFetch({
      "GET /api/v1/parcours/7/timeline/": ({ query }: Call) =>
        query.get("page") === "2"
          ? page([entry({ type: "phase", id: 1, title: "Entrée dans le parcours", actor: null, summary: "", at: "2026-01-05T09:00:00+01:00" })], null, 3)
          : page(
              [
                entry({
                  type: "barrier",
                  id: 1,
                  title: "Frein « Mobilité : pas de permis » : identifié",
                  summary: "Auto-école sociale",
                  at: "2026-06-10T09:31:00+02:00",
                }),
                entry({}),
              ],
              "http://localhost/api/v1/parcours/7/timeline/?page=2",
              3,
            ),
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<TimelineTab parcours={parcours} />);
    const list = await screen.findByRole("list", { name: "Chronologie" });
    const items = within(list).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(within(items[0]).getByText("Frein")).toBeTruthy();
    expect(within(items[0]).getByText("Frein « Mobilité : pas de permis » : identifié")).toBeTruthy();
    expect(within(items[0]).getByText("10/06/2026 09:31 · Claire Martin")).toBeTruthy();
    expect(within(items[0]).getByText("Auto-école sociale")).toBeTruthy();
    expect(within(items[1]).getByText("Suivi")).toBeTruthy();
    expect(within(items[1]).getByText("Point sur la recherche de logement.")).toBeTruthy();
    expect(stub.calls[0].query.get("page_size")).toBe("20");

    fireEvent.click(screen.getByRole("button", { name: "Voir plus d'événements" }));
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(3));
    const last = within(list).getAllByRole("listitem")[2];
    expect(within(last).getByText("Phase")).toBeTruthy();
    expect(within(last).getByText("05/01/2026 09:00 · Système")).toBeTruthy();
  });

  it("says when nothing happened yet", async () => {
    vi.stubGlobal("fetch", vi.fn(journalFetch({ "GET /api/v1/parcours/7/timeline/": page([]) }).fetch));
    renderJournal(<TimelineTab parcours={parcours} />);
    expect(await screen.findByText("Rien n'est encore arrivé sur ce parcours.")).toBeTruthy();
  });
});
