// The parcours page's « Accès au dossier » tab (managers of its structure only): who read, changed
// or exported the person's file, and the right-of-access export (RGPD art. 15) as JSON or document.
import { Link } from "react-router";
import { Anchor, Button, Group, Stack, Text, Title } from "@mantine/core";
import type { Parcours } from "../api/types";
import { personName } from "../alerts/alerts";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { Pager } from "../shared/Pager";
import { pageCount } from "../shared/paging";
import { usePage } from "../shared/usePage";
import { accessExportUrl, useAuditEntries } from "./audit";
import { AUDIT_LOG_PATH } from "./AuditLogPage";
import { AuditTable } from "./AuditTable";

export const ACCESS_PAGE_SIZE = 20;

export function AccessTab({ parcours }: { parcours: Parcours }) {
  const personId = parcours.person.id;
  const name = personName(parcours);
  const [page, setPage] = usePage();
  const list = useAuditEntries({ person: personId, page, page_size: ACCESS_PAGE_SIZE });
  const total = list.data ? pageCount(list.data.count, ACCESS_PAGE_SIZE) : 1;
  const caption = `Accès au dossier de ${name}`;

  return (
    <Stack gap="lg">
      <Stack gap="xs" component="section" aria-labelledby="droit-acces-titre">
        <Title order={3} id="droit-acces-titre">
          Droit d'accès
        </Title>
        <Text size="sm">
          La personne peut demander une copie de toutes les données que la structure détient sur elle (droit d'accès,
          article 15 du RGPD). Ces exports les rassemblent ; chaque export est inscrit au journal d'accès.
        </Text>
        <Group gap="sm" role="group" aria-label="Exporter le dossier">
          <Button component="a" variant="default" href={accessExportUrl(personId, "json")} download>
            Exporter le dossier (JSON)
          </Button>
          <Button component="a" variant="default" href={accessExportUrl(personId, "html")} download>
            Exporter le dossier (document)
          </Button>
        </Group>
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="acces-journal-titre" aria-busy={list.isFetching}>
        <Title order={3} id="acces-journal-titre">
          Qui a consulté ou modifié le dossier
        </Title>
        <Text size="sm">
          Les entrées du journal d'accès qui concernent cette personne, des plus récentes aux plus anciennes.{" "}
          <Anchor component={Link} to={`${AUDIT_LOG_PATH}?personne=${personId}`}>
            Ouvrir dans le journal d'accès
          </Anchor>
        </Text>
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <ErrorAlert error={list.error} title="Le journal d'accès n'a pas pu être chargé" onRetry={() => list.refetch()} />
        ) : list.data.results.length === 0 ? (
          <EmptyState>Aucun accès n'est inscrit au journal pour cette personne.</EmptyState>
        ) : (
          <>
            <AuditTable rows={list.data.results} caption={caption} />
            <Pager label="Pages des accès au dossier" total={total} value={page} onChange={setPage} />
          </>
        )}
      </Stack>
    </Stack>
  );
}
