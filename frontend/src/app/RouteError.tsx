// Shown instead of a blank page when a screen crashes while rendering.
import { useRouteError } from "react-router";
import { Alert, Anchor, Box, Stack, Text } from "@mantine/core";

export function RouteError() {
  const error = useRouteError();
  if (import.meta.env.DEV) console.error(error);
  return (
    <Box component="main" p="lg">
      <Alert color="red" title="Une erreur inattendue est survenue">
        <Stack gap="xs">
          <Text size="sm">L'écran n'a pas pu s'afficher. Rechargez la page ; si le problème continue, prévenez l'équipe.</Text>
          <Anchor href="/" size="sm">
            Revenir à l'accueil
          </Anchor>
        </Stack>
      </Alert>
    </Box>
  );
}
