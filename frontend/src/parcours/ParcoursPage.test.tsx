// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import { counsellorMe, parcoursRow } from "../alerts/testData";
import { journalFetch, page } from "../journal/testData";
import { renderPage } from "../test/renderPage";
import { ParcoursPage } from "./ParcoursPage";

function api() {
  const stub = journalFetch({
    "GET /api/v1/parcours/7/transitions/": [],
    "GET /api/v1/parcours/7/": parcoursRow(7, ["Léa", "Blanc"]),
    "GET /api/v1/": page([]),
  });
  vi.stubGlobal("fetch", vi.fn(stub.fetch));
}

describe("ParcoursPage: the journal tab in the link", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("opens the tab named by ?onglet= (the home page's alerts link there), and goes back home", async () => {
    api();
    renderPage(<ParcoursPage />, {
      me: counsellorMe,
      url: { pathname: "/parcours/7", search: "?onglet=plan", state: { returnTo: "/accueil" } },
      path: "/parcours/:id",
    });
    const tablist = await screen.findByRole("tablist", { name: "Journal de suivi" });
    expect(within(tablist).getByRole("tab", { name: "Plan d'action" }).getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("link", { name: "← Retour à l'accueil" }).getAttribute("href")).toBe("/accueil");
  });

  it("opens Suivi for an unknown tab", async () => {
    api();
    renderPage(<ParcoursPage />, { me: counsellorMe, url: "/parcours/7?onglet=nope", path: "/parcours/:id" });
    const tablist = await screen.findByRole("tablist", { name: "Journal de suivi" });
    expect(within(tablist).getByRole("tab", { name: "Suivi" }).getAttribute("aria-selected")).toBe("true");
  });
});
