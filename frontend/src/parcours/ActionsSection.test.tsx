// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import type { Parcours, TransitionOption } from "../api/types";
import { renderWithProviders } from "../test/render";
import { ActionsSection } from "./ActionsSection";

function parcours(phase: Parcours["phase"], available_transitions: TransitionOption[]): Parcours {
  return {
    id: 7,
    person: { id: 3, first_name: "Awa", last_name: "Diallo" },
    structure: { id: 1, name: "GES Rhône Solidaire", kind: "structure", time_zone: "Europe/Paris" },
    programme: { id: 2, name: "Parcours EHPAD", structure: 1 },
    phase,
    phase_label: phase,
    phase_changed_at: "2024-03-05T10:00:00+01:00",
    entry_date: "2024-03-05",
    referent: { id: 5, full_name: "Claire Martin", email: "cip1@rhone.demo" },
    co_referents: [],
    exit_date: null,
    exit_reason: null as unknown as Parcours["exit_reason"],
    exit_comment: "",
    version: 1,
    available_transitions,
    created_at: "2024-03-05T10:00:00+01:00",
    updated_at: "2024-03-05T10:00:00+01:00",
    hours_worked: "0.00",
    alerts: [],
  };
}

describe("ActionsSection", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows a blocked transition disabled, with its reasons as visible text tied to the button", () => {
    renderWithProviders(
      <ActionsSection
        parcours={parcours("entry", [
          {
            name: "exit",
            label: "Sortie du parcours",
            allowed: false,
            reasons: [{ code: "not_allowed_for_user", message: "Seuls les référents peuvent changer sa phase." }],
          },
        ])}
        onChanged={vi.fn()}
      />,
    );
    const button = screen.getByRole("button", { name: "Sortie du parcours" });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    const reason = screen.getByText("Seuls les référents peuvent changer sa phase.");
    expect(button.getAttribute("aria-describedby")).toBe(reason.closest("ul")?.id);
  });

  it("opens the exit dialog from an allowed exit button", () => {
    // The dialog loads the exit reasons.
    vi.stubGlobal("fetch", vi.fn(async () => new Response("[]", { headers: { "Content-Type": "application/json" } })));
    renderWithProviders(
      <ActionsSection
        parcours={parcours("entry", [{ name: "exit", label: "Sortie du parcours", allowed: true, reasons: [] }])}
        onChanged={vi.fn()}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Sortie du parcours" }));
    const dialog = screen.getByRole("dialog", { name: "Sortie du parcours" });
    expect(within(dialog).getByLabelText(/Date de sortie/)).toHaveProperty("min", "2024-03-05");
    expect(within(dialog).getByRole("button", { name: "Confirmer la sortie" })).toBeTruthy();
    expect(within(dialog).getByRole("button", { name: "Annuler" })).toBeTruthy();
  });

  it("says the parcours is closed when there is no transition after the exit", () => {
    renderWithProviders(<ActionsSection parcours={parcours("exited", [])} onChanged={vi.fn()} />);
    expect(screen.getByText("Aucune transition possible : le parcours est clos.")).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });
});
