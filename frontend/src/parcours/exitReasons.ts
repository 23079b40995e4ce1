// The exit reasons offered in the exit dialog: only those in force, grouped by category
// (the shape of Mantine Select's grouped data).
import type { ExitReason } from "../api/types";

export interface ExitReasonGroup {
  group: string;
  items: { value: string; label: string }[];
}

export function groupExitReasons(reasons: readonly ExitReason[] | null | undefined): ExitReasonGroup[] {
  const groups = new Map<string, ExitReasonGroup>();
  for (const reason of reasons ?? []) {
    if (reason.is_active === false) continue;
    const name = reason.category?.label || "Autres motifs";
    let group = groups.get(name);
    if (!group) {
      group = { group: name, items: [] };
      groups.set(name, group);
    }
    group.items.push({ value: reason.code, label: reason.label });
  }
  return [...groups.values()];
}
