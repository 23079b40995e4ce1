// /parcours/:id: who the person is, where the parcours stands (phase, history) and what can be
// done now (transitions; reassignment for the managers of its structure).
import { useState, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useLocation, useParams, useSearchParams } from "react-router";
import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { ApiError } from "../api/errors";
import { parcoursKeys } from "../api/queries";
import type { Parcours } from "../api/types";
import { useMe } from "../auth/me";
import { isManagerOf } from "../auth/roles";
import { formatDate } from "../shared/dates";
import { ErrorAlert, Loading } from "../shared/feedback";
import { ActionsSection } from "./ActionsSection";
import { HistorySection } from "./HistorySection";
import { PhaseBadge } from "./PhaseBadge";
import { PhaseStepper } from "./PhaseStepper";
import { ReassignDialog } from "./ReassignDialog";
import { usePageTitle } from "../shared/usePageTitle";
import { PlacementsSection } from "../placements/PlacementsSection";
import { formatHours } from "../placements/placements";
import { TrainingSection } from "../trainings/TrainingSection";
import { trainingKeys } from "../trainings/trainings";
import { VaeSection } from "../trainings/VaeSection";
import { ACCESS_TAB, JOURNAL_TABS, JournalTabs, type JournalTab } from "../journal/JournalTabs";

const ID = /^[1-9]\d{0,14}$/;

function useReturnTo(): string {
  const state: unknown = useLocation().state;
  const returnTo =
    typeof state === "object" && state !== null && "returnTo" in state && typeof state.returnTo === "string"
      ? state.returnTo
      : "";
  return RETURN_PAGES.some((page) => returnTo.startsWith(page)) ? returnTo : "/portefeuille";
}

function returnLabel(returnTo: string): string {
  if (returnTo.startsWith("/accueil")) return "Retour à l'accueil";
  if (returnTo.startsWith("/direction")) return "Retour au suivi de la direction";
  return "Retour à la liste des parcours";
}

// The lists that link to a parcours (the back link returns to them, with their filters).
const RETURN_PAGES = ["/portefeuille", "/accueil", "/direction"];

/** ?onglet=plan opens the journal on that tab (the home page's alerts link there); ?onglet=acces
 * on « Accès au dossier » (managers of the structure; the others get « Suivi »). */
function useInitialTab(): JournalTab | undefined {
  const [searchParams] = useSearchParams();
  const value = searchParams.get("onglet");
  return [...JOURNAL_TABS, ACCESS_TAB].find((tab) => tab.value === value)?.value;
}

export function ParcoursPage() {
  const { id: rawId = "" } = useParams();
  const returnTo = useReturnTo();
  const id = ID.test(rawId) ? Number(rawId) : null;
  if (id === null) return <ParcoursNotFound returnTo={returnTo} />;
  // A new key per id: nothing of the previous parcours (open dialogs, messages) is kept.
  return <ParcoursView key={id} id={id} returnTo={returnTo} />;
}

function ParcoursNotFound({ returnTo }: { returnTo: string }) {
  usePageTitle("Parcours introuvable");
  return (
    <Stack gap="md">
      <Title order={1}>Parcours introuvable.</Title>
      <Text>Ce parcours n'existe pas, ou il ne fait pas partie de ceux que vous pouvez consulter.</Text>
      <Anchor component={Link} to={returnTo}>
        {returnLabel(returnTo)}
      </Anchor>
    </Stack>
  );
}

