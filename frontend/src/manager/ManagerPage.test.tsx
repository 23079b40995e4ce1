// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { counsellorMe, managerMe, managerOfTwo, parcoursRow } from "../alerts/testData";
import { Reply, journalFetch, page, type Call } from "../journal/testData";
import { renderPage } from "../test/renderPage";
import { due } from "../privacy/testData";
import { ManagerPage, parseDays } from "./ManagerPage";

const orphans = [
  parcoursRow(11, ["Léa", "Blanc"], { referent: { id: 3, full_name: "Paul Parti", email: "parti@rhone.demo" } }),
  parcoursRow(12, ["Marc", "Durand"], { referent: { id: 3, full_name: "Paul Parti", email: "parti@rhone.demo" } }),
  parcoursRow(13, ["Inès", "Faure"]),
];
const silent = [parcoursRow(21, ["Jade", "Roux"])];
const counsellors = [
  { id: 5, full_name: "Claire Martin", email: "cip1@rhone.demo", structures: [1] },
  { id: 6, full_name: "Mehdi Saïd", email: "cip2@rhone.demo", structures: [1] },
  { id: 8, full_name: "Autre Structure", email: "cip@sud.demo", structures: [2] },
];

const dueSoon = [
  due(131, ["Aline", "Petit"], { due_on: "2026-12-01", last_exit: "2024-11-30", last_activity: "2024-12-01T10:00:00+01:00" }),
  due(132, ["Bruno", "Morel"], { structure: 2, due_on: "2027-02-10" }),
];

function api(reassign: unknown, retention: unknown = page(dueSoon)) {
  let moved = false;
  const stub = journalFetch({
    "GET /api/v1/retention/due/": retention,
    "GET /api/v1/parcours/": ({ query }: Call) =>
      query.get("unassigned") === "true" ? page(moved ? orphans.slice(2) : orphans) : page(silent),
    "GET /api/v1/counsellors/": counsellors,
    "POST /api/v1/parcours/reassign/": (call: Call) => {
      if (reassign instanceof Reply) return reassign;
      moved = true;
      return new Reply(200, orphans.filter((row) => (call.body as { parcours: number[] }).parcours.includes(row.id)));
    },
  });
  vi.stubGlobal("fetch", vi.fn(stub.fetch));
  return stub;
}

async function selectAndReassign() {
  const table = await screen.findByRole("table", { name: "Parcours sans référent" });
  fireEvent.click(within(table).getByRole("checkbox", { name: "Sélectionner Léa Blanc" }));
  fireEvent.click(within(table).getByRole("checkbox", { name: "Sélectionner Marc Durand" }));
  const section = table.closest("section") as HTMLElement;
  fireEvent.click(within(section).getByRole("button", { name: "Réaffecter (2)" }));
  const dialog = await screen.findByRole("dialog", { name: "Réaffecter les parcours sélectionnés" });
  expect(dialog.textContent).toContain("2 parcours sélectionnés : Léa Blanc, Marc Durand.");
  fireEvent.click(within(dialog).getByLabelText(/Nouveau référent/));
  expect(screen.queryByRole("option", { name: "Autre Structure" })).toBeNull();
  fireEvent.click(await screen.findByRole("option", { name: "Mehdi Saïd" }));
  fireEvent.click(within(dialog).getByRole("button", { name: "Réaffecter" }));
  return dialog;
}

