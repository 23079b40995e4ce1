import { describe, expect, it } from "vitest";
import { bellLabel, internalLink } from "./notifications";

describe("notifications", () => {
  it("names the bell with the unread count", () => {
    expect(bellLabel(3)).toBe("Notifications (3 non lues)");
    expect(bellLabel(0)).toBe("Notifications (0 non lues)");
    expect(bellLabel(undefined)).toBe("Notifications (0 non lues)");
  });

  it("follows internal links only", () => {
    expect(internalLink("/placements/4")).toBe("/placements/4");
    expect(internalLink("//evil.example/x")).toBeNull();
    expect(internalLink("https://evil.example/")).toBeNull();
    expect(internalLink("")).toBeNull();
  });
});
