// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import { alert, counsellorMe, managerMe, parcoursRow } from "../alerts/testData";
import { journalFetch, page } from "../journal/testData";
import { renderPage } from "../test/renderPage";
import { HomePage } from "./HomePage";

const rows = [
  parcoursRow(1, ["Léa", "Blanc"], {
    alerts: [
      alert({
        code: "action_overdue",
        severity: "medium",
        label: "Une action du plan est en retard",
        due_date: "2026-10-01",
        action: "Mettre à jour l'action : réalisée, reportée ou abandonnée.",
      }),
    ],
  }),
  parcoursRow(2, ["Marc", "Durand"], {
    alerts: [
      alert({
        code: "pass_iae_ending",
        label: "Le PASS IAE se termine dans moins de 90 jours",
        due_date: "2027-01-15",
        action: "Demander la prolongation du PASS IAE ou préparer la sortie.",
      }),
      alert({ code: "no_follow_up", due_date: "2026-11-20" }),
    ],
  }),
];

describe("HomePage: À faire aujourd'hui", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists every alert of the caseload, the most urgent first, each linked to the right tab", async () => {
    const stub = journalFetch({ "GET /api/v1/parcours/": page(rows) });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderPage(<HomePage />, { me: counsellorMe, url: "/accueil" });

    const list = await screen.findByRole("list", { name: "Alertes à traiter" });
    const items = within(list).getAllByRole("listitem");
    expect(items.map((item) => within(item).getByRole("link").textContent)).toEqual([
      "Marc Durand",
      "Marc Durand",
      "Léa Blanc",
    ]);
    expect(items[0].textContent).toContain("Aucun suivi depuis 30 jours");
    expect(items[0].textContent).toContain("Urgent");
    expect(items[0].textContent).toContain("(20/11/2026)");
    expect(items[0].textContent).toContain("À faire : Faire un entretien et le noter dans le journal.");
    expect(items[1].textContent).toContain("Le PASS IAE se termine");
    expect(items[2].textContent).toContain("À traiter");
    expect(within(items[0]).getByRole("link").getAttribute("href")).toBe("/parcours/2?onglet=suivi");
    expect(within(items[1]).getByRole("link").getAttribute("href")).toBe("/parcours/2");
    expect(within(items[2]).getByRole("link").getAttribute("href")).toBe("/parcours/1?onglet=plan");
    expect(screen.getByText("3 alertes, les plus urgentes d'abord.")).toBeTruthy();

    const query = stub.calls[0].query;
    expect(query.getAll("alert")).toHaveLength(7);
    expect(query.get("page_size")).toBe("100");
    expect(screen.queryByText(/Voir tous les parcours avec une alerte/)).toBeNull();
  });

  it("says when nothing is urgent", async () => {
    vi.stubGlobal("fetch", vi.fn(journalFetch({ "GET /api/v1/parcours/": page([]) }).fetch));
    renderPage(<HomePage />, { me: managerMe, url: "/accueil" });
    expect(await screen.findByText("Rien d'urgent aujourd'hui.")).toBeTruthy();
  });

  it("says when there are more parcours than one page, with a link to all of them", async () => {
    vi.stubGlobal("fetch", vi.fn(journalFetch({ "GET /api/v1/parcours/": page(rows, "http://localhost/next", 140) }).fetch));
    renderPage(<HomePage />, { me: counsellorMe, url: "/accueil" });
    expect(await screen.findByText(/Seuls les 2 premiers parcours sur 140 sont affichés ici/)).toBeTruthy();
    const link = screen.getByRole("link", { name: "Voir tous les parcours avec une alerte" });
    expect(link.getAttribute("href")).toMatch(/^\/portefeuille\?alert=pass_iae_ending&alert=no_follow_up/);
  });

  it("is not shown to the other roles", () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    renderPage(<HomePage />, {
      me: { ...counsellorMe, memberships: [{ ...counsellorMe.memberships[0], role: "network_analyst", organisation_kind: "network" }] },
      url: "/accueil",
    });
    expect(screen.queryByRole("heading", { name: "À faire aujourd'hui" })).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
    // An analyst is sent to the network's dashboard instead.
    expect(screen.getByRole("link", { name: "ouvrir le tableau de bord" }).getAttribute("href")).toBe("/tableau-de-bord");
  });
});
