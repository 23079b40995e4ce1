// What the "Actions" section shows, built from the parcours' available_transitions: one button
// per transition, disabled with its reasons when blocked, and the dialog it opens.
import type { Phase, TransitionOption } from "../api/types";

export type TransitionDialog = "exit" | "confirm";

export interface TransitionButton {
  name: string;
  label: string;
  disabled: boolean;
  /** Why the transition is blocked (failed guard, missing permission), shown under the button. */
  reasons: string[];
  dialog: TransitionDialog;
}

export function buildTransitionButtons(options: readonly TransitionOption[] | null | undefined): TransitionButton[] {
  return (options ?? []).map((option) => {
    const reasons = (option.reasons ?? []).map((reason) => reason.message).filter((message) => message.trim() !== "");
    const blocked = !option.allowed;
    return {
      name: option.name,
      label: option.label || option.name,
      disabled: blocked,
      reasons: blocked && reasons.length === 0 ? ["Transition impossible pour le moment."] : blocked ? reasons : [],
      dialog: option.name === "exit" ? "exit" : "confirm",
    };
  });
}

/** The text shown when there is no button at all. */
export function noTransitionMessage(phase: Phase): string {
  return phase === "exited"
    ? "Aucune transition possible : le parcours est clos."
    : "Aucune transition possible pour le moment.";
}

const HISTORY_LABELS: Record<string, string> = {
  create: "Entrée dans le parcours",
  import: "Reprise depuis l'outil précédent (import)",
  start_immersion: "Début de l'immersion (PMSMP)",
  start_interim: "Début du contrat d'intérim",
  start_training: "Entrée en formation",
  start_vae: "Début de la VAE",
  exit: "Sortie du parcours",
};

/** Label of a history row's transition name ("create" -> "Entrée dans le parcours"). */
export function historyLabel(name: string): string {
  return HISTORY_LABELS[name] ?? name;
}