describe("ManagerPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists the parcours without a referent and those without follow-up for 30 days", async () => {
    const stub = api(null);
    renderPage(<ManagerPage />, { me: managerMe, url: "/direction" });
    expect(await screen.findByRole("table", { name: "Parcours sans référent" })).toBeTruthy();
    expect(await screen.findByRole("table", { name: "Sans suivi depuis 30 jours" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "importer un fichier CSV" }).getAttribute("href")).toBe("/direction/import");
    const queries = stub.calls.filter((call) => call.path === "/api/v1/parcours/").map((call) => call.query);
    expect(queries.some((query) => query.get("unassigned") === "true")).toBe(true);
    expect(queries.some((query) => query.get("no_follow_up_days") === "30")).toBe(true);
  });

  it("changes the number of days (kept in the URL)", async () => {
    const stub = api(null);
    renderPage(<ManagerPage />, { me: managerMe, url: "/direction" });
    await screen.findByRole("table", { name: "Sans suivi depuis 30 jours" });
    fireEvent.change(screen.getByLabelText("Aucun suivi depuis (jours)"), { target: { value: "45" } });
    fireEvent.click(screen.getByRole("button", { name: "Afficher" }));
    expect(await screen.findByRole("table", { name: "Sans suivi depuis 45 jours" })).toBeTruthy();
    expect(screen.getByTestId("location").textContent).toBe("/direction?jours=45");
    expect(stub.calls.some((call) => call.query.get("no_follow_up_days") === "45")).toBe(true);
  });

  it("goes back to page 1 when the number of days changes, without asking the old page with the new days", async () => {
    const stub = journalFetch({
      "GET /api/v1/retention/due/": page([]),
      "GET /api/v1/parcours/": ({ query }: Call) =>
        query.get("unassigned") === "true" ? page(orphans) : page(silent, "next", 120),
      "GET /api/v1/counsellors/": counsellors,
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderPage(<ManagerPage />, { me: managerMe, url: "/direction" });
    const table = await screen.findByRole("table", { name: "Sans suivi depuis 30 jours" });
    const section = table.closest("section") as HTMLElement;
    fireEvent.click(within(section).getByRole("button", { name: "Page 2" }));
    const silentQueries = () =>
      stub.calls
        .filter((call) => call.path === "/api/v1/parcours/" && call.query.has("no_follow_up_days"))
        .map((call) => [call.query.get("no_follow_up_days"), call.query.get("page")]);
    await waitFor(() => expect(silentQueries()).toContainEqual(["30", "2"]));

    fireEvent.change(screen.getByLabelText("Aucun suivi depuis (jours)"), { target: { value: "45" } });
    fireEvent.click(screen.getByRole("button", { name: "Afficher" }));
    expect(await screen.findByRole("table", { name: "Sans suivi depuis 45 jours" })).toBeTruthy();
    await waitFor(() => expect(silentQueries()).toContainEqual(["45", "1"]));
    expect(silentQueries().filter(([days]) => days === "45")).toEqual([["45", "1"]]);
  });

  it("reassigns the selected parcours, says how many, and reads the lists again", async () => {
    const stub = api(null);
    renderPage(<ManagerPage />, { me: managerMe, url: "/direction" });
    const dialog = await selectAndReassign();
    expect(await screen.findByText("2 parcours réaffectés à Mehdi Saïd.")).toBeTruthy();
    expect(dialog.isConnected).toBe(false);
    expect(stub.writes()[0]).toMatchObject({ path: "/api/v1/parcours/reassign/", body: { parcours: [11, 12], referent: 6 } });
    const table = await screen.findByRole("table", { name: "Parcours sans référent" });
    await waitFor(() => expect(within(table).queryByText("Léa Blanc")).toBeNull());
    expect(within(table).getByText("Inès Faure")).toBeTruthy();
  });

  it("shows a 400 refusal in French and keeps the dialog open", async () => {
    api(
      new Reply(400, {
        code: "invalid",
        message: "Certaines informations sont invalides.",
        errors: { parcours: ["Parcours introuvable(s) : 12."] },
      }),
    );
    renderPage(<ManagerPage />, { me: managerMe, url: "/direction" });
    const dialog = await selectAndReassign();
    expect(await within(dialog).findByText("Parcours introuvable(s) : 12.")).toBeTruthy();
    expect(within(dialog).getByText("Réaffectation impossible : aucun parcours n'a été modifié")).toBeTruthy();
    expect(within(dialog).getByText(/Les listes ont été mises à jour/)).toBeTruthy();
  });

  it("shows a 409 conflict with the server's message", async () => {
    api(new Reply(409, { code: "stale_write", message: "Un parcours a changé entre-temps." }));
    renderPage(<ManagerPage />, { me: managerMe, url: "/direction" });
    const dialog = await selectAndReassign();
    expect(await within(dialog).findByText("Un parcours a changé entre-temps.")).toBeTruthy();
    expect(screen.queryByText(/réaffectés à/)).toBeNull();
  });

  it("lists the persons due for anonymisation within 90 days, with the rule", async () => {
    const stub = api(null);
    renderPage(<ManagerPage />, { me: managerMe, url: "/direction" });
    expect(screen.getByRole("link", { name: "journal d'accès" }).getAttribute("href")).toBe("/direction/journal");
    const section = screen.getByRole("region", { name: "Anonymisation à venir" });
    expect(section.textContent).toContain(
      "Un dossier est anonymisé deux ans après la dernière sortie sans activité : identité, coordonnées et notes " +
        "sont effacées ; les indicateurs sont conservés.",
    );
    const table = await within(section).findByRole("table", { name: "Anonymisation à venir : dans les 90 prochains jours" });
    const rows = within(table)
      .getAllByRole("row")
      .map((row) => [...row.querySelectorAll("th, td")].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ["Personne", "Dernière sortie", "Dernière activité", "Date d'anonymisation"],
      ["Aline Petit", "30/11/2024", "01/12/2024", "01/12/2026"],
      ["Bruno Morel", "15/12/2024", "10/01/2025", "10/02/2027"],
    ]);
    const call = stub.calls.find((c) => c.path === "/api/v1/retention/due/");
    expect(call?.query.get("within_days")).toBe("90");
    expect(call?.query.get("page")).toBe("1");
  });

  it("names the structure of each person for a manager of several", async () => {
    api(null);
    renderPage(<ManagerPage />, { me: managerOfTwo, url: "/direction" });
    const table = await screen.findByRole("table", { name: "Anonymisation à venir : dans les 90 prochains jours" });
    expect(within(table).getByRole("columnheader", { name: "Structure" })).toBeTruthy();
    expect(within(table).getByText("Ateliers du Sud")).toBeTruthy();
  });

  it("says when nobody is due for anonymisation", async () => {
    api(null, page([]));
    renderPage(<ManagerPage />, { me: managerMe, url: "/direction" });
    expect(await screen.findByText("Aucun dossier n'est à anonymiser dans les 90 prochains jours.")).toBeTruthy();
  });

  it("is for managers only", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    renderPage(<ManagerPage />, { me: counsellorMe, url: "/direction" });
    expect(screen.getByTestId("location").textContent).toBe("/accueil");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("reads the number of days from the URL, ignoring bad values", () => {
    expect(parseDays(null)).toBe(30);
    expect(parseDays("45")).toBe(45);
    expect(parseDays("0")).toBe(30);
    expect(parseDays("abc")).toBe(30);
    expect(parseDays("99999")).toBe(30);
  });
});
