// The explicit states every screen shows: loading, error (with the server's message), nothing found.
import type { ReactNode } from "react";
import { Alert, Button, Group, Loader, Stack, Text } from "@mantine/core";
import { toProblem } from "../api/errors";

export function Loading({ label = "Chargement…" }: { label?: string }) {
  return (
    <Group role="status" gap="sm" py="md" aria-live="polite">
      <Loader size="sm" aria-hidden="true" />
      <Text>{label}</Text>
    </Group>
  );
}

export function ErrorAlert({
  error,
  title = "Une erreur est survenue",
  onRetry,
  children,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  const problem = toProblem(error);
  return (
    <Alert color="red" title={title}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{problem.message}</Text>
        {problem.reasons.length > 0 && (
          <Stack component="ul" gap={2} m={0} pl="md">
            {problem.reasons.map((reason, index) => (
              <Text component="li" size="sm" key={index}>
                {reason}
              </Text>
            ))}
          </Stack>
        )}
        {children}
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Réessayer
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <Text py="md" c="gray.8">
      {children}
    </Text>
  );
}
