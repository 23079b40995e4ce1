import { describe, expect, it } from "vitest";
import { loginUrl, safeNextPath } from "./next";

describe("safeNextPath", () => {
  it("accepts a path of this site, with its query string", () => {
    expect(safeNextPath("/portefeuille?phase=entry&phase=exited")).toBe("/portefeuille?phase=entry&phase=exited");
    expect(safeNextPath("/parcours/12")).toBe("/parcours/12");
  });

  it("refuses absolute URLs and protocol-relative tricks", () => {
    for (const value of [
      "https://evil.example/",
      "//evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
      "portefeuille",
      "/\t/evil.example",
      "",
      null,
      undefined,
    ]) {
      expect(safeNextPath(value), String(value)).toBeNull();
    }
  });

  it("refuses the login page itself (no loop)", () => {
    expect(safeNextPath("/connexion")).toBeNull();
    expect(safeNextPath("/connexion?suivant=%2F")).toBeNull();
  });
});

describe("loginUrl", () => {
  it("carries the page the user was on", () => {
    expect(loginUrl("/portefeuille?phase=entry")).toBe("/connexion?suivant=%2Fportefeuille%3Fphase%3Dentry");
  });

  it("has no suivant for the home page or the login page", () => {
    expect(loginUrl("/")).toBe("/connexion");
    expect(loginUrl("/connexion")).toBe("/connexion");
  });
});
