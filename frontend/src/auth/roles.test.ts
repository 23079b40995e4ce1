import { describe, expect, it } from "vitest";
import type { Membership, Role } from "../api/types";
import { caseloadTitle, dashboardScope, hasDashboard, isManagerOf, landingPath, roleLabel } from "./roles";

const membership = (role: Role, organisation = 1): Membership => ({
  organisation,
  organisation_name: "GES Rhône Solidaire",
  organisation_kind: "structure",
  role,
});
const user = (...memberships: Membership[]) => ({ memberships });

describe("roles", () => {
  it("sends counsellors and managers to their home page (what to do today), employers to the placements, trainers to their sessions", () => {
    expect(landingPath(user(membership("counsellor")))).toBe("/accueil");
    expect(landingPath(user(membership("manager")))).toBe("/accueil");
    expect(landingPath(user(membership("employer_contact")))).toBe("/mises-en-situation");
    expect(landingPath(user(membership("employer_contact"), membership("counsellor")))).toBe("/accueil");
    expect(landingPath(user(membership("trainer")))).toBe("/sessions");
    expect(landingPath(user(membership("trainer"), membership("counsellor")))).toBe("/accueil");
    expect(landingPath(user(membership("network_analyst")))).toBe("/accueil");
    expect(landingPath(user())).toBe("/accueil");
  });

  it("titles the caseload for a manager even when they are also a counsellor", () => {
    expect(caseloadTitle(user(membership("counsellor")))).toBe("Mon portefeuille");
    expect(caseloadTitle(user(membership("counsellor"), membership("manager")))).toBe("Parcours de la structure");
  });

  it("knows of which structure a user is a manager", () => {
    const me = user(membership("manager", 3), membership("counsellor", 4));
    expect(isManagerOf(me, 3)).toBe(true);
    expect(isManagerOf(me, 4)).toBe(false);
  });

  it("labels roles in French", () => {
    expect(roleLabel("network_analyst")).toBe("Analyste réseau");
    expect(roleLabel("unknown_role")).toBe("unknown_role");
  });

  it("gives each role its dashboard: the widest scope on parcours, or the employer's and trainer's figures", () => {
    expect(dashboardScope(user(membership("counsellor")))).toBe("counsellor");
    expect(dashboardScope(user(membership("counsellor"), membership("manager")))).toBe("manager");
    expect(dashboardScope(user(membership("network_analyst")))).toBe("analyst");
    expect(dashboardScope(user(membership("employer_contact")))).toBeNull();
    expect(hasDashboard(user(membership("employer_contact")))).toBe(true);
    expect(hasDashboard(user(membership("trainer")))).toBe(true);
    expect(hasDashboard(user())).toBe(false);
  });
});
