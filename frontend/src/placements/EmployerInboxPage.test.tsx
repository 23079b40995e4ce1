// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import type { Placement } from "../api/types";
import { renderWithProviders } from "../test/render";
import { EmployerInboxPage } from "./EmployerInboxPage";

const proposed = {
  id: 4,
  person: { first_name: "Awa", last_name: "Diallo", phone: "06 12 34 56 78" },
  establishment: { id: 2, name: "EHPAD Les Tilleuls", employer: { id: 1, name: "Groupe Soins" } },
  kind: "pmsmp",
  kind_label: "Immersion (PMSMP)",
  state: "proposed",
  state_label: "Proposée",
  start_date: "2024-06-03",
  end_date: "2024-06-14",
  purpose: "discover",
  purpose_label: "Découvrir un métier",
  position: "",
  weekly_hours: null,
  available_transitions: [
    { name: "confirm", label: "Confirmer", allowed: true, reasons: [] },
    { name: "decline", label: "Décliner", allowed: true, reasons: [] },
  ],
} as unknown as Placement;

describe("EmployerInboxPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists the placements by section, with explicit empty states, and opens the decline dialog", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(JSON.stringify({ count: 1, results: [proposed] }), {
            headers: { "Content-Type": "application/json" },
          }),
      ),
    );
    renderWithProviders(<EmployerInboxPage />);
    expect(screen.getByRole("heading", { level: 1, name: "Mises en situation" })).toBeTruthy();
    const toConfirm = await screen.findByRole("region", { name: "À confirmer" });
    const card = within(toConfirm).getByRole("article", { name: "Awa Diallo" });
    expect(within(card).getByRole("heading", { level: 3, name: "Awa Diallo" })).toBeTruthy();
    expect(within(card).getByText("Du 03/06/2024 au 14/06/2024")).toBeTruthy();
    expect(within(card).getByText("Proposée")).toBeTruthy();
    expect(screen.getByText("Aucune mise en situation en cours.")).toBeTruthy();
    expect(screen.getByText("Aucune mise en situation passée.")).toBeTruthy();

    fireEvent.click(within(card).getByRole("button", { name: "Décliner" }));
    const dialog = screen.getByRole("dialog", { name: "Décliner" });
    expect(within(dialog).getByLabelText(/Motif du refus/)).toBeTruthy();
    expect(within(dialog).getByRole("button", { name: "Confirmer" })).toBeTruthy();
  });
});
