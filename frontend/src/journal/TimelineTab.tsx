// "Chronologie": the timeline of the parcours (GET /parcours/{id}/timeline/) is not in the API
// yet; until it is, the tab says so.
import { Text } from "@mantine/core";
import type { Parcours } from "../api/types";

export function TimelineTab(_props: { parcours: Parcours }) {
  return (
    <Text py="md" c="gray.8">
      La chronologie du parcours (phases, suivis, freins, actions, mises en situation, formations et VAE) sera
      bientôt disponible ici.
    </Text>
  );
}
