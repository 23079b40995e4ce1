// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import { renderWithProviders } from "../test/render";
import { AlertBadges } from "./AlertBadges";
import { alert } from "./testData";

describe("AlertBadges", () => {
  it("shows one badge per alert, coloured by severity, with its full description for screen readers", () => {
    renderWithProviders(
      <AlertBadges
        alerts={[
          alert(),
          alert({
            code: "action_overdue",
            severity: "medium",
            label: "Une action du plan est en retard",
            due_date: null,
            action: "Mettre à jour l'action.",
          }),
        ]}
      />,
    );
    const items = within(screen.getByRole("list")).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain("Sans suivi depuis 30 jours");
    expect(items[0].textContent).toContain("Alerte urgente : Aucun suivi depuis 30 jours, échéance le 20/11/2026");
    expect(items[1].textContent).toContain("Alerte à traiter : Une action du plan est en retard");
    expect(items[0].querySelector("[data-severity]")?.getAttribute("data-severity")).toBe("high");
    expect(items[1].querySelector("[data-severity]")?.getAttribute("data-severity")).toBe("medium");
  });

  it("says there is no alert", () => {
    renderWithProviders(<AlertBadges alerts={[]} />);
    expect(screen.getByText("Aucune alerte")).toBeTruthy();
  });
});
