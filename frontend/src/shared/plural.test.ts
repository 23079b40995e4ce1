import { describe, expect, it } from "vitest";
import { plural } from "./plural";

describe("plural", () => {
  it("uses the singular for 0 and 1, the plural from 2 on", () => {
    expect(plural(0, "entrée", "entrées")).toBe("0 entrée");
    expect(plural(1, "entrée", "entrées")).toBe("1 entrée");
    expect(plural(2, "entrée", "entrées")).toBe("2 entrées");
  });
});
