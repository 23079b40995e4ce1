// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { Parcours } from "../api/types";
import { renderWithProviders } from "../test/render";
import { TrainingSection } from "./TrainingSection";
import { TRAINER_ONLY, enrolment, fetchByPath, option, trainingSession } from "./testData";

const parcours = { id: 7, phase: "immersion" } as unknown as Parcours;

const page = (results: unknown[]) => ({ count: results.length, results });

describe("TrainingSection", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists the enrolments with only the staff's own actions", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        fetchByPath({
          "/api/v1/enrolments/": page([
            enrolment({
              available_transitions: [
                option("accept", "Accepter", false, TRAINER_ONLY),
                option("refuse", "Refuser", false, TRAINER_ONLY),
                option("drop", "Abandon"),
              ],
            }),
            enrolment({
              id: 22,
              state: "completed",
              state_label: "Terminée",
              result: "passed",
              result_label: "Réussite",
              validated_blocs: [
                { number: 1, label: "Accompagnement" },
                { number: 3, label: "Information" },
              ],
              available_transitions: [],
            }),
          ]),
        }),
      ),
    );
    renderWithProviders(<TrainingSection parcours={parcours} />);
    const region = screen.getByRole("region", { name: "Formation" });
    const items = await within(region).findAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(within(items[0]).getByText("Candidature")).toBeTruthy();
    expect(within(items[0]).getByText("Du 07/09/2026 au 30/06/2027 · Pierre-Bénite")).toBeTruthy();
    expect(within(items[0]).queryByRole("button", { name: "Accepter" })).toBeNull();
    expect(within(items[0]).getByRole("button", { name: "Abandon" })).toBeTruthy();
    expect(within(items[1]).getByText("Résultat : Réussite · Blocs validés : Bloc 1, Bloc 3")).toBeTruthy();

    fireEvent.click(within(items[0]).getByRole("button", { name: "Abandon" }));
    const dialog = screen.getByRole("dialog", { name: "Abandon" });
    expect(within(dialog).getByLabelText("Commentaire")).toBeTruthy();
  });

  it("offers the current sessions with their seats, a full one disabled", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        fetchByPath({
          "/api/v1/enrolments/": page([]),
          "/api/v1/training-sessions/": page([
            trainingSession(),
            trainingSession({
              id: 12,
              training: { ...trainingSession().training, title: "Bloc 4 — hygiène" },
              seats_taken: 10,
              seats_left: 0,
              capacity: 10,
            }),
          ]),
        }),
      ),
    );
    renderWithProviders(<TrainingSection parcours={parcours} />);
    const region = screen.getByRole("region", { name: "Formation" });
    expect(await within(region).findByText("Aucune inscription en formation pour ce parcours.")).toBeTruthy();
    fireEvent.click(within(region).getByRole("button", { name: "Inscrire à une session" }));
    const dialog = screen.getByRole("dialog", { name: "Inscrire à une session" });
    const open = await within(dialog).findByRole("radio", { name: /DEAS — parcours complet — IFS Lyon Sud/ });
    expect((open as HTMLInputElement).disabled).toBe(false);
    expect(within(dialog).getByText("3 places restantes / 12")).toBeTruthy();
    const full = within(dialog).getByRole("radio", { name: /Bloc 4 — hygiène/ });
    expect((full as HTMLInputElement).disabled).toBe(true);
    expect(within(dialog).getByText("Complet (10 places)")).toBeTruthy();
    expect(within(dialog).getByRole("button", { name: "Inscrire" })).toBeTruthy();
  });

  it("searches the current sessions and loads more of them", async () => {
    const urls: URL[] = [];
    const many = Array.from({ length: 20 }, (_, index) =>
      trainingSession({ id: 100 + index, training: { ...trainingSession().training, title: `Session ${index + 1}` } }),
    );
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const url = new URL(request.url);
        urls.push(url);
        if (url.pathname === "/api/v1/enrolments/") {
          return Response.json(page([enrolment({ id: 23, state: "accepted", state_label: "Acceptée" })]));
        }
        const search = url.searchParams.get("search");
        if (search === "lyon") {
          return Response.json({
            count: 1,
            next: null,
            results: [trainingSession({ id: 12, place: "Lyon 7e" })],
          });
        }
        if (search) return Response.json(page([]));
        const number = Number(url.searchParams.get("page"));
        return Response.json(
          number === 1
            ? { count: 21, next: "http://localhost/api/v1/training-sessions/?page=2", results: many }
            : { count: 21, next: null, results: [trainingSession()] },
        );
      }),
    );
    renderWithProviders(<TrainingSection parcours={parcours} />);
    const region = screen.getByRole("region", { name: "Formation" });
    await within(region).findByRole("listitem");
    fireEvent.click(within(region).getByRole("button", { name: "Inscrire à une session" }));
    const dialog = screen.getByRole("dialog", { name: "Inscrire à une session" });
    expect(await within(dialog).findAllByRole("radio")).toHaveLength(20);
    expect(within(dialog).getByText("20 sur 21 affichées")).toBeTruthy();

    fireEvent.click(within(dialog).getByRole("button", { name: "Voir plus de sessions" }));
    await waitFor(() => expect(within(dialog).getAllByRole("radio")).toHaveLength(21));
    // Session 11 is the one the parcours is already enrolled in: marked and not offered.
    const enrolled = within(dialog).getByRole("radio", { name: /DEAS — parcours complet — IFS Lyon Sud/ });
    expect((enrolled as HTMLInputElement).disabled).toBe(true);
    expect(within(dialog).getByText(/Déjà inscrit·e/)).toBeTruthy();
    expect(within(dialog).queryByRole("button", { name: /Voir plus/ })).toBeNull();
    const firstQuery = Object.fromEntries(urls.find((url) => url.pathname === "/api/v1/training-sessions/")!.searchParams);
    expect(firstQuery).toEqual({ current: "true", page: "1", page_size: "20" });

    fireEvent.click(within(dialog).getByRole("radio", { name: /Session 3 —/ }));
    fireEvent.change(within(dialog).getByRole("searchbox", { name: /Rechercher une session/ }), {
      target: { value: "ly" },
    });
    fireEvent.change(within(dialog).getByRole("searchbox", { name: /Rechercher une session/ }), {
      target: { value: "lyon" },
    });
    await waitFor(() => expect(within(dialog).getAllByRole("radio")).toHaveLength(1));
    expect(within(dialog).getByText("Du 07/09/2026 au 30/06/2027 · Lyon 7e")).toBeTruthy();
    // The choice made before the search stays, and is still named.
    expect(within(dialog).getByText(/Session choisie : Session 3 — IFS Lyon Sud/)).toBeTruthy();
    const searched = urls.filter((url) => url.searchParams.get("search"));
    expect(searched.map((url) => url.searchParams.get("search"))).toEqual(["lyon"]); // debounced: not a request per keystroke
    expect(searched[0].searchParams.get("current")).toBe("true");

    fireEvent.change(within(dialog).getByRole("searchbox", { name: /Rechercher une session/ }), {
      target: { value: "nantes" },
    });
    expect(
      await within(dialog).findByText("Aucune session à venir ou en cours ne correspond à « nantes »."),
    ).toBeTruthy();
  });

  it("hides the enrolment once the parcours is exited", async () => {
    vi.stubGlobal("fetch", vi.fn(fetchByPath({ "/api/v1/enrolments/": page([]) })));
    renderWithProviders(<TrainingSection parcours={{ ...parcours, phase: "exited" }} />);
    expect(await screen.findByText("Aucune inscription en formation pour ce parcours.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Inscrire à une session" })).toBeNull();
  });
});
