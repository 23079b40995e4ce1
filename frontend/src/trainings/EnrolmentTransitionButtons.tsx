// The buttons of an enrolment's transitions and the dialog each opens. On the parcours page only
// the staff's own (drop) are shown: the training body's decisions are not theirs to make.
import { useState } from "react";
import type { Enrolment } from "../api/types";
import { buildTransitionButtons, type TransitionButton } from "../parcours/transitions";
import { EnrolmentTransitionDialog } from "./EnrolmentTransitionDialog";
import { TransitionButtonGroup } from "./TransitionButtonGroup";
import { ownTransitions } from "./trainings";

export function EnrolmentTransitionButtons({
  enrolment,
  onDone,
  onlyOwn = false,
  only,
}: {
  enrolment: Enrolment;
  onDone: (message: string) => void;
  /** Hide the transitions that only another party may fire. */
  onlyOwn?: boolean;
  /** Show only these transitions (in the trainer's sections). */
  only?: readonly string[];
}) {
  let options = onlyOwn ? ownTransitions(enrolment.available_transitions) : enrolment.available_transitions;
  if (only) options = options.filter((option) => only.includes(option.name));
  const buttons = buildTransitionButtons(options);
  const [open, setOpen] = useState<TransitionButton | null>(null);
  if (buttons.length === 0) return null;
  return (
    <>
      <TransitionButtonGroup buttons={buttons} onOpen={setOpen} />
      <EnrolmentTransitionDialog
        enrolment={enrolment}
        transition={open}
        onClose={() => setOpen(null)}
        onDone={(_updated, transition) => {
          setOpen(null);
          onDone(`Action enregistrée : ${transition.label}.`);
        }}
      />
    </>
  );
}
