// The shell of the logged-in app: header (name, logout), navigation (a burger below 48em), main.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from "react-router";
import { Anchor, AppShell, Burger, Button, Group, NavLink, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useEffect } from "react";
import { api, unwrap } from "../api/client";
import { caseloadTitle, fullName, hasDashboard, hasRole, isManager, worksOnParcours } from "../auth/roles";
import { NotificationBell } from "../notifications/NotificationBell";
import { NOTIFICATION_PREFERENCES_PATH } from "../notifications/NotificationPreferencesPage";
import { useMe } from "../auth/me";
import { LOGIN_PATH } from "../auth/next";

export function AppLayout() {
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // Following a link closes the mobile menu.
  useEffect(close, [location.pathname, close]);

  const logout = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout/")),
    onSettled: async () => {
      await navigate(LOGIN_PATH, { replace: true });
      queryClient.clear();
    },
  });

  const links = [{ to: "/accueil", label: "Accueil", match: ["/accueil"] }];
  if (worksOnParcours(me)) {
    links.push({ to: "/portefeuille", label: caseloadTitle(me), match: ["/portefeuille", "/parcours"] });
  }
  if (isManager(me)) {
    links.push({ to: "/direction", label: "Direction", match: ["/direction"] });
  }
  if (hasRole(me, "employer_contact")) {
    links.push({ to: "/mises-en-situation", label: "Mises en situation", match: ["/mises-en-situation", "/placements"] });
  }
  if (hasRole(me, "trainer")) {
    links.push({ to: "/sessions", label: "Sessions de formation", match: ["/sessions"] });
  }
  if (hasDashboard(me)) {
    links.push({ to: "/tableau-de-bord", label: "Tableau de bord", match: ["/tableau-de-bord"] });
  }
  links.push({ to: NOTIFICATION_PREFERENCES_PATH, label: "Mes notifications", match: [NOTIFICATION_PREFERENCES_PATH] });
  const name = fullName(me);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "sm", sm: "lg" }}
    >
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Fermer le menu" : "Ouvrir le menu"}
              aria-expanded={opened}
              aria-controls="navigation"
            />
            <Anchor component={RouterNavLink} to="/" fw={700} fz="xl" c="blue.9" underline="never">
              Tremplin
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Text visibleFrom="sm" truncate="end" fw={500}>
              {name}
            </Text>
            <NotificationBell />
            <Button variant="default" size="sm" onClick={() => logout.mutate()} loading={logout.isPending}>
              Se déconnecter
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar id="navigation" p="sm" aria-label="Navigation principale">
        <Text hiddenFrom="sm" fw={500} px="sm" pb="sm">
          {name}
        </Text>
        {links.map((link) => (
          <NavLink
            key={link.to}
            component={RouterNavLink}
            to={link.to}
            label={link.label}
            active={link.match.some((prefix) => location.pathname.startsWith(prefix))}
            variant="light"
          />
        ))}
      </AppShell.Navbar>

      <AppShell.Main id="contenu" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
