import { describe, expect, it } from "vitest";
import { buildTransitionButtons, historyLabel, noTransitionMessage } from "./transitions";

describe("buildTransitionButtons", () => {
  it("makes an enabled button for an allowed transition, opening the exit dialog for exit", () => {
    expect(buildTransitionButtons([{ name: "exit", label: "Sortie du parcours", allowed: true, reasons: [] }])).toEqual([
      { name: "exit", label: "Sortie du parcours", disabled: false, reasons: [], dialog: "exit" },
    ]);
  });

  it("disables a blocked transition and keeps every reason to show under it", () => {
    const [button] = buildTransitionButtons([
      {
        name: "start_immersion",
        label: "Démarrer l'immersion",
        allowed: false,
        reasons: [
          { code: "no_confirmed_pmsmp", message: "Aucune PMSMP confirmée par l'employeur." },
          {
            code: "not_allowed_for_user",
            message: "Seuls les référents du parcours et la direction de la structure peuvent changer sa phase.",
          },
        ],
      },
    ]);
    expect(button).toEqual({
      name: "start_immersion",
      label: "Démarrer l'immersion",
      disabled: true,
      reasons: [
        "Aucune PMSMP confirmée par l'employeur.",
        "Seuls les référents du parcours et la direction de la structure peuvent changer sa phase.",
      ],
      dialog: "confirm",
    });
  });

  it("still says something when a blocked transition comes without a reason", () => {
    const [button] = buildTransitionButtons([{ name: "start_vae", label: "Démarrer la VAE", allowed: false, reasons: [] }]);
    expect(button.disabled).toBe(true);
    expect(button.reasons).toEqual(["Transition impossible pour le moment."]);
  });

  it("keeps the server's order, and one button per transition", () => {
    const buttons = buildTransitionButtons([
      { name: "start_training", label: "Entrer en formation", allowed: true, reasons: [] },
      { name: "exit", label: "Sortie du parcours", allowed: false, reasons: [{ code: "x", message: "Bloquée." }] },
    ]);
    expect(buttons.map((button) => [button.name, button.disabled, button.dialog])).toEqual([
      ["start_training", false, "confirm"],
      ["exit", true, "exit"],
    ]);
  });

  it("gives no button for an empty or missing list", () => {
    expect(buildTransitionButtons([])).toEqual([]);
    expect(buildTransitionButtons(undefined)).toEqual([]);
  });

  it("falls back to the name when the label is empty", () => {
    expect(buildTransitionButtons([{ name: "exit", label: "", allowed: true, reasons: [] }])[0].label).toBe("exit");
  });
});

describe("noTransitionMessage", () => {
  it("says the parcours is closed once exited, and 'for now' otherwise", () => {
    expect(noTransitionMessage("exited")).toBe("Aucune transition possible : le parcours est clos.");
    expect(noTransitionMessage("entry")).toBe("Aucune transition possible pour le moment.");
    expect(noTransitionMessage("training")).toBe("Aucune transition possible pour le moment.");
  });
});

describe("historyLabel", () => {
  it("names the creation, the phase changes and the exit, and shows unknown names as they are", () => {
    expect(historyLabel("create")).toBe("Entrée dans le parcours");
    expect(historyLabel("exit")).toBe("Sortie du parcours");
    expect(historyLabel("import")).toBe("Reprise depuis l'outil précédent (import)");
    expect(historyLabel("start_training")).toBe("Entrée en formation");
    expect(historyLabel("start_vae")).toBe("Début de la VAE");
    expect(historyLabel("something_new")).toBe("something_new");
  });
});
