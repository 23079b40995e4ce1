import { describe, expect, it } from "vitest";
import { PHASES, PHASE_COLORS, PHASE_LABELS, phaseLabel } from "./phases";

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe("phases", () => {
  it("has one distinct colour per phase, readable with white text (WCAG AA, 4.5:1)", () => {
    const colours = PHASES.map((phase) => PHASE_COLORS[phase]);
    expect(new Set(colours).size).toBe(PHASES.length);
    for (const colour of colours) {
      expect((1 + 0.05) / (luminance(colour) + 0.05), colour).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("labels phases in French, unknown ones as they are", () => {
    expect(PHASE_LABELS.entry).toBe("Accueil / entrée");
    expect(phaseLabel("exited")).toBe("Sortie");
    expect(phaseLabel("later")).toBe("later");
  });
});
