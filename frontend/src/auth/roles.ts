// What the user's memberships (from /me) mean for the app: labels, landing page, titles.
import type { Me, OrganisationKind, Role } from "../api/types";

export const ROLE_LABELS: Record<Role, string> = {
  counsellor: "Accompagnateur·rice (CIP)",
  manager: "Direction / encadrement",
  employer_contact: "Contact employeur",
  trainer: "Formateur·rice",
  network_analyst: "Analyste réseau",
};

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  structure: "Structure d'insertion (SIAE)",
  employer: "Employeur partenaire",
  training_body: "Organisme de formation",
  network: "Réseau",
};

export function roleLabel(role: string): string {
  return role in ROLE_LABELS ? ROLE_LABELS[role as Role] : role;
}

export function organisationKindLabel(kind: string): string {
  return kind in ORGANISATION_KIND_LABELS ? ORGANISATION_KIND_LABELS[kind as OrganisationKind] : kind;
}

export function hasRole(me: Pick<Me, "memberships">, role: Role): boolean {
  return me.memberships.some((membership) => membership.role === role);
}

export function isManager(me: Pick<Me, "memberships">): boolean {
  return hasRole(me, "manager");
}

/** Counsellors and managers work on parcours; the other roles have a welcome page for now. */
export function worksOnParcours(me: Pick<Me, "memberships">): boolean {
  return hasRole(me, "counsellor") || hasRole(me, "manager");
}

export function isManagerOf(me: Pick<Me, "memberships">, organisationId: number): boolean {
  return me.memberships.some((m) => m.role === "manager" && m.organisation === organisationId);
}

/** Employer contacts (who do not also work on parcours) have the placements inbox. */
export function isEmployerContactOnly(me: Pick<Me, "memberships">): boolean {
  return hasRole(me, "employer_contact") && !worksOnParcours(me);
}

/** Trainers (who do not also work on parcours or host placements) have their sessions. */
export function isTrainerOnly(me: Pick<Me, "memberships">): boolean {
  return hasRole(me, "trainer") && !worksOnParcours(me) && !hasRole(me, "employer_contact");
}

export function landingPath(
  me: Pick<Me, "memberships">,
): "/mises-en-situation" | "/sessions" | "/accueil" {
  if (worksOnParcours(me)) return "/accueil"; // « À faire aujourd'hui » first
  if (isEmployerContactOnly(me)) return "/mises-en-situation";
  return isTrainerOnly(me) ? "/sessions" : "/accueil";
}

export function caseloadTitle(me: Pick<Me, "memberships">): string {
  return isManager(me) ? "Parcours de la structure" : "Mon portefeuille";
}

export function fullName(me: Pick<Me, "first_name" | "last_name" | "email">): string {
  const name = `${me.first_name ?? ""} ${me.last_name ?? ""}`.trim();
  return name || me.email;
}

export type DashboardScope = "counsellor" | "manager" | "analyst";

/** The widest scope the user has on the outcomes of parcours, or null (employers, trainers). */
export function dashboardScope(me: Pick<Me, "memberships">): DashboardScope | null {
  if (hasRole(me, "network_analyst")) return "analyst";
  if (isManager(me)) return "manager";
  if (hasRole(me, "counsellor")) return "counsellor";
  return null;
}

/** Everyone has a dashboard: their scope's outcomes, or their placements' or sessions' figures. */
export function hasDashboard(me: Pick<Me, "memberships">): boolean {
  return dashboardScope(me) !== null || hasRole(me, "employer_contact") || hasRole(me, "trainer");
}
