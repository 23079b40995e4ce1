// « À faire aujourd'hui »: the alerts of the user's parcours (a counsellor's caseload, a
// manager's structure), one line each, the most urgent first, with what to do and a link to the
// tab of the parcours page where it is done.
import { Link } from "react-router";
import { Anchor, Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useParcoursList } from "../api/queries";
import type { ParcoursListQuery } from "../api/types";
import {
  ALERT_CODES,
  SEVERITY_BADGES,
  alertLink,
  flattenAlerts,
  personName,
  relativeDueDate,
  type AlertItem,
} from "../alerts/alerts";
import { formatDate, todayInTimeZone } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";

/** The API's largest page: one request brings every parcours with an alert, up to this many. */
export const TODAY_PAGE_SIZE = 100;

export const TODAY_QUERY: ParcoursListQuery = { alert: [...ALERT_CODES], page_size: TODAY_PAGE_SIZE, page: 1 };

/** The caseload filtered on every alert: where to see them all when one page is not enough. */
export const ALL_ALERTS_URL = `/portefeuille?${ALERT_CODES.map((code) => `alert=${code}`).join("&")}`;

export function TodaySection() {
  const list = useParcoursList(TODAY_QUERY);
  const items = list.data ? flattenAlerts(list.data.results) : [];
  const truncated = list.data ? list.data.count > list.data.results.length : false;

  return (
    <section aria-labelledby="a-faire-titre">
      <Title order={2} size="h3" id="a-faire-titre" mb="sm">
        À faire aujourd'hui
      </Title>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} title="Les alertes n'ont pas pu être chargées" onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>Rien d'urgent aujourd'hui.</EmptyState>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="gray.8">
            {items.length === 1 ? "1 alerte" : `${items.length} alertes`}, les plus urgentes d'abord.
          </Text>
          {truncated && (
            <Text size="sm">
              Seuls les {list.data.results.length} premiers parcours sur {list.data.count} sont affichés ici.{" "}
              <Anchor component={Link} to={ALL_ALERTS_URL}>
                Voir tous les parcours avec une alerte
              </Anchor>
            </Text>
          )}
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }} aria-label="Alertes à traiter">
            {items.map((item) => (
              <AlertLine key={item.key} item={item} />
            ))}
          </Stack>
        </Stack>
      )}
    </section>
  );
}

function AlertLine({ item }: { item: AlertItem }) {
  const { parcours, alert } = item;
  const today = todayInTimeZone(parcours.structure.time_zone);
  const relative = relativeDueDate(alert.due_date, today);
  const overdue = alert.due_date !== null && alert.due_date < today;
  return (
    <Paper component="li" withBorder p="sm">
      <Group gap="xs" wrap="wrap" align="center">
        <Badge {...SEVERITY_BADGES[alert.severity]} tt="none">
          {alert.severity === "high" ? "Urgent" : "À traiter"}
        </Badge>
        <Anchor component={Link} to={alertLink(parcours.id, alert.code)} state={{ returnTo: "/accueil" }} fw={600}>
          {personName(parcours)}
        </Anchor>
        <Text span>— {alert.label}</Text>
      </Group>
      {alert.due_date && (
        <Text size="sm" mt={4} c={overdue ? "red.9" : undefined}>
          Échéance : {relative} (<time dateTime={alert.due_date}>{formatDate(alert.due_date)}</time>)
        </Text>
      )}
      <Text size="sm" mt={2}>
        À faire : {alert.action}
      </Text>
    </Paper>
  );
}
