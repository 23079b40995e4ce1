import { Badge } from "@mantine/core";
import type { Phase } from "../api/types";
import { PHASE_COLORS, phaseLabel } from "./phases";

export function PhaseBadge({ phase, label }: { phase: Phase; label?: string }) {
  return (
    <Badge
      color={PHASE_COLORS[phase] ?? "#495057"}
      variant="filled"
      tt="none"
      size="md"
      radius="sm"
      // The label is never cut ("Accueil / entr…"): in a narrow table the column grows instead.
      style={{ minWidth: "max-content" }}
    >
      {label || phaseLabel(phase)}
    </Badge>
  );
}
