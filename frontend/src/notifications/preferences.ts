// The notification preferences (GET/PATCH /api/v1/notifications/preferences/): the kinds with
// their French labels, which roles receive each kind, and the query and the one-switch save.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { components } from "../api/schema";
import type { Me, Role } from "../api/types";

export type Preferences = components["schemas"]["Preferences"];
type PreferencesChange = components["schemas"]["PatchedPreferencesRequest"];
export type PreferenceKind = keyof Preferences;
export type Channel = keyof components["schemas"]["Channels"];

export interface KindInfo {
  /** The kind's label, as the API's schema describes it (notifications.models.Kind). */
  label: string;
  description: string;
  /** The roles the backend notifies of this kind (the callers of notifications.services.notify);
   * the API lists every kind for everyone, so the page keeps those of the user's roles. */
  audience: readonly Role[];
}

/** Every kind, in the order of the page: the daily digest, the counsellors' main one, first. */
export const PREFERENCE_KINDS: Record<PreferenceKind, KindInfo> = {
  alert_digest: {
    label: "Récapitulatif quotidien des alertes",
    description: "Chaque jour, les nouvelles alertes des parcours que vous suivez.",
    audience: ["counsellor"],
  },
  placement_proposed: {
    label: "Mise en situation proposée",
    description: "Une immersion (PMSMP) ou une mission est proposée à votre établissement.",
    audience: ["employer_contact"],
  },
  placement_confirmed: {
    label: "Mise en situation confirmée",
    description: "L'employeur a confirmé la mise en situation d'une personne dont vous êtes référent·e.",
    audience: ["counsellor"],
  },
  placement_declined: {
    label: "Mise en situation déclinée",
    description: "L'employeur a décliné la mise en situation d'une personne dont vous êtes référent·e.",
    audience: ["counsellor"],
  },
  enrolment_applied: {
    label: "Candidature à une session de formation",
    description: "Une personne est proposée pour une session de votre organisme de formation.",
    audience: ["trainer"],
  },
  enrolment_accepted: {
    label: "Inscription en formation acceptée",
    description: "L'organisme de formation a accepté l'inscription d'une personne dont vous êtes référent·e.",
    audience: ["counsellor"],
  },
  enrolment_refused: {
    label: "Inscription en formation refusée",
    description: "L'organisme de formation a refusé l'inscription d'une personne dont vous êtes référent·e.",
    audience: ["counsellor"],
  },
  vae_admissible_by_silence: {
    label: "VAE recevable sans réponse du certificateur",
    description:
      "Sans réponse du certificateur en 2 mois, le dossier de faisabilité d'une personne dont vous êtes référent·e devient recevable.",
    audience: ["counsellor"],
  },
};

export const PREFERENCE_KIND_ORDER = Object.keys(PREFERENCE_KINDS) as PreferenceKind[];

export const CHANNEL_LABELS: Record<Channel, string> = {
  email: "Par e-mail",
  in_app: "Dans l'application",
};

export const CHANNELS = Object.keys(CHANNEL_LABELS) as Channel[];

export interface PreferenceChange {
  kind: PreferenceKind;
  channel: Channel;
  value: boolean;
}

/** The kinds the API returned that the user's roles receive, in the page's order. */
export function kindsFor(me: Pick<Me, "memberships">, preferences: Preferences): PreferenceKind[] {
  const roles = new Set<string>(me.memberships.map((membership) => membership.role));
  return PREFERENCE_KIND_ORDER.filter(
    (kind) => kind in preferences && PREFERENCE_KINDS[kind].audience.some((role) => roles.has(role)),
  );
}

/** A channel is on unless the user switched it off (the API's default, too). */
export function channelValue(preferences: Preferences, kind: PreferenceKind, channel: Channel): boolean {
  return preferences[kind]?.[channel] ?? true;
}

export function withChannel(preferences: Preferences, { kind, channel, value }: PreferenceChange): Preferences {
  return { ...preferences, [kind]: { ...preferences[kind], [channel]: value } };
}

/** What a saved switch now means, said to the user. */
export function savedMessage({ kind, channel, value }: PreferenceChange): string {
  const where = channel === "email" ? "par e-mail" : "dans l'application";
  const label = PREFERENCE_KINDS[kind].label;
  return value ? `Vous recevrez « ${label} » ${where}.` : `Vous ne recevrez plus « ${label} » ${where}.`;
}

/** Not under ["notifications"]: the bell's refreshes must not reload the preferences mid-save. */
export const preferencesKey = ["notification-preferences"] as const;

export function usePreferences() {
  return useQuery({
    queryKey: preferencesKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/notifications/preferences/", { signal })),
  });
}

/**
 * Saves one switch at once, shown switched before the answer: on success the switch takes the
 * value the server confirms, on failure it goes back. Only the switch of the call is touched, as
 * another one may still be on its way. The callbacks run for every call, not just the latest.
 */
export function useSavePreference({
  onSaved,
  onFailed,
}: {
  onSaved: (change: PreferenceChange) => void;
  onFailed: (change: PreferenceChange, error: unknown) => void;
}) {
  const queryClient = useQueryClient();
  const set = (change: PreferenceChange) =>
    queryClient.setQueryData<Preferences>(preferencesKey, (current) => current && withChannel(current, change));
  return useMutation({
    mutationFn: ({ kind, channel, value }: PreferenceChange) =>
      unwrap(
        api.PATCH("/api/v1/notifications/preferences/", {
          body: { [kind]: { [channel]: value } } as PreferencesChange,
        }),
      ),
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: preferencesKey });
      set(change);
    },
    onSuccess: (saved, change) => {
      const confirmed = { ...change, value: channelValue(saved, change.kind, change.channel) };
      set(confirmed);
      onSaved(confirmed);
    },
    onError: (error, change) => {
      set({ ...change, value: !change.value });
      onFailed(change, error);
    },
  });
}
