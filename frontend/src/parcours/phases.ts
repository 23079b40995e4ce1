// The six phases of a parcours, in the order of the Stepper, with their French labels and colours.
import type { Phase } from "../api/types";

export const PHASES: readonly Phase[] = ["entry", "immersion", "interim", "training", "vae", "exited"];

export const PHASE_LABELS: Record<Phase, string> = {
  entry: "Accueil / entrée",
  immersion: "Immersion (PMSMP)",
  interim: "Contrat d'intérim",
  training: "Formation",
  vae: "VAE",
  exited: "Sortie",
};

/** Badge backgrounds, each dark enough for white text (contrast >= 4.5:1, checked by a test). */
export const PHASE_COLORS: Record<Phase, string> = {
  entry: "#1864ab",
  immersion: "#087f5b",
  interim: "#a33c00",
  training: "#6741d9",
  vae: "#9c36b5",
  exited: "#495057",
};

export function isPhase(value: string): value is Phase {
  return (PHASES as readonly string[]).includes(value);
}

export function phaseLabel(phase: string): string {
  return isPhase(phase) ? PHASE_LABELS[phase] : phase;
}
