// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import type { Parcours } from "../api/types";
import { renderWithProviders } from "../test/render";
import { VaeSection } from "./VaeSection";
import { fetchByPath, option, vaeApplication } from "./testData";

const parcours = {
  id: 7,
  phase: "training",
  structure: { id: 1, name: "GES Rhône Solidaire", kind: "structure", time_zone: "Europe/Paris" },
} as unknown as Parcours;

const page = (results: unknown[]) => ({ count: results.length, results });

describe("VaeSection", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("offers to open a DEAS VAE when none is in progress", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(fetchByPath({ "/api/v1/vae-applications/": page([vaeApplication({ state: "refused", state_label: "Refus du jury", available_transitions: [] })]) })),
    );
    renderWithProviders(<VaeSection parcours={parcours} />);
    const region = screen.getByRole("region", { name: "VAE" });
    fireEvent.click(await within(region).findByRole("button", { name: "Ouvrir une VAE (DEAS)" }));
    const dialog = screen.getByRole("dialog", { name: "Ouvrir une VAE (DEAS)" });
    expect(within(dialog).getByLabelText(/Certificateur/)).toBeTruthy();
    expect(within(dialog).getByRole("button", { name: "Ouvrir la VAE" })).toBeTruthy();
  });

  it("follows a partial validation: steps, blocs validated and missing, hours against the requirement", async () => {
    vi.stubGlobal("fetch", vi.fn(fetchByPath({ "/api/v1/vae-applications/": page([vaeApplication()]) })));
    renderWithProviders(<VaeSection parcours={parcours} />);
    const card = await screen.findByRole("article", { name: "VAE DEAS — Diplôme d'État d'aide-soignant" });
    expect(screen.queryByRole("button", { name: "Ouvrir une VAE (DEAS)" })).toBeNull();
    expect(within(card).getAllByText("Validation partielle").length).toBeGreaterThan(0);

    const validated = within(card).getByRole("list", { name: "Blocs validés (2)" });
    expect(within(validated).getAllByRole("listitem")).toHaveLength(2);
    const missing = within(card).getByRole("list", { name: "Blocs manquants (3)" });
    expect(within(missing).getByText("Bloc 5 · Travail en équipe")).toBeTruthy();

    const progress = within(card).getByRole("progressbar", { name: /Expérience : 1\u202f204,5 h sur 1\u202f607 h/ });
    expect(progress.getAttribute("aria-valuenow")).toBe("74");

    expect(within(card).getByText("Projet de VAE ouvert")).toBeTruthy();
    expect(within(card).getByText("15/06/2026")).toBeTruthy();
    expect(within(card).getByText("Blocs validés : Bloc 1, Bloc 2")).toBeTruthy();

    fireEvent.click(within(card).getByRole("button", { name: "Parcours complémentaire" }));
    expect(screen.getByRole("dialog", { name: "Parcours complémentaire" })).toBeTruthy();
  });

  it("asks for the jury's date, and for the new blocs of a partial validation", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        fetchByPath({
          "/api/v1/vae-applications/": page([
            vaeApplication({
              state: "jury_scheduled",
              state_label: "Jury programmé",
              validated_blocs: [{ number: 1, label: "Accompagnement de la personne" }],
              missing_blocs: [],
              available_transitions: [
                option("validate_full", "Validation totale"),
                option("validate_partial", "Validation partielle"),
                option("refuse", "Refus du jury", false, [{ code: "x", message: "Le jury n'a pas encore eu lieu." }]),
              ],
            }),
          ]),
        }),
      ),
    );
    renderWithProviders(<VaeSection parcours={parcours} />);
    const card = await screen.findByRole("article");
    const refuse = within(card).getByRole("button", { name: "Refus du jury" });
    expect((refuse as HTMLButtonElement).disabled).toBe(true);
    expect(within(card).getByText("Le jury n'a pas encore eu lieu.")).toBeTruthy();

    fireEvent.click(within(card).getByRole("button", { name: "Validation partielle" }));
    const dialog = screen.getByRole("dialog", { name: "Validation partielle" });
    expect(within(dialog).getByLabelText(/Date de la décision du jury/)).toBeTruthy();
    expect(within(dialog).getByText("Déjà acquis : Bloc 1.")).toBeTruthy();
    const boxes = within(dialog).getAllByRole("checkbox");
    expect(boxes.map((box) => box.getAttribute("value"))).toEqual(["2", "3", "4", "5"]);
  });
});
