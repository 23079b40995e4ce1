// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { counsellorMe, managerMe } from "../alerts/testData";
import { Reply, journalFetch } from "../journal/testData";
import { renderPage } from "../test/renderPage";
import { DashboardPage } from "./DashboardPage";
import {
  analystMe,
  analystSummary,
  employerMe,
  funnel,
  placements,
  summary,
  timeseries,
  trainerMe,
  trainings,
  vae,
} from "./testData";

const programmes = [
  { id: 4, name: "Parcours EHPAD", structure: 1, is_active: true },
  { id: 5, name: "Chantier espaces verts", structure: 1, is_active: true },
];
const counsellors = [{ id: 7, full_name: "Claire Martin", email: "cip1@rhone.demo", structures: [1] }];

function api(overrides: Record<string, unknown> = {}) {
  const stub = journalFetch({
    "GET /api/v1/outcomes/summary/": summary,
    "GET /api/v1/outcomes/timeseries/": timeseries,
    "GET /api/v1/outcomes/funnel/": funnel,
    "GET /api/v1/outcomes/vae/": vae,
    "GET /api/v1/outcomes/placements/": placements,
    "GET /api/v1/outcomes/trainings/": trainings,
    "GET /api/v1/programmes/": programmes,
    "GET /api/v1/counsellors/": counsellors,
    ...overrides,
  });
  vi.stubGlobal("fetch", vi.fn(stub.fetch));
  return stub;
}

// Recharts cannot measure a chart in jsdom (no layout) and says so; the tables are what is tested.
const warn = console.warn.bind(console);
beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes("of chart should be greater than 0")) warn(...args);
  });
});

const location = () => screen.getByTestId("location").textContent;
const dataTable = (name: string) => screen.getByRole("table", { name });
const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole("row")
    .map((row) => [...row.querySelectorAll("th, td")].map((cell) => cell.textContent));
/** A Mantine Select or MultiSelect, by its label. */
const field = (label: string) => screen.getByLabelText(label, { selector: "input:not([type=hidden])" });
const noField = (label: string) => screen.queryByLabelText(label, { selector: "input:not([type=hidden])" });

