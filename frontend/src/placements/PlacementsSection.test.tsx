// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import type { Parcours } from "../api/types";
import { renderWithProviders } from "../test/render";
import { PlacementsSection } from "./PlacementsSection";

const parcours = { id: 7, phase: "entry", hours_worked: "0.00" } as unknown as Parcours;

describe("PlacementsSection", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the empty state and opens the proposal dialog", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(JSON.stringify({ count: 0, results: [] }), { headers: { "Content-Type": "application/json" } }),
      ),
    );
    renderWithProviders(<PlacementsSection parcours={parcours} />);
    const region = screen.getByRole("region", { name: "Mises en situation" });
    expect(await within(region).findByText("Aucune mise en situation pour ce parcours.")).toBeTruthy();
    fireEvent.click(within(region).getByRole("button", { name: "Proposer une mise en situation" }));
    const dialog = screen.getByRole("dialog", { name: "Proposer une mise en situation" });
    for (const label of [/^Type/, /^Établissement/, /^Début/, /^Fin/]) {
      expect(within(dialog).getAllByLabelText(label).length).toBeGreaterThan(0);
    }
    expect(within(dialog).getByRole("button", { name: "Proposer" })).toBeTruthy();
  });

  it("hides the proposal once the parcours is exited", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(JSON.stringify({ count: 0, results: [] }), { headers: { "Content-Type": "application/json" } }),
      ),
    );
    renderWithProviders(<PlacementsSection parcours={{ ...parcours, phase: "exited" }} />);
    expect(await screen.findByText("Aucune mise en situation pour ce parcours.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Proposer une mise en situation" })).toBeNull();
  });
});
