// /mes-notifications (every role): for each kind of notification the user's roles receive, two
// switches, « Par e-mail » and « Dans l'application », each saved as soon as it is flipped.
import { useState } from "react";
import { Box, Fieldset, Group, Stack, Switch, Text, Title } from "@mantine/core";
import { useMe } from "../auth/me";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { usePageTitle } from "../shared/usePageTitle";
import {
  CHANNELS,
  CHANNEL_LABELS,
  PREFERENCE_KINDS,
  channelValue,
  kindsFor,
  savedMessage,
  usePreferences,
  useSavePreference,
  type PreferenceChange,
  type PreferenceKind,
  type Preferences,
} from "./preferences";

export const NOTIFICATION_PREFERENCES_PATH = "/mes-notifications";

/** The outcome of the latest save, shown in its kind's fieldset. */
type Outcome = { change: PreferenceChange; failed: false } | { change: PreferenceChange; failed: true; error: unknown };

export function NotificationPreferencesPage() {
  usePageTitle("Mes notifications");
  const me = useMe();
  const preferences = usePreferences();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const save = useSavePreference({
    onSaved: (change) => setOutcome({ change, failed: false }),
    onFailed: (change, error) => setOutcome({ change, failed: true, error }),
  });
  const kinds = preferences.data ? kindsFor(me, preferences.data) : [];

  return (
    <Stack gap="lg" maw={760}>
      <Stack gap="xs">
        <Title order={1}>Mes notifications</Title>
        <Text>
          Choisissez, pour chaque type de notification, si vous la recevez par e-mail et dans l'application (la cloche
          en haut de l'écran). Chaque changement est enregistré aussitôt.
        </Text>
      </Stack>
      {preferences.isPending ? (
        <Loading label="Chargement de vos préférences…" />
      ) : preferences.isError ? (
        <ErrorAlert
          error={preferences.error}
          title="Vos préférences n'ont pas pu être chargées"
          onRetry={() => preferences.refetch()}
        />
      ) : kinds.length === 0 ? (
        <EmptyState>Aucune notification n'est envoyée aux personnes de votre rôle pour l'instant.</EmptyState>
      ) : (
        kinds.map((kind) => (
          <KindFieldset
            key={kind}
            kind={kind}
            preferences={preferences.data}
            outcome={outcome?.change.kind === kind ? outcome : null}
            onChange={(change) => {
              setOutcome(null);
              save.mutate(change);
            }}
          />
        ))
      )}
    </Stack>
  );
}

function KindFieldset({
  kind,
  preferences,
  outcome,
  onChange,
}: {
  kind: PreferenceKind;
  preferences: Preferences;
  outcome: Outcome | null;
  onChange: (change: PreferenceChange) => void;
}) {
  const { label, description } = PREFERENCE_KINDS[kind];
  const descriptionId = `notification-${kind}-description`;
  return (
    <Fieldset legend={label} aria-describedby={descriptionId} variant="default">
      <Text size="sm" c="gray.8" id={descriptionId} mb="sm">
        {description}
      </Text>
      <Group gap="xl" style={{ rowGap: "var(--mantine-spacing-xs)" }}>
        {CHANNELS.map((channel) => (
          <Switch
            key={channel}
            label={CHANNEL_LABELS[channel]}
            checked={channelValue(preferences, kind, channel)}
            onChange={(event) => onChange({ kind, channel, value: event.currentTarget.checked })}
          />
        ))}
      </Group>
      {/* Always there, so that screen readers announce what appears in it. */}
      <div role="status">
        {outcome && !outcome.failed && (
          <Text size="sm" c="teal.9" fw={500} mt="sm">
            Enregistré. {savedMessage(outcome.change)}
          </Text>
        )}
      </div>
      {outcome?.failed && (
        <Box mt="sm">
          <ErrorAlert error={outcome.error} title="Votre choix n'a pas été enregistré" onRetry={() => onChange(outcome.change)}>
            <Text size="sm">
              « {CHANNEL_LABELS[outcome.change.channel]} » est revenu à son état précédent (
              {outcome.change.value ? "désactivé" : "activé"}).
            </Text>
          </ErrorAlert>
        </Box>
      )}
    </Fieldset>
  );
}
