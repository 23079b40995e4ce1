// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { renderWithProviders } from "../test/render";
import { SessionPage } from "./SessionPage";
import { TrainerSessionsPage } from "./TrainerSessionsPage";
import { enrolment, fetchByPath, option, trainingSession } from "./testData";

const page = (results: unknown[]) => ({ count: results.length, results });

function renderAt(path: string) {
  return renderWithProviders(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/sessions" element={<TrainerSessionsPage />} />
        <Route path="/sessions/:id" element={<SessionPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe("SessionPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("splits the enrolments into decisions, attendance and results, each with its actions", async () => {
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
      vi.fn(fetchByPath({ "/api/v1/training-sessions/11/": trainingSession(), "/api/v1/enrolments/": page(enrolments) })),
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
    const lea = within(attendance).getByRole("article", { name: "Léa Roux" });
    expect(within(lea).getByRole("button", { name: "Présent·e : entrée en formation" })).toBeTruthy();
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

  it("lists the trainer's sessions with the applications to decide", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        fetchByPath({
          "/api/v1/training-sessions/": page([
            trainingSession({ end_date: "2999-06-30" }),
            trainingSession({ id: 12, start_date: "2020-01-06", end_date: "2020-06-30", applied_count: 0 }),
          ]),
        }),
      ),
    );
    renderAt("/sessions");
    const current = await screen.findByRole("region", { name: "En cours et à venir" });
    const link = within(current).getByRole("link", { name: /DEAS — parcours complet — du 07\/09\/2026/ });
    expect(link.getAttribute("href")).toBe("/sessions/11");
    expect(within(current).getByText("2 candidatures à traiter")).toBeTruthy();
    const past = screen.getByRole("region", { name: "Terminées" });
    expect(within(past).getByText(/aucune candidature à traiter/)).toBeTruthy();
  });
});
