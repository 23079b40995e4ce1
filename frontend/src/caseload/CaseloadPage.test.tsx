// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { alert, counsellorMe, parcoursRow } from "../alerts/testData";
import { journalFetch, page } from "../journal/testData";
import { renderPage } from "../test/renderPage";
import { CaseloadPage } from "./CaseloadPage";

const rows = [
  parcoursRow(1, ["Léa", "Blanc"], {
    alerts: [
      alert(),
      alert({ code: "action_overdue", severity: "medium", label: "Une action du plan est en retard", due_date: null }),
    ],
  }),
  parcoursRow(2, ["Marc", "Durand"]),
];

function api() {
  const stub = journalFetch({
    "GET /api/v1/parcours/": page(rows),
    "GET /api/v1/parcours/alert-counts/": { total: 1, by_code: { no_follow_up: 1, action_overdue: 1 } },
    "GET /api/v1/programmes/": [],
  });
  vi.stubGlobal("fetch", vi.fn(stub.fetch));
  return stub;
}

describe("CaseloadPage: alerts", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows each parcours' alerts as badges", async () => {
    api();
    renderPage(<CaseloadPage />, { me: counsellorMe, url: "/portefeuille" });
    const table = await screen.findByRole("table", { name: "Mon portefeuille : liste des parcours" });
    const [, first, second] = within(table).getAllByRole("row");
    expect(within(first).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "Sans suivi depuis 30 joursAlerte urgente : Aucun suivi depuis 30 jours, échéance le 20/11/2026",
      "Action en retardAlerte à traiter : Une action du plan est en retard",
    ]);
    expect(second.textContent).toContain("Aucune alerte");
  });

  it("filters by alert from chips that show the counts, in the URL", async () => {
    const stub = api();
    renderPage(<CaseloadPage />, { me: counsellorMe, url: "/portefeuille?phase=entry" });
    const chip = await screen.findByRole("checkbox", { name: "Sans suivi depuis 30 jours (1)" });
    expect(screen.getByRole("checkbox", { name: "PASS IAE bientôt terminé (0)" })).toBeTruthy();
    expect(screen.getByText("Alertes (1 parcours avec au moins une alerte)")).toBeTruthy();
    const counts = stub.calls.find((call) => call.path === "/api/v1/parcours/alert-counts/");
    expect(counts?.query.getAll("phase")).toEqual(["entry"]);
    expect(counts?.query.has("page")).toBe(false);

    fireEvent.click(chip);
    await waitFor(() => expect(screen.getByTestId("location").textContent).toBe("/portefeuille?phase=entry&alert=no_follow_up"));
    await waitFor(() =>
      expect(stub.calls.some((call) => call.path === "/api/v1/parcours/" && call.query.get("alert") === "no_follow_up")).toBe(true),
    );
    expect((screen.getByRole("checkbox", { name: "Sans suivi depuis 30 jours (1)" }) as HTMLInputElement).checked).toBe(true);
  });
});