describe("DashboardPage: a manager", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2026, 10, 28, 10, 0));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("shows the rates against their targets and the key figures", async () => {
    const stub = api();
    renderPage(<DashboardPage />, { me: managerMe, url: "/tableau-de-bord" });
    expect(await screen.findByRole("heading", { level: 1, name: "Tableau de bord" })).toBeTruthy();
    expect((await screen.findByTestId("dynamic-rate")).textContent).toBe("65\u00a0%");
    expect(screen.getByTestId("dynamic-rate-fraction").textContent).toBe("13 / 20");
    expect(screen.getByTestId("durable-rate").textContent).toBe("30\u00a0%");
    expect(screen.getAllByText(/^Objectif :/).map((node) => node.textContent)).toEqual([
      "Objectif : 60\u00a0%",
      "Objectif : 25\u00a0%",
    ]);
    expect(screen.getAllByText("Objectif atteint")).toHaveLength(2);
    expect(screen.getByTestId("counted-exits").textContent).toBe("20");
    expect(screen.getByTestId("entries").textContent).toBe("23");
    expect(screen.getByTestId("mean-length").textContent).toBe("251,4\u00a0j");
    expect(screen.getByText("Période du 01/01/2026 au 28/11/2026.")).toBeTruthy();
    const call = stub.calls.find((c) => c.path === "/api/v1/outcomes/summary/");
    expect(call?.query.toString()).toBe("from=2026-01-01&to=2026-11-28");
    // One structure: no side-by-side table.
    expect(screen.queryByRole("table", { name: "Chiffres par structure et au total" })).toBeNull();
  });

  it("gives every chart a table with the API's numbers, masked values as « < 5 »", async () => {
    api();
    renderPage(<DashboardPage />, { me: managerMe, url: "/tableau-de-bord" });
    await screen.findByRole("table", { name: "Sorties par mois et par catégorie" });
    expect(rowsOf(dataTable("Sorties par mois et par catégorie"))).toEqual([
      ["Mois", "Emploi durable", "Emploi de transition", "Sorties positives", "Autres sorties", "Retrait des sorties constatées", "Entrées"],
      ["janv. 2026", "6", "—", "—", "< 5", "—", "5"],
      ["févr. 2026", "0", "—", "—", "7", "—", "< 5"],
    ]);
    expect(rowsOf(dataTable("Parcours actifs par phase"))).toEqual([
      ["Phase", "Parcours actifs"],
      ["Accueil / entrée", "9"],
      ["Immersion (PMSMP)", "4"],
      ["Contrat d'intérim", "3"],
      ["Formation", "2"],
      ["VAE", "1"],
    ]);
    await screen.findByRole("table", { name: "Entonnoir du programme" });
    expect(rowsOf(dataTable("Entonnoir du programme"))).toEqual([
      ["Étape", "Parcours"],
      ["Entrées", "23"],
      ["Immersion (PMSMP)", "15"],
      ["Formation", "< 5"],
      ["Sorties", "12"],
      ["Emploi durable", "5"],
    ]);
    await screen.findByRole("table", { name: "Demandes de VAE par état" });
    expect(rowsOf(dataTable("Demandes de VAE par état"))).toEqual([
      ["État", "Demandes"],
      ["Recevable", "5"],
      ["Validée totalement", "< 5"],
    ]);
    for (const abbr of screen.getAllByText("< 5")) expect(abbr.getAttribute("title")).toBe("masqué : effectif inférieur à 5");
    expect(screen.getAllByText("Voir les données").length).toBeGreaterThanOrEqual(4);
    expect(screen.getAllByRole("img", { name: /graphique/ }).length).toBeGreaterThanOrEqual(6);
  });

  it("keeps the filters in the URL, asks the API with them, and the export links carry them", async () => {
    const stub = api();
    renderPage(<DashboardPage />, { me: managerMe, url: "/tableau-de-bord?referent=7" });
    await screen.findByTestId("dynamic-rate");
    fireEvent.click(field("Programme"));
    fireEvent.click(await screen.findByRole("option", { name: "Parcours EHPAD" }));
    await waitFor(() => expect(location()).toBe("/tableau-de-bord?programme=4&referent=7"));
    await waitFor(() =>
      expect(stub.calls.some((c) => c.path === "/api/v1/outcomes/summary/" && c.query.get("programme") === "4")).toBe(true),
    );
    const summaryCall = stub.calls.filter((c) => c.path === "/api/v1/outcomes/summary/").at(-1);
    expect(summaryCall?.query.get("referent")).toBe("7");

    const excel = screen.getByRole("link", { name: "Exporter (Excel)" });
    expect(excel.getAttribute("href")).toBe(
      "/api/v1/outcomes/export/?file=xlsx&from=2026-01-01&to=2026-11-28&programme=4&referent=7",
    );
    expect(excel.hasAttribute("download")).toBe(true);
    expect(screen.getByRole("link", { name: "Exporter (CSV)" }).getAttribute("href")).toContain("file=csv&");
    expect(screen.getByRole("link", { name: "Liste des parcours (Excel)" }).getAttribute("href")).toBe(
      "/api/v1/outcomes/parcours-export/?file=xlsx&from=2026-01-01&to=2026-11-28&programme=4&referent=7",
    );

    fireEvent.click(field("Période"));
    fireEvent.click(await screen.findByRole("option", { name: "12 derniers mois" }));
    await waitFor(() => expect(location()).toBe("/tableau-de-bord?from=2025-12-01&to=2026-11-28&programme=4&referent=7"));
    expect(screen.getByLabelText("Du")).toHaveProperty("value", "2025-12-01");
    fireEvent.click(screen.getByRole("button", { name: "Effacer les filtres" }));
    await waitFor(() => expect(location()).toBe("/tableau-de-bord"));
  });

  it("reads the filters from the URL (a reload, a shared link) and says when the period is wrong", async () => {
    const stub = api();
    renderPage(<DashboardPage />, { me: managerMe, url: "/tableau-de-bord?from=2026-06-01&to=2026-03-01" });
    expect(await screen.findByText("La date de début doit précéder la date de fin.")).toBeTruthy();
    expect(stub.calls.some((c) => c.path.startsWith("/api/v1/outcomes/"))).toBe(false);
    expect(field("Période")).toHaveProperty("value", "Dates choisies");
  });

  it("shows a loading state, then the server's error with a retry", async () => {
    api({ "GET /api/v1/outcomes/summary/": new Reply(400, { code: "invalid", message: "Période invalide.", errors: {} }) });
    renderPage(<DashboardPage />, { me: managerMe, url: "/tableau-de-bord" });
    expect(screen.getByText("Chargement des indicateurs…")).toBeTruthy();
    expect(await screen.findByText("Les indicateurs sont indisponibles")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Réessayer" })).toBeTruthy();
  });
});

