import { describe, expect, it } from "vitest";
import type { Me } from "../api/types";
import { PREFERENCE_KIND_ORDER, channelValue, kindsFor, savedMessage, withChannel, type Preferences } from "./preferences";

const on = { email: true, in_app: true };
const all = Object.fromEntries(PREFERENCE_KIND_ORDER.map((kind) => [kind, on])) as Preferences;

function withRoles(...roles: string[]) {
  return { memberships: roles.map((role, index) => ({ organisation: index + 1, role })) } as unknown as Pick<Me, "memberships">;
}

describe("kindsFor", () => {
  it("gives counsellors the daily digest first, then what happens to the persons they follow", () => {
    expect(kindsFor(withRoles("counsellor"), all)).toEqual([
      "alert_digest",
      "placement_confirmed",
      "placement_declined",
      "enrolment_accepted",
      "enrolment_refused",
      "vae_admissible_by_silence",
    ]);
  });

  it("gives employer contacts the proposals and trainers the applications", () => {
    expect(kindsFor(withRoles("employer_contact"), all)).toEqual(["placement_proposed"]);
    expect(kindsFor(withRoles("trainer"), all)).toEqual(["enrolment_applied"]);
  });

  it("adds up the kinds of several roles and keeps only the kinds the API returned", () => {
    expect(kindsFor(withRoles("trainer", "employer_contact"), all)).toEqual(["placement_proposed", "enrolment_applied"]);
    expect(kindsFor(withRoles("counsellor"), { alert_digest: on })).toEqual(["alert_digest"]);
  });

  it("gives nothing to roles that receive no notification", () => {
    expect(kindsFor(withRoles("manager", "network_analyst"), all)).toEqual([]);
  });
});

describe("channels", () => {
  it("reads a missing channel as on, as the API does", () => {
    expect(channelValue({ alert_digest: { email: false } }, "alert_digest", "email")).toBe(false);
    expect(channelValue({ alert_digest: { email: false } }, "alert_digest", "in_app")).toBe(true);
    expect(channelValue({}, "placement_proposed", "email")).toBe(true);
  });

  it("changes one channel of one kind only", () => {
    const before: Preferences = { alert_digest: on, placement_proposed: on };
    const after = withChannel(before, { kind: "alert_digest", channel: "email", value: false });
    expect(after).toEqual({ alert_digest: { email: false, in_app: true }, placement_proposed: on });
    expect(before.alert_digest).toEqual(on);
  });

  it("says what a saved switch means", () => {
    expect(savedMessage({ kind: "alert_digest", channel: "email", value: false })).toBe(
      "Vous ne recevrez plus « Récapitulatif quotidien des alertes » par e-mail.",
    );
    expect(savedMessage({ kind: "placement_proposed", channel: "in_app", value: true })).toBe(
      "Vous recevrez « Mise en situation proposée » dans l'application.",
    );
  });
});
