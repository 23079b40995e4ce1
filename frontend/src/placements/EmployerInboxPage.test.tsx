// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { Placement, PlacementState } from "../api/types";
import { renderWithProviders } from "../test/render";
import { EmployerInboxPage } from "./EmployerInboxPage";
import { INBOX_PAGE_SIZE } from "./placements";

const STATE_LABELS: Record<PlacementState, string> = {
  proposed: "Proposée",
  confirmed: "Confirmée",
  declined: "Déclinée",
  in_progress: "En cours",
  completed: "Terminée",
  interrupted: "Interrompue",
  cancelled: "Annulée",
};

const TRANSITIONS: Partial<Record<PlacementState, { name: string; label: string }[]>> = {
  proposed: [
    { name: "confirm", label: "Confirmer" },
    { name: "decline", label: "Décliner" },
  ],
  confirmed: [{ name: "start", label: "Démarrer" }],
};

const NEXT_STATE: Record<string, PlacementState> = { confirm: "confirmed", decline: "declined", start: "in_progress" };

function placement(id: number, state: PlacementState, fields: Partial<Placement> = {}): Placement {
  return {
    id,
    parcours: 100 + id,
    person: { first_name: "Personne", last_name: `n° ${id}`, phone: "06 12 34 56 78" },
    establishment: { id: 2, name: "EHPAD Les Tilleuls", employer: { id: 1, name: "Groupe Soins" } },
    kind: "pmsmp",
    kind_label: "Immersion (PMSMP)",
    state,
    state_label: STATE_LABELS[state],
    start_date: "2024-06-03",
    end_date: "2024-06-14",
    purpose: "discover",
    purpose_label: "Découvrir un métier",
    position: "",
    weekly_hours: null,
    available_transitions: (TRANSITIONS[state] ?? []).map((t) => ({ ...t, allowed: true, reasons: [] })),
    ...fields,
  } as unknown as Placement;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** A fake placements API: GET /placements/ filters on `state` and pages as the server does (404 past
 * the last page); POST …/transitions/{name}/ moves the placement to its next state. */
function fakeServer(initial: Placement[]) {
  const rows = [...initial];
  const lists: URLSearchParams[] = [];
  const fetch = vi.fn(async (input: Request | string) => {
    const request = typeof input === "string" ? new Request(new URL(input, window.location.origin)) : input;
    const url = new URL(request.url);
    if (url.pathname === "/api/v1/auth/csrf/") return json({});
    const transition = url.pathname.match(/^\/api\/v1\/placements\/(\d+)\/transitions\/(\w+)\/$/);
    if (request.method === "POST" && transition) {
      const index = rows.findIndex((row) => row.id === Number(transition[1]));
      rows[index] = placement(rows[index].id, NEXT_STATE[transition[2]]);
      return json(rows[index]);
    }
    if (request.method === "GET" && url.pathname === "/api/v1/placements/") {
      lists.push(url.searchParams);
      const states = url.searchParams.getAll("state");
      const page = Number(url.searchParams.get("page") ?? 1);
      const size = Number(url.searchParams.get("page_size") ?? 25);
      const matching = rows.filter((row) => states.length === 0 || states.includes(row.state));
      const results = matching.slice((page - 1) * size, page * size);
      if (page > 1 && results.length === 0) return json({ code: "not_found", message: "Page non valide." }, 404);
      return json({ count: matching.length, results });
    }
    return json({ code: "not_found", message: "Introuvable." }, 404);
  });
  /** The GET /placements/ requests made for these states, as "page" values. */
  const pagesAsked = (...states: string[]) =>
    lists.filter((params) => params.getAll("state").join() === states.join()).map((params) => params.get("page"));
  return { fetch, lists, pagesAsked };
}

function renderInbox(rows: Placement[]) {
  const server = fakeServer(rows);
  vi.stubGlobal("fetch", server.fetch);
  renderWithProviders(<EmployerInboxPage />);
  return server;
}

describe("EmployerInboxPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists the placements by section, with explicit empty states, and opens the decline dialog", async () => {
    renderInbox([
      placement(4, "proposed", {
        person: { first_name: "Awa", last_name: "Diallo", phone: "06 12 34 56 78" },
      } as Partial<Placement>),
    ]);
    expect(screen.getByRole("heading", { level: 1, name: "Mises en situation" })).toBeTruthy();
    const toConfirm = await screen.findByRole("region", { name: "À confirmer (1)" });
    const card = within(toConfirm).getByRole("article", { name: "Awa Diallo" });
    expect(within(card).getByRole("heading", { level: 3, name: "Awa Diallo" })).toBeTruthy();
    expect(within(card).getByText("Du 03/06/2024 au 14/06/2024")).toBeTruthy();
    expect(within(card).getByText("Proposée")).toBeTruthy();
    expect(await screen.findByText("Aucune mise en situation en cours.")).toBeTruthy();
    expect(await screen.findByText("Aucune mise en situation passée.")).toBeTruthy();

    fireEvent.click(within(card).getByRole("button", { name: "Décliner" }));
    const dialog = screen.getByRole("dialog", { name: "Décliner" });
    expect(within(dialog).getByLabelText(/Motif du refus/)).toBeTruthy();
    expect(within(dialog).getByRole("button", { name: "Confirmer" })).toBeTruthy();
  });

  it("asks the server for each section's own states, in its own order, and shows each count", async () => {
    const server = renderInbox([
      placement(1, "proposed"),
      placement(2, "confirmed"),
      placement(3, "in_progress"),
      placement(4, "completed"),
      placement(5, "interrupted"),
      placement(6, "completed"),
      placement(7, "declined"),
      placement(8, "cancelled"),
    ]);
    const toConfirm = await screen.findByRole("region", { name: "À confirmer (1)" });
    const ongoing = await screen.findByRole("region", { name: "En cours (2)" });
    const past = await screen.findByRole("region", { name: "Passées (3)" });
    expect(screen.getByRole("heading", { level: 2, name: "À confirmer (1)" })).toBeTruthy();

    const asked = server.lists.map((params) => ({
      state: params.getAll("state"),
      ordering: params.get("ordering"),
      page: params.get("page"),
      page_size: params.get("page_size"),
    }));
    const size = String(INBOX_PAGE_SIZE);
    expect(asked).toHaveLength(3);
    expect(asked).toEqual(
      expect.arrayContaining([
        { state: ["proposed"], ordering: "created_at", page: "1", page_size: size },
        { state: ["confirmed", "in_progress"], ordering: "start_date", page: "1", page_size: size },
        { state: ["completed", "interrupted"], ordering: "-start_date", page: "1", page_size: size },
      ]),
    );

    expect(within(toConfirm).getAllByRole("article").map((card) => card.getAttribute("aria-labelledby"))).toEqual([
      "placement-1-titre",
    ]);
    expect(within(ongoing).getAllByRole("article")).toHaveLength(2);
    expect(within(past).getAllByRole("article")).toHaveLength(3);
    // One page each: no pager.
    expect(screen.queryByRole("navigation")).toBeNull();
    expect(screen.queryByText(/Déclinée|Annulée/)).toBeNull();
  });

  it("pages a section on the server: the pager moves it to page 2, the other sections stay", async () => {
    const proposals = Array.from({ length: INBOX_PAGE_SIZE + 3 }, (_, index) => placement(index + 1, "proposed"));
    const server = renderInbox([...proposals, placement(50, "confirmed")]);
    const toConfirm = await screen.findByRole("region", { name: `À confirmer (${INBOX_PAGE_SIZE + 3})` });
    expect(within(toConfirm).getAllByRole("article")).toHaveLength(INBOX_PAGE_SIZE);
    expect(within(toConfirm).getByText(`${INBOX_PAGE_SIZE + 3} mises en situation, page 1 sur 2`)).toBeTruthy();

    const pager = within(toConfirm).getByRole("navigation", { name: "Pages : À confirmer" });
    fireEvent.click(within(pager).getByRole("button", { name: "Page 2" }));

    await waitFor(() => expect(within(toConfirm).getAllByRole("article")).toHaveLength(3));
    expect(within(toConfirm).getByRole("article", { name: `Personne n° ${INBOX_PAGE_SIZE + 1}` })).toBeTruthy();
    expect(within(toConfirm).getByText(`${INBOX_PAGE_SIZE + 3} mises en situation, page 2 sur 2`)).toBeTruthy();
    expect(within(pager).getByRole("button", { name: "Page 2" }).getAttribute("aria-current")).toBe("page");
    expect(server.pagesAsked("proposed")).toEqual(["1", "2"]);
    expect(server.pagesAsked("confirmed", "in_progress")).toEqual(["1"]);
    expect(screen.getByRole("region", { name: "En cours (1)" })).toBeTruthy();
  });

  it("refreshes the sections after a transition: the placement moves, the counts follow", async () => {
    const server = renderInbox([placement(1, "proposed"), placement(2, "proposed"), placement(3, "completed")]);
    const toConfirm = await screen.findByRole("region", { name: "À confirmer (2)" });
    await screen.findByRole("region", { name: "En cours (0)" });
    const card = within(toConfirm).getByRole("article", { name: "Personne n° 1" });

    fireEvent.click(within(card).getByRole("button", { name: "Confirmer" }));
    fireEvent.click(within(screen.getByRole("dialog", { name: "Confirmer" })).getByRole("button", { name: "Confirmer" }));

    expect(await screen.findByText("Action enregistrée : Confirmer.")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("Action enregistrée : Confirmer.");
    const ongoing = await screen.findByRole("region", { name: "En cours (1)" });
    expect(within(ongoing).getByRole("article", { name: "Personne n° 1" })).toBeTruthy();
    expect(screen.getByRole("region", { name: "À confirmer (1)" })).toBe(toConfirm);
    expect(within(toConfirm).queryByRole("article", { name: "Personne n° 1" })).toBeNull();
    expect(server.pagesAsked("proposed")).toEqual(["1", "1"]);
    expect(server.pagesAsked("confirmed", "in_progress")).toEqual(["1", "1"]);
    expect(server.pagesAsked("completed", "interrupted")).toEqual(["1", "1"]);
  });

  it("goes back a page when a transition empties the page shown", async () => {
    const proposals = Array.from({ length: INBOX_PAGE_SIZE + 1 }, (_, index) => placement(index + 1, "proposed"));
    const server = renderInbox(proposals);
    const toConfirm = await screen.findByRole("region", { name: `À confirmer (${INBOX_PAGE_SIZE + 1})` });
    fireEvent.click(
      within(within(toConfirm).getByRole("navigation", { name: "Pages : À confirmer" })).getByRole("button", {
        name: "Page 2",
      }),
    );
    const last = await within(toConfirm).findByRole("article", { name: `Personne n° ${INBOX_PAGE_SIZE + 1}` });

    fireEvent.click(within(last).getByRole("button", { name: "Confirmer" }));
    fireEvent.click(within(screen.getByRole("dialog", { name: "Confirmer" })).getByRole("button", { name: "Confirmer" }));

    await screen.findByRole("region", { name: `À confirmer (${INBOX_PAGE_SIZE})` });
    await waitFor(() => expect(within(toConfirm).getAllByRole("article")).toHaveLength(INBOX_PAGE_SIZE));
    expect(within(toConfirm).queryByRole("navigation")).toBeNull();
    expect(within(toConfirm).queryByText("Cette page n'existe pas")).toBeNull();
    expect(server.pagesAsked("proposed")).toEqual(["1", "2", "2", "1"]);
  });
});