describe("DashboardPage: other roles", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2026, 10, 28, 10, 0));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("an analyst sees the structures side by side, masked figures as « < 5 », never 0", async () => {
    const stub = api({ "GET /api/v1/outcomes/summary/": analystSummary, "GET /api/v1/programmes/": [] });
    renderPage(<DashboardPage />, { me: analystMe, url: "/tableau-de-bord?structure=2&structure=1" });
    const table = await screen.findByRole("table", { name: "Chiffres par structure et au total" });
    const rows = rowsOf(table);
    expect(rows[0]).toEqual(["Indicateur", "GES Rhône Solidaire", "ACI Ti Kaz Solidaire", "Total"]);
    expect(rows).toContainEqual(["Entrées", "23", "9", "32"]);
    expect(rows).toContainEqual(["Sorties constatées", "20", "8", "28"]);
    expect(rows).toContainEqual(["Sorties : Emploi durable", "6", "< 5", "6"]);
    expect(rows).toContainEqual(["Taux de sorties dynamiques", "65\u00a0%", "< 5", "53,6\u00a0%"]);
    expect(rows).toContainEqual(["Parcours actifs : VAE", "1", "< 5", "1"]);
    expect(rows).toContainEqual(["Durée médiane (jours)", "240\u00a0j", "< 5", "240\u00a0j"]);
    expect(screen.getAllByText(/masqué : effectif inférieur à 5/).length).toBeGreaterThan(0);
    // A masked rate: « < 5 », and its parts are not claimed to be small.
    expect(screen.getByTestId("durable-rate").textContent).toBe("< 5");
    expect(screen.getByText("Taux masqué : un des effectifs dont il est calculé est inférieur à 5.")).toBeTruthy();
    expect(screen.queryByTestId("durable-rate-fraction")).toBeNull();
    expect(screen.getByText(/côte à côte et au total/)).toBeTruthy();

    // Structures and region filters; no programme list (none for a network); no referent.
    expect(noField("Programme")).toBeNull();
    expect(noField("Référent")).toBeNull();
    const call = stub.calls.find((c) => c.path === "/api/v1/outcomes/summary/" && c.query.has("structure"));
    expect(call?.query.getAll("structure")).toEqual(["1", "2"]);
    expect(location()).toBe("/tableau-de-bord?structure=2&structure=1");
    fireEvent.click(field("Région"));
    fireEvent.click(await screen.findByRole("option", { name: "La Réunion" }));
    await waitFor(() => expect(location()).toBe("/tableau-de-bord?structure=1&structure=2&region=La+R%C3%A9union"));

    expect(screen.getByRole("link", { name: "Exporter (Excel)" }).getAttribute("href")).toContain("structure=1&structure=2&region=La+R");
    expect(screen.queryByRole("link", { name: "Liste des parcours (Excel)" })).toBeNull();
  });

  it("a counsellor sees their own figures, without exports or the referent filter", async () => {
    api();
    renderPage(<DashboardPage />, { me: counsellorMe, url: "/tableau-de-bord" });
    await screen.findByTestId("dynamic-rate");
    expect(screen.getByText(/Les parcours que vous suivez/)).toBeTruthy();
    expect(screen.queryByRole("link", { name: "Exporter (Excel)" })).toBeNull();
    expect(noField("Référent")).toBeNull();
    expect(field("Programme")).toBeTruthy();
  });

  it("an employer contact sees their placements' figures", async () => {
    const stub = api();
    renderPage(<DashboardPage />, { me: employerMe, url: "/tableau-de-bord?from=2026-03-01" });
    expect(await screen.findByRole("heading", { name: "Mises en situation de votre établissement" })).toBeTruthy();
    expect((await screen.findByTestId("placements-proposed")).textContent).toBe("14");
    expect(screen.getByTestId("placements-confirmed").textContent).toBe("9");
    expect(screen.getByTestId("placements-declined").textContent).toBe("3");
    expect(screen.getByTestId("placements-rate").textContent).toBe("75\u00a0%");
    expect(screen.getByText(/9 \/ 12/)).toBeTruthy();
    expect(screen.getByTestId("placements-median").textContent).toBe("2 jours");
    expect(stub.calls.filter((c) => c.path.startsWith("/api/v1/outcomes/")).map((c) => c.path + "?" + c.query)).toEqual([
      "/api/v1/outcomes/placements/?from=2026-03-01&to=2026-11-28",
    ]);
    expect(noField("Programme")).toBeNull();
    expect(screen.queryByRole("link", { name: "Exporter (Excel)" })).toBeNull();
  });

  it("a trainer sees their sessions' figures", async () => {
    api();
    renderPage(<DashboardPage />, { me: trainerMe, url: "/tableau-de-bord" });
    expect(await screen.findByRole("heading", { name: "Inscriptions à vos sessions de formation" })).toBeTruthy();
    expect((await screen.findByTestId("trainings-enrolments")).textContent).toBe("18");
    expect(screen.getByTestId("trainings-completed").textContent).toBe("11");
    expect(screen.getByTestId("trainings-passed").textContent).toBe("8");
    expect(screen.getByTestId("trainings-dropped").textContent).toBe("2");
    expect(screen.getByTestId("trainings-rate").textContent).toBe("84,6\u00a0%");
  });

  it("a trainer's error is shown", async () => {
    api({ "GET /api/v1/outcomes/trainings/": new Reply(500, { code: "error", message: "Erreur du serveur." }) });
    renderPage(<DashboardPage />, { me: trainerMe, url: "/tableau-de-bord" });
    expect(await screen.findByText("Les chiffres des formations sont indisponibles")).toBeTruthy();
  });
});
