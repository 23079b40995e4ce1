import { describe, expect, it } from "vitest";
import type { ExitReason } from "../api/types";
import { groupExitReasons } from "./exitReasons";

const category = (code: string, label: string) => ({ code, label, dynamic: true, counted: true });
const durable = category("durable", "Emploi durable");
const training = category("formation", "Sortie vers une formation");

const reasons: ExitReason[] = [
  { code: "cdi_non_aide", label: "Embauche en CDI non aidé", category: durable, is_active: true },
  { code: "formation_qualifiante", label: "Entrée en formation qualifiante", category: training, is_active: true },
  { code: "ancien_motif", label: "Motif retiré", category: durable, is_active: false },
  { code: "cdd_6_mois", label: "Embauche en CDD de 6 mois ou plus", category: durable },
];

describe("groupExitReasons", () => {
  it("groups the reasons in force by category label, in the order received", () => {
    expect(groupExitReasons(reasons)).toEqual([
      {
        group: "Emploi durable",
        items: [
          { value: "cdi_non_aide", label: "Embauche en CDI non aidé" },
          { value: "cdd_6_mois", label: "Embauche en CDD de 6 mois ou plus" },
        ],
      },
      { group: "Sortie vers une formation", items: [{ value: "formation_qualifiante", label: "Entrée en formation qualifiante" }] },
    ]);
  });

  it("leaves out withdrawn reasons and categories left empty", () => {
    const groups = groupExitReasons([reasons[2]]);
    expect(groups).toEqual([]);
  });

  it("gives no group while the list is not loaded", () => {
    expect(groupExitReasons(undefined)).toEqual([]);
  });
});
