// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { Establishment } from "../api/types";
import { renderWithProviders } from "../test/render";
import { ESTABLISHMENT_PAGE_SIZE } from "./EstablishmentSelect";
import { ProposePlacementDialog } from "./ProposePlacementDialog";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function establishment(id: number, name: string, employer: string, postalCode: string, city: string): Establishment {
  return {
    id,
    name,
    kind: "ehpad",
    kind_label: "EHPAD",
    employer: { id: id * 10, name: employer },
    address: "1 rue des Lilas",
    postal_code: postalCode,
    city,
    time_zone: "Europe/Paris",
  } as unknown as Establishment;
}

/** More establishments than a page: the dialog must search them on the server. */
const ESTABLISHMENTS = [
  ...Array.from({ length: 150 }, (_, index) =>
    establishment(index + 1, `Résidence n° ${index + 1}`, "Groupe Soins", "69003", "Lyon"),
  ),
  establishment(999, "EHPAD Les Tilleuls — Vénissieux", "Groupe EHPAD Les Tilleuls", "69200", "Vénissieux"),
];

/** A fake API: GET /establishments/ searches (name, employer, city, postal code) and pages as the
 * server does; POST /placements/ records its body. */
function fakeServer() {
  const searches: URLSearchParams[] = [];
  const posted: unknown[] = [];
  const fetch = vi.fn(async (input: Request | string) => {
    const request = typeof input === "string" ? new Request(new URL(input, window.location.origin)) : input;
    const url = new URL(request.url);
    if (url.pathname === "/api/v1/auth/csrf/") return json({});
    if (request.method === "GET" && url.pathname === "/api/v1/establishments/") {
      searches.push(url.searchParams);
      const term = (url.searchParams.get("search") ?? "").toLowerCase();
      const size = Number(url.searchParams.get("page_size") ?? 25);
      const matching = ESTABLISHMENTS.filter((row) =>
        [row.name, row.employer.name, row.city, row.postal_code].some((field) => field.toLowerCase().includes(term)),
      );
      return json({ count: matching.length, results: matching.slice(0, size) });
    }
    if (request.method === "POST" && url.pathname === "/api/v1/placements/") {
      const body = await request.json();
      posted.push(body);
      return json({ id: 1, ...body }, 201);
    }
    return json({ code: "not_found", message: "Introuvable." }, 404);
  });
  vi.stubGlobal("fetch", fetch);
  return { searches, posted };
}

/** Types in the field as a user does, a character at a time (Mantine ignores changes to an
 * unfocused input: autofill). */
function type(input: HTMLElement, value: string) {
  act(() => input.focus());
  fireEvent.click(input);
  for (let end = 1; end <= value.length; end++) {
    fireEvent.change(input, { target: { value: value.slice(0, end) } });
  }
}

/** Opens the dialog and waits for the first establishments (and the modal's initial focus). */
async function renderDialog() {
  const onDone = vi.fn();
  renderWithProviders(<ProposePlacementDialog parcoursId={7} opened onClose={() => {}} onDone={onDone} />);
  const dialog = screen.getByRole("dialog", { name: "Proposer une mise en situation" });
  const input = within(dialog).getByRole("combobox", { name: /^Établissement/ });
  await waitFor(() => expect(input.getAttribute("placeholder")).toBe("Rechercher un établissement"));
  return { dialog, input, onDone };
}

describe("ProposePlacementDialog", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists the first establishments without typing", async () => {
    const server = fakeServer();
    const { input } = await renderDialog();
    fireEvent.click(input);
    expect(await screen.findByRole("option", { name: /Résidence n° 1 \(Groupe Soins\)/ })).toBeTruthy();
    expect(screen.getAllByRole("option")).toHaveLength(ESTABLISHMENT_PAGE_SIZE);
    expect(server.searches).toHaveLength(1);
    expect(server.searches[0].get("search")).toBeNull();
    expect(server.searches[0].get("page_size")).toBe(String(ESTABLISHMENT_PAGE_SIZE));
  });

  it("searches on the server as one types, then submits the chosen establishment", async () => {
    const server = fakeServer();
    const { dialog, input, onDone } = await renderDialog();

    // A postal code: only the server knows it matches (it is not in the option's label).
    type(input, "69200");
    const option = await screen.findByRole("option", { name: /EHPAD Les Tilleuls — Vénissieux/ });
    expect(option.textContent).toContain("69200 Vénissieux");
    expect(screen.getAllByRole("option")).toHaveLength(1);
    // Debounced: one request for the term, none per keystroke.
    expect(server.searches.map((params) => params.get("search"))).toEqual([null, "69200"]);

    fireEvent.click(option);
    await waitFor(() =>
      expect((input as HTMLInputElement).value).toBe("EHPAD Les Tilleuls — Vénissieux (Groupe EHPAD Les Tilleuls)"),
    );

    fireEvent.click(within(dialog).getByRole("button", { name: "Proposer" }));
    await waitFor(() => expect(server.posted).toHaveLength(1));
    expect(server.posted[0]).toEqual({ parcours: 7, establishment: 999 });
    await waitFor(() => expect(onDone).toHaveBeenCalled());
  });

  it("says when nothing matches", async () => {
    const server = fakeServer();
    const { input } = await renderDialog();
    type(input, "Marseille");
    expect(await screen.findByText("Aucun établissement trouvé")).toBeTruthy();
    expect(server.searches.at(-1)?.get("search")).toBe("Marseille");
    expect(screen.queryAllByRole("option")).toHaveLength(0);
  });

  it("keeps the chosen establishment shown once the search no longer lists it", async () => {
    const server = fakeServer();
    const { input } = await renderDialog();
    type(input, "Vénissieux");
    fireEvent.click(await screen.findByRole("option", { name: /Vénissieux/ }));
    const label = "EHPAD Les Tilleuls — Vénissieux (Groupe EHPAD Les Tilleuls)";
    await waitFor(() => expect((input as HTMLInputElement).value).toBe(label));

    // Another search that does not list it, then leaving the field without choosing.
    type(input, "Résidence");
    await screen.findByRole("option", { name: /Résidence n° 1 \(/ });
    expect(screen.queryByRole("option", { name: /Vénissieux/ })).toBeNull();
    fireEvent.blur(input);
    expect((input as HTMLInputElement).value).toBe(label);
    // Back to the empty search (the label is not searched): the chosen one is listed first, selected.
    fireEvent.click(input);
    await waitFor(() => expect(screen.getAllByRole("option")[0].textContent).toContain("Vénissieux"));
    expect(screen.getAllByRole("option")[0].getAttribute("aria-selected")).toBe("true");
    expect((input as HTMLInputElement).value).toBe(label);
    expect(server.searches.map((params) => params.get("search"))).not.toContain(label);
  });
});
