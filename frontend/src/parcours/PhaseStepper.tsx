// The six phases as a Stepper with the current one active. The phases are not a sequence that
// every person goes through, so earlier steps are not drawn as "done": only the current one stands out.
import { Stepper } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { Phase } from "../api/types";
import { PHASES, PHASE_LABELS } from "./phases";
import classes from "./PhaseStepper.module.css";

export function PhaseStepper({ phase }: { phase: Phase }) {
  // Side by side only when the main column is wide enough for the six labels.
  const wide = useMediaQuery("(min-width: 75em)");
  const active = PHASES.indexOf(phase);
  return (
    <Stepper
      active={active}
      orientation={wide ? "horizontal" : "vertical"}
      labelPosition={wide ? "bottom" : "right"}
      size="sm"
      iconSize={30}
      allowNextStepsSelect={false}
      classNames={{
        root: classes.root,
        step: classes.step,
        separator: classes.separator,
        stepCompletedIcon: classes.completedIcon,
      }}
      role="group"
      aria-label="Phases du parcours"
      completedIcon={({ step }: { step: number }) => step + 1}
    >
      {PHASES.map((item) => (
        <Stepper.Step
          key={item}
          label={PHASE_LABELS[item]}
          description={item === phase ? "Phase actuelle" : undefined}
          allowStepSelect={false}
          aria-current={item === phase ? "step" : undefined}
          aria-disabled
        />
      ))}
    </Stepper>
  );
}
