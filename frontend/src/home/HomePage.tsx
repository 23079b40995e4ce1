// /accueil: for counsellors and managers, first what to do today (their parcours' alerts); for
// everyone, their organisations and roles (from /me) and what the app offers them.
import { Link } from "react-router";
import { Anchor, List, Paper, Stack, Text, Title } from "@mantine/core";
import type { Role } from "../api/types";
import { useMe } from "../auth/me";
import { caseloadTitle, fullName, hasDashboard, hasRole, organisationKindLabel, roleLabel, worksOnParcours } from "../auth/roles";
import { usePageTitle } from "../shared/usePageTitle";
import { TodaySection } from "./TodaySection";

const COMING: Partial<Record<Role, string>> = {
  employer_contact:
    "Dans la page « Mises en situation », confirmez ou déclinez les immersions PMSMP et missions d'intérim proposées à votre établissement, puis indiquez comment elles se sont déroulées.",
};

export function HomePage() {
  usePageTitle("Accueil");
  const me = useMe();
  const roles = [...new Set(me.memberships.map((m) => m.role))];
  const coming = roles.flatMap((role) => (COMING[role] ? [COMING[role]] : []));
  const trainer = hasRole(me, "trainer");

  return (
    <Stack gap="lg" maw={760}>
      <Title order={1}>Bienvenue</Title>
      <Text>Vous êtes connecté·e en tant que {fullName(me)}.</Text>
      {worksOnParcours(me) && <TodaySection />}

      <section aria-labelledby="organisations-titre">
        <Title order={2} size="h3" id="organisations-titre" mb="sm">
          Vos organisations
        </Title>
        {me.memberships.length === 0 ? (
          <Text>
            Votre compte n'est rattaché à aucune organisation pour l'instant. Demandez à votre structure de vous
            ajouter.
          </Text>
        ) : (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
            {me.memberships.map((membership) => (
              <Paper component="li" withBorder p="md" key={`${membership.organisation}-${membership.role}`}>
                <Text fw={600}>{membership.organisation_name}</Text>
                <Text size="sm" c="gray.7">
                  {organisationKindLabel(membership.organisation_kind)}
                </Text>
                <Text size="sm">Rôle : {roleLabel(membership.role)}</Text>
              </Paper>
            ))}
          </Stack>
        )}
      </section>

      {(coming.length > 0 || worksOnParcours(me) || trainer || hasDashboard(me)) && (
        <section aria-labelledby="bientot-titre">
          <Title order={2} size="h3" id="bientot-titre" mb="sm">
            Ce que vous trouverez ici
          </Title>
          {worksOnParcours(me) && (
            <Text mb="sm">
              Vos parcours sont dans la page « {caseloadTitle(me)} » :{" "}
              <Anchor component={Link} to="/portefeuille">
                ouvrir la liste des parcours
              </Anchor>
              .
            </Text>
          )}
          {trainer && (
            <Text mb="sm">
              Traitez les candidatures à vos sessions de formation, puis enregistrez les présences et les résultats
              dans la page « Sessions de formation » :{" "}
              <Anchor component={Link} to="/sessions">
                ouvrir vos sessions
              </Anchor>
              .
            </Text>
          )}
          {hasDashboard(me) && (
            <Text mb="sm">
              {hasRole(me, "network_analyst")
                ? "Les indicateurs des structures de votre réseau, côte à côte (uniquement des chiffres d'ensemble, les effectifs de moins de 5 masqués), sont dans la page « Tableau de bord » : "
                : "Vos indicateurs de résultats sont dans la page « Tableau de bord » : "}
              <Anchor component={Link} to="/tableau-de-bord">
                ouvrir le tableau de bord
              </Anchor>
              .
            </Text>
          )}
          {coming.length > 0 && (
            <>
              <Text mb="xs">Cet espace est en cours de construction.</Text>
              <List spacing="xs">
                {coming.map((text) => (
                  <List.Item key={text}>{text}</List.Item>
                ))}
              </List>
            </>
          )}
        </section>
      )}
    </Stack>
  );
}
