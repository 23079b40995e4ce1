// /direction/import (managers only): download the template, choose the structure and the CSV
// file, « Vérifier le fichier » (a dry run: nothing is written), then « Importer » — enabled only
// once that same file has been checked without error.
import { useId, useState, type FormEvent } from "react";
import { Link, Navigate } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Anchor, Button, Code, Group, Input, List, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { otherFieldMessages, toProblem } from "../api/errors";
import { parcoursKeys } from "../api/queries";
import { useMe } from "../auth/me";
import { isManager, landingPath } from "../auth/roles";
import { ErrorAlert } from "../shared/feedback";
import { usePageTitle } from "../shared/usePageTitle";
import { ImportReportView } from "./ImportReportView";
import { IMPORT_COLUMNS, TEMPLATE_URL, sendImport, type ImportReport } from "./imports";

interface Checked {
  file: File;
  structure: number;
  report: ImportReport;
}

export function ImportPage() {
  const me = useMe();
  if (!isManager(me)) return <Navigate to={landingPath(me)} replace />;
  const structures = me.memberships
    .filter((m) => m.role === "manager" && m.organisation_kind === "structure")
    .map((m) => ({ value: String(m.organisation), label: m.organisation_name }));
  return <Import structures={structures} />;
}

function Import({ structures }: { structures: { value: string; label: string }[] }) {
  usePageTitle("Importer des parcours");
  const queryClient = useQueryClient();
  const fileId = useId();
  const [structure, setStructure] = useState<string | null>(structures.length === 1 ? structures[0].value : null);
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState<{ file?: boolean; structure?: boolean }>({});
  const [checked, setChecked] = useState<Checked | null>(null);
  const [imported, setImported] = useState<ImportReport | null>(null);

  const check = useMutation({
    mutationFn: (input: { file: File; structure: number }) => sendImport({ ...input, dryRun: true }),
    onSuccess: (report, input) => setChecked({ ...input, report }),
  });
  const commit = useMutation({
    mutationFn: (input: { file: File; structure: number }) => sendImport({ ...input, dryRun: false }),
    onSuccess: (report, input) => {
      if (report.committed) {
        setImported(report);
        setChecked(null); // a second click would import nothing new, but must be asked again
        void queryClient.invalidateQueries({ queryKey: parcoursKeys.all });
      } else {
        setChecked({ ...input, report }); // the data changed since the check: show what is wrong now
      }
    },
  });

  const structureId = structure ? Number(structure) : null;
  const ready =
    checked !== null &&
    file !== null &&
    checked.file === file &&
    checked.structure === structureId &&
    checked.report.errors.length === 0;
  const busy = check.isPending || commit.isPending;
  const failure = check.error ?? commit.error;
  const report = imported ?? checked?.report ?? null;

  const reset = () => {
    setChecked(null);
    setImported(null);
    check.reset();
    commit.reset();
  };

  const onCheck = (event: FormEvent) => {
    event.preventDefault();
    setMissing({ file: !file, structure: structureId === null });
    if (!file || structureId === null) return;
    setImported(null);
    commit.reset();
    check.mutate({ file, structure: structureId });
  };

  return (
    <Stack gap="xl" maw={1000}>
      <Stack gap="xs">
        <Anchor component={Link} to="/direction" size="sm">
          ← Retour à la page Direction
        </Anchor>
        <Title order={1}>Importer des parcours</Title>
        <Text>
          Créez en une fois les personnes et leurs parcours à partir d'un fichier CSV. L'import est « tout ou rien » :
          une seule ligne invalide et rien n'est enregistré. Réimporter le même fichier ne crée rien en double.
        </Text>
      </Stack>

      <Paper component="section" aria-labelledby="format-titre" withBorder p="md">
        <Title order={2} size="h3" id="format-titre" mb="sm">
          Le fichier
        </Title>
        <Text mb="sm">
          <Anchor href={TEMPLATE_URL} download="modele_import_parcours.csv">
            Télécharger le modèle CSV
          </Anchor>{" "}
          (UTF-8, séparateur « ; » ou « , », 5 Mo au plus), puis remplissez une ligne par personne. Une personne déjà
          connue est retrouvée par son numéro de PASS IAE, sinon par ses nom, prénom et date de naissance : sa fiche est
          mise à jour au lieu d'être créée en double.
        </Text>
        <details>
          <summary>Les colonnes du fichier</summary>
          <List size="sm" spacing={4} mt="xs">
            {IMPORT_COLUMNS.map((column) => (
              <List.Item key={column.name}>
                <Code>{column.name}</Code> : {column.description}
              </List.Item>
            ))}
          </List>
        </details>
      </Paper>

      <form onSubmit={onCheck} noValidate aria-labelledby="envoi-titre">
        <Stack gap="md">
          <Title order={2} size="h3" id="envoi-titre">
            Vérifier puis importer
          </Title>
          {structures.length > 1 ? (
            <Select
              label="Structure"
              placeholder="Choisissez la structure"
              data={structures}
              value={structure}
              onChange={(value) => {
                setStructure(value);
                setMissing((current) => ({ ...current, structure: false }));
                reset();
              }}
              withAsterisk
              allowDeselect={false}
              error={missing.structure ? "Choisissez la structure où importer." : undefined}
              maw={420}
            />
          ) : structures.length === 1 ? (
            <Text>
              Structure : <strong>{structures[0].label}</strong>
            </Text>
          ) : (
            <Alert color="orange">Vous ne dirigez aucune structure : l'import n'est pas possible.</Alert>
          )}
          <Input.Wrapper
            label="Fichier CSV"
            labelProps={{ htmlFor: fileId }}
            withAsterisk
            error={missing.file ? "Choisissez le fichier à importer." : undefined}
          >
            <input
              id={fileId}
              type="file"
              accept=".csv,text/csv"
              aria-invalid={missing.file || undefined}
              onChange={(event) => {
                setFile(event.currentTarget.files?.[0] ?? null);
                setMissing((current) => ({ ...current, file: false }));
                reset();
              }}
              style={{ display: "block", marginTop: 4 }}
            />
          </Input.Wrapper>
          <Group gap="sm">
            <Button type="submit" variant="default" loading={check.isPending} disabled={busy || structures.length === 0}>
              Vérifier le fichier
            </Button>
            <Button
              onClick={() => file && structureId !== null && commit.mutate({ file, structure: structureId })}
              disabled={!ready || busy}
              loading={commit.isPending}
            >
              Importer
            </Button>
          </Group>
          {!ready && !imported && (
            <Text size="sm" c="gray.8">
              « Importer » devient possible une fois le fichier vérifié sans erreur.
            </Text>
          )}
        </Stack>
      </form>

      <Stack component="section" aria-label="Rapport d'import" gap="md" aria-live="polite">
        {failure ? (
          <FailureAlert error={failure} />
        ) : imported ? (
          <Alert color="green" title="Import terminé">
            {importedMessage(imported)}
          </Alert>
        ) : ready ? (
          <Alert color="blue" title="Le fichier est valide">
            Rien n'a encore été importé : vérifiez le rapport ci-dessous, puis cliquez sur « Importer ».
          </Alert>
        ) : null}
        {report && !failure && <ImportReportView report={report} />}
      </Stack>
    </Stack>
  );
}

function importedMessage(report: ImportReport): string {
  const { summary } = report;
  const count = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
  return (
    `${count(summary.parcours_created, "parcours créé", "parcours créés")}, ` +
    `${count(summary.persons_created, "personne créée", "personnes créées")} et ` +
    `${count(summary.persons_updated, "personne mise à jour", "personnes mises à jour")}.`
  );
}

function FailureAlert({ error }: { error: unknown }) {
  const messages = otherFieldMessages(toProblem(error), []);
  return (
    <ErrorAlert error={error} title="Le fichier n'a pas pu être traité">
      {messages.length > 0 && (
        <List size="sm">
          {messages.map((message) => (
            <List.Item key={message}>{message}</List.Item>
          ))}
        </List>
      )}
    </ErrorAlert>
  );
}
