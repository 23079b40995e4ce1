// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { renderWithProviders } from "../test/render";
import { SessionPage } from "./SessionPage";
import { enrolment, fetchByPath, option, trainingSession } from "./testData";

const page = (results: unknown[]) => ({ count: results.length, results });

function renderAt(path: string) {
  return renderWithProviders(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/sessions/:id" element={<SessionPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe("SessionPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("splits the enrolments into decisions, the attendance sheet and results, each with its actions", async () => {
    const enrolments = [
      enrolment({ id: 1, person: { first_name: "Awa", last_name: "Diallo" } }),
      enrolment({
        id: 2,
        person: { first_name: "Léa", last_name: "Roux" },
        state: "accepted",
        state_label: "Acceptée",
        available_transitions: [option("attend", "Présent·e : entrée en formation"), option("drop", "Abandon")],
      }),
      enrolment({
        id: 3,
        person: { first_name: "Jules", last_name: "Petit" },
        state: "attending",
        state_label: "En formation",
        available_transitions: [option("complete", "Saisir le résultat"), option("drop", "Abandon")],
      }),
    ];
    vi.stubGlobal(
      "fetch",
      vi.fn(
        fetchByPath({
          "/api/v1/training-sessions/11/": trainingSession(),
          "/api/v1/training-sessions/11/attendance/": {
            session: 11,
            date: "2026-11-28",
            editable: true,
            rows: [
              { enrolment: 2, person: enrolments[1].person, state: "accepted", editable: true, status: null },
              { enrolment: 3, person: enrolments[2].person, state: "attending", editable: true, status: "present" },
            ],
          },
          "/api/v1/enrolments/": page(enrolments),
        }),
      ),
    );
    renderAt("/sessions/11");
    expect(await screen.findByRole("heading", { level: 1, name: "DEAS — parcours complet" })).toBeTruthy();
    expect(screen.getByText(/3 places restantes \/ 12 · 2 candidatures à traiter · 4 en formation/)).toBeTruthy();

    const decide = await screen.findByRole("region", { name: "Candidatures à traiter" });
    const awa = within(decide).getByRole("article", { name: "Awa Diallo" });
    expect(within(awa).getByRole("button", { name: "Accepter" })).toBeTruthy();
    // Dropping is not a decision: that section shows accept and refuse only.
    expect(within(awa).queryByRole("button", { name: "Abandon" })).toBeNull();

    const attendance = screen.getByRole("region", { name: "Feuille de présence" });
    const lea = await within(attendance).findByRole("article", { name: "Léa Roux" });
    expect(within(lea).getByRole("radio", { name: "Présent·e" })).toBeTruthy();
    expect(within(lea).getByRole("button", { name: "Abandon" })).toBeTruthy();

    expect(screen.getByText("Aucune inscription close.")).toBeTruthy();

    fireEvent.click(within(awa).getByRole("button", { name: "Refuser" }));
    const refuse = screen.getByRole("dialog", { name: "Refuser" });
    expect(within(refuse).getByLabelText(/Motif du refus/)).toBeTruthy();
    fireEvent.click(within(refuse).getByRole("button", { name: "Annuler" }));

    const results = screen.getByRole("region", { name: "Résultats à saisir" });
    fireEvent.click(within(results).getByRole("button", { name: "Saisir le résultat" }));
    const complete = screen.getByRole("dialog", { name: "Saisir le résultat" });
    expect(within(complete).getByRole("radio", { name: "Réussite" })).toBeTruthy();
    expect(within(complete).getByRole("radio", { name: "Échec" })).toBeTruthy();
    expect(within(complete).getAllByRole("checkbox")).toHaveLength(5);
    expect(within(complete).getByRole("checkbox", { name: "Bloc 5 · Travail en équipe" })).toBeTruthy();
  });

  it("says when the session is not the trainer's", async () => {
    vi.stubGlobal("fetch", vi.fn(fetchByPath({})));
    renderAt("/sessions/99");
    expect(await screen.findByRole("heading", { level: 1, name: "Session introuvable." })).toBeTruthy();
  });

  it("reads every page of the session's enrolments", async () => {
    const first = Array.from({ length: 100 }, (_, index) =>
      enrolment({ id: 100 + index, person: { first_name: "Personne", last_name: `N${String(index).padStart(3, "0")}` } }),
    );
    const last = enrolment({
      id: 500,
      person: { first_name: "Zoé", last_name: "Zabal" },
      state: "attending",
      state_label: "En formation",
      available_transitions: [option("complete", "Saisir le résultat")],
    });
    const pages: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const url = new URL(request.url);
        if (url.pathname === "/api/v1/training-sessions/11/") return Response.json(trainingSession());
        if (url.pathname.endsWith("/attendance/")) {
          return Response.json({ session: 11, date: "2026-11-28", editable: true, rows: [] });
        }
        pages.push(`${url.searchParams.get("page")}/${url.searchParams.get("page_size")}`);
        return Response.json(
          url.searchParams.get("page") === "1"
            ? { count: 101, next: "http://localhost/api/v1/enrolments/?page=2", results: first }
            : { count: 101, next: null, results: [last] },
        );
      }),
    );
    renderAt("/sessions/11");
    const results = await screen.findByRole("region", { name: "Résultats à saisir" });
    expect(within(results).getByRole("article", { name: "Zoé Zabal" })).toBeTruthy();
    expect(within(screen.getByRole("region", { name: "Candidatures à traiter" })).getAllByRole("article")).toHaveLength(
      100,
    );
    expect(pages).toEqual(["1/100", "2/100"]);
    expect(screen.queryByText(/affichage des/)).toBeNull();
  });
});
