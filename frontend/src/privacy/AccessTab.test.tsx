// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { counsellorMe, managerMe, parcoursRow } from "../alerts/testData";
import type { Me } from "../api/types";
import { Reply, journalFetch, page } from "../journal/testData";
import { ParcoursPage } from "../parcours/ParcoursPage";
import { renderPage } from "../test/renderPage";
import { auditEntry } from "./testData";

// Parcours 7 of Léa Blanc (person 107), structure 1.
function api(audit: unknown = page([auditEntry({ person: 107, object: "personne n° 107" })])) {
  const stub = journalFetch({
    "GET /api/v1/parcours/7/transitions/": [],
    "GET /api/v1/parcours/7/": parcoursRow(7, ["Léa", "Blanc"]),
    "GET /api/v1/audit-entries/": audit,
    "GET /api/v1/": page([]),
  });
  vi.stubGlobal("fetch", vi.fn(stub.fetch));
  return stub;
}

const open = (me: Me, search = "?onglet=acces") =>
  renderPage(<ParcoursPage />, { me, url: `/parcours/7${search}`, path: "/parcours/:id" });

const auditCalls = (stub: ReturnType<typeof api>) => stub.calls.filter((call) => call.path === "/api/v1/audit-entries/");

describe("ParcoursPage: « Accès au dossier »", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("opens on ?onglet=acces for a manager of the structure: the person's audit entries", async () => {
    const stub = api();
    open(managerMe);
    const tablist = await screen.findByRole("tablist", { name: "Journal de suivi" });
    const tab = within(tablist).getByRole("tab", { name: "Accès au dossier" });
    expect(tab.getAttribute("aria-selected")).toBe("true");
    const panel = screen.getByRole("tabpanel", { name: "Accès au dossier" });
    const table = await within(panel).findByRole("table", { name: "Accès au dossier de Léa Blanc" });
    expect(within(table).getByText("Consultation")).toBeTruthy();
    expect(within(table).getByText("Claire Martin")).toBeTruthy();
    expect(within(table).getByText("personne n° 107")).toBeTruthy();
    const query = auditCalls(stub)[0].query;
    expect(query.get("person")).toBe("107");
    expect(query.get("page")).toBe("1");
    expect(within(panel).getByRole("link", { name: "Ouvrir dans le journal d'accès" }).getAttribute("href")).toBe(
      "/direction/journal?personne=107",
    );
  });

  it("offers the right-of-access export as JSON and as a document", async () => {
    api();
    open(managerMe);
    const panel = await screen.findByRole("tabpanel", { name: "Accès au dossier" });
    expect(within(panel).getByText(/droit d'accès, article 15 du RGPD/)).toBeTruthy();
    const json = within(panel).getByRole("link", { name: "Exporter le dossier (JSON)" });
    expect(json.getAttribute("href")).toBe("/api/v1/persons/107/access-export/?file=json");
    expect(json.hasAttribute("download")).toBe(true);
    const html = within(panel).getByRole("link", { name: "Exporter le dossier (document)" });
    expect(html.getAttribute("href")).toBe("/api/v1/persons/107/access-export/?file=html");
    expect(html.hasAttribute("download")).toBe(true);
  });

  it("is the last tab, and loads nothing until it is opened", async () => {
    const stub = api();
    open(managerMe, "");
    const tablist = await screen.findByRole("tablist", { name: "Journal de suivi" });
    expect(within(tablist).getAllByRole("tab").map((tab) => tab.textContent)).toEqual([
      "Suivi",
      "Freins",
      "Plan d'action",
      "Rendez-vous",
      "Chronologie",
      "Accès au dossier",
    ]);
    expect(auditCalls(stub)).toEqual([]);
    fireEvent.click(within(tablist).getByRole("tab", { name: "Accès au dossier" }));
    expect(await screen.findByRole("table", { name: "Accès au dossier de Léa Blanc" })).toBeTruthy();
  });

  it("says when nobody has accessed the file yet", async () => {
    api(page([]));
    open(managerMe);
    expect(await screen.findByText("Aucun accès n'est inscrit au journal pour cette personne.")).toBeTruthy();
  });

  it("shows a refusal of the API in French", async () => {
    api(new Reply(403, { code: "permission_denied", message: "Réservé à la direction de la structure." }));
    open(managerMe);
    expect(await screen.findByText("Le journal d'accès n'a pas pu être chargé")).toBeTruthy();
    expect(screen.getByText("Réservé à la direction de la structure.")).toBeTruthy();
  });

  it("is not there for a counsellor (?onglet=acces opens Suivi), nor for the manager of another structure", async () => {
    const stub = api();
    open(counsellorMe);
    let tablist = await screen.findByRole("tablist", { name: "Journal de suivi" });
    expect(within(tablist).queryByRole("tab", { name: "Accès au dossier" })).toBeNull();
    expect(within(tablist).getByRole("tab", { name: "Suivi" }).getAttribute("aria-selected")).toBe("true");
    expect(screen.queryByRole("link", { name: /Exporter le dossier/ })).toBeNull();

    const otherManager = {
      ...managerMe,
      memberships: [
        { organisation: 1, organisation_name: "GES Rhône Solidaire", organisation_kind: "structure", role: "counsellor" },
        { organisation: 2, organisation_name: "Ateliers du Sud", organisation_kind: "structure", role: "manager" },
      ],
    } as Me;
    cleanup();
    open(otherManager);
    tablist = await screen.findByRole("tablist", { name: "Journal de suivi" });
    expect(within(tablist).queryByRole("tab", { name: "Accès au dossier" })).toBeNull();
    expect(auditCalls(stub)).toEqual([]);
  });
});
