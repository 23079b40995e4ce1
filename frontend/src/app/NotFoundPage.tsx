import { Link } from "react-router";
import { Anchor, Stack, Text, Title } from "@mantine/core";
import { usePageTitle } from "../shared/usePageTitle";

export function NotFoundPage() {
  usePageTitle("Page introuvable");
  return (
    <Stack gap="md">
      <Title order={1}>Page introuvable</Title>
      <Text>Cette adresse ne correspond à aucune page de Tremplin.</Text>
      <Anchor component={Link} to="/">
        Retour à l'accueil
      </Anchor>
    </Stack>
  );
}
