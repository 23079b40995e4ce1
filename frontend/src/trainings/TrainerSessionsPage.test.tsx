// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import type { TrainingSession } from "../api/types";
import { renderWithProviders } from "../test/render";
import { TrainerSessionsPage } from "./TrainerSessionsPage";
import { trainingSession } from "./testData";

type Lists = Record<"true" | "false", TrainingSession[][]>;

/** Answers GET /training-sessions/ from pages of sessions, by the `current` filter and `page`. */
function sessionsApi(lists: Lists) {
  const urls: URL[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    urls.push(url);
    const pages = lists[url.searchParams.get("current") as "true" | "false"];
    const number = Number(url.searchParams.get("page") ?? "1");
    const count = pages.reduce((total, page) => total + page.length, 0);
    return new Response(
      JSON.stringify({
        count,
        next: number < pages.length ? `http://localhost/api/v1/training-sessions/?page=${number + 1}` : null,
        previous: number > 1 ? `http://localhost/api/v1/training-sessions/?page=${number - 1}` : null,
        results: pages[number - 1] ?? [],
      }),
      { headers: { "Content-Type": "application/json" } },
    );
  });
  vi.stubGlobal("fetch", fetch);
  return urls;
}

function session(id: number, title: string, overrides: Partial<TrainingSession> = {}) {
  return trainingSession({ id, training: { ...trainingSession().training, title }, ...overrides });
}

const renderPage = () =>
  renderWithProviders(
    <MemoryRouter>
      <TrainerSessionsPage />
    </MemoryRouter>,
  );

describe("TrainerSessionsPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("asks the server for the current sessions and for the past ones, latest first", async () => {
    const urls = sessionsApi({
      true: [[session(11, "DEAS — parcours complet")]],
      false: [
        [
          session(13, "Bloc 2 — soins", { start_date: "2024-01-08", end_date: "2024-06-28", applied_count: 0 }),
          session(12, "Bloc 1 — accompagnement", { start_date: "2023-01-09", end_date: "2023-06-30", applied_count: 0 }),
        ],
      ],
    });
    renderPage();

    const current = await screen.findByRole("region", { name: "En cours et à venir" });
    const link = await within(current).findByRole("link", { name: /DEAS — parcours complet — du 07\/09\/2026/ });
    expect(link.getAttribute("href")).toBe("/sessions/11");
    expect(within(current).getByText("2 candidatures à traiter")).toBeTruthy();
    expect(within(current).getByText("3 places restantes / 12 · 4 en formation")).toBeTruthy();

    const past = screen.getByRole("region", { name: "Terminées" });
    const links = await within(past).findAllByRole("link");
    expect(links.map((item) => item.textContent)).toEqual([
      "Bloc 2 — soins — du 08/01/2024 au 28/06/2024",
      "Bloc 1 — accompagnement — du 09/01/2023 au 30/06/2023",
    ]);
    expect(within(past).getAllByText(/aucune candidature à traiter/)).toHaveLength(2);
    // All on one page: nothing more to load.
    expect(screen.queryByRole("button", { name: /Voir plus/ })).toBeNull();

    const queries = urls.map((url) => Object.fromEntries(url.searchParams));
    expect(queries).toContainEqual({ current: "true", page: "1", page_size: "20" });
    expect(queries).toContainEqual({ current: "false", ordering: "-end_date", page: "1", page_size: "20" });
  });

  it("says when either list is empty", async () => {
    sessionsApi({ true: [[]], false: [[]] });
    renderPage();
    const current = await screen.findByRole("region", { name: "En cours et à venir" });
    expect(await within(current).findByText("Aucune session en cours ou à venir.")).toBeTruthy();
    const past = screen.getByRole("region", { name: "Terminées" });
    expect(await within(past).findByText("Aucune session terminée.")).toBeTruthy();
  });

  it("loads the next page of a list on demand", async () => {
    const first = Array.from({ length: 20 }, (_, index) => session(100 + index, `Session ${index + 1}`));
    const second = [session(200, "Session 21"), session(201, "Session 22")];
    const urls = sessionsApi({ true: [first, second], false: [[]] });
    renderPage();

    const current = await screen.findByRole("region", { name: "En cours et à venir" });
    expect(await within(current).findAllByRole("listitem")).toHaveLength(20);
    expect(within(current).getByText("20 sur 22 affichées")).toBeTruthy();
    // The past list is empty: its own "Voir plus" is not shown.
    expect(await screen.findByText("Aucune session terminée.")).toBeTruthy();
    expect(screen.getAllByRole("button", { name: /Voir plus/ })).toHaveLength(1);

    fireEvent.click(within(current).getByRole("button", { name: "Voir plus de sessions en cours et à venir" }));
    await waitFor(() => expect(within(current).getAllByRole("listitem")).toHaveLength(22));
    expect(within(current).getByRole("link", { name: /^Session 22 —/ })).toBeTruthy();
    expect(within(current).queryByRole("button", { name: /Voir plus/ })).toBeNull();
    expect(within(current).queryByText(/affichées/)).toBeNull();
    expect(urls.some((url) => url.searchParams.get("current") === "true" && url.searchParams.get("page") === "2")).toBe(
      true,
    );
  });
});