function ParcoursView({ id, returnTo }: { id: number; returnTo: string }) {
  const queryClient = useQueryClient();
  const initialTab = useInitialTab();
  const parcours = useQuery({
    queryKey: parcoursKeys.detail(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/parcours/{id}/", { params: { path: { id } }, signal })),
  });
  const history = useQuery({
    queryKey: parcoursKeys.history(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/parcours/{id}/transitions/", { params: { path: { id } }, signal })),
    enabled: parcours.isSuccess,
  });
  const person = parcours.data?.person;
  usePageTitle(person ? `${person.first_name} ${person.last_name}` : "Parcours");

  if (parcours.isPending) return <Loading />;
  if (parcours.isError) {
    if (parcours.error instanceof ApiError && parcours.error.status === 404) {
      return <ParcoursNotFound returnTo={returnTo} />;
    }
    return (
      <Stack gap="md">
        <Title order={1}>Parcours</Title>
        <ErrorAlert error={parcours.error} title="Le parcours n'a pas pu être chargé" onRetry={() => parcours.refetch()} />
        <Anchor component={Link} to={returnTo}>
          {returnLabel(returnTo)}
        </Anchor>
      </Stack>
    );
  }

  const onChanged = (updated: Parcours) => {
    queryClient.setQueryData(parcoursKeys.detail(id), updated);
    // The history, the caseload lists (phase, referent) and this parcours are now stale.
    void queryClient.invalidateQueries({ queryKey: parcoursKeys.all });
    // An exit drops the open enrolments.
    void queryClient.invalidateQueries({ queryKey: trainingKeys.all });
  };

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Anchor component={Link} to={returnTo} size="sm">
          ← {returnLabel(returnTo)}
        </Anchor>
        <Group gap="sm" align="center">
          <Title order={1}>
            {parcours.data.person.first_name} {parcours.data.person.last_name}
          </Title>
          <PhaseBadge phase={parcours.data.phase} label={parcours.data.phase_label} />
        </Group>
      </Stack>
      <Identity parcours={parcours.data} onChanged={onChanged} />
      <Stack component="section" aria-labelledby="phase-titre" gap="sm">
        <Title order={2} id="phase-titre">
          Phase
        </Title>
        <Text fw={600}>Phase actuelle : {parcours.data.phase_label}</Text>
        <PhaseStepper phase={parcours.data.phase} />
      </Stack>
      <ActionsSection parcours={parcours.data} onChanged={onChanged} />
      <JournalTabs key={initialTab} parcours={parcours.data} initialTab={initialTab} />
      <PlacementsSection parcours={parcours.data} />
      <TrainingSection parcours={parcours.data} />
      <VaeSection parcours={parcours.data} />
      <HistorySection history={history} />
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" c="gray.7">
        {label}
      </Text>
      <Text component="dd" m={0} fw={500} style={{ whiteSpace: "pre-wrap" }}>
        {children}
      </Text>
    </div>
  );
}

function Identity({ parcours, onChanged }: { parcours: Parcours; onChanged: (updated: Parcours) => void }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const [reassignOpened, setReassignOpened] = useState(false);
  const [reassigned, setReassigned] = useState(false);
  const canReassign = isManagerOf(me, parcours.structure.id);
  const coReferents = (parcours.co_referents ?? []).map((user) => user.full_name || user.email);
  const exitReason = parcours.exit_reason;

  return (
    <Paper component="section" aria-labelledby="identite-titre" withBorder p="md">
      <Title order={2} id="identite-titre" mb="sm">
        Informations
      </Title>
      <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="sm" m={0}>
        <Field label="Programme">{parcours.programme?.name ?? "Aucun"}</Field>
        <Field label="Structure">{parcours.structure.name}</Field>
        <Field label="Référent">{parcours.referent?.full_name || parcours.referent?.email || "Aucun"}</Field>
        {coReferents.length > 0 && (
          <Field label={coReferents.length > 1 ? "Co-référents" : "Co-référent"}>{coReferents.join(", ")}</Field>
        )}
        <Field label="Date d'entrée">{formatDate(parcours.entry_date)}</Field>
        {parcours.phase === "exited" && (
          <>
            <Field label="Date de sortie">{formatDate(parcours.exit_date) || "Non renseignée"}</Field>
            <Field label="Motif de sortie">
              {exitReason ? `${exitReason.label} (${exitReason.category.label})` : "Non renseigné"}
            </Field>
            {parcours.exit_comment && <Field label="Commentaire de sortie">{parcours.exit_comment}</Field>}
          </>
        )}
      </SimpleGrid>
      <Text mt="sm" fw={500}>
        {`Heures travaillées (missions) : ${formatHours(parcours.hours_worked)} h`}
      </Text>
      {canReassign && (
        <Stack gap="xs" mt="md" align="flex-start">
          <Button
            variant="default"
            onClick={() => {
              setReassigned(false);
              setReassignOpened(true);
            }}
          >
            Réaffecter
          </Button>
          <div role="status">{reassigned && <Text size="sm">Référent mis à jour.</Text>}</div>
        </Stack>
      )}
      {canReassign && (
        <ReassignDialog
          parcours={parcours}
          opened={reassignOpened}
          onClose={() => setReassignOpened(false)}
          onDone={(updated) => {
            setReassignOpened(false);
            setReassigned(true);
            onChanged(updated);
          }}
          onStale={() => void queryClient.invalidateQueries({ queryKey: parcoursKeys.detail(parcours.id) })}
        />
      )}
    </Paper>
  );
}
