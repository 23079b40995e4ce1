// "Voir plus" under a list read page by page: how many are shown out of the total, and the
// button that loads the next page (absent on the last one).
import { Button, Group, Text } from "@mantine/core";

export function ShowMore({
  shown,
  total,
  hasMore,
  loading,
  onMore,
  label = "Voir plus",
}: {
  shown: number;
  total: number;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
  /** The button's accessible name when several lists share a page ("Voir plus de sessions terminées"). */
  label?: string;
}) {
  if (!hasMore && shown >= total) return null;
  return (
    <Group gap="sm" align="center">
      <Text size="sm" c="gray.8">
        {shown} sur {total} affichées
      </Text>
      {hasMore && (
        <Button variant="default" size="xs" onClick={onMore} loading={loading} aria-label={label}>
          Voir plus
        </Button>
      )}
    </Group>
  );
}

/** Under a list read to MAX_PAGES without reaching its end: says that the rest is not shown. */
export function TruncatedNotice({ shown, total, noun }: { shown: number; total: number; noun: string }) {
  return (
    <Text size="sm" c="gray.8">
      Plus de {shown} {noun} ({total}) : affichage des {shown} premières.
    </Text>
  );
}
