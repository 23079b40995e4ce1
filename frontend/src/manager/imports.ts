// The bulk import of parcours (POST /api/v1/parcours-imports/, multipart): a dry run first, then
// the real import. The form is sent by postForm (multipart, CSRF); the report is the generated type.
import { postForm } from "../api/client";
import type { components } from "../api/schema";
import { ApiError, problemFromResponse } from "../api/errors";

export const IMPORT_PATH = "/api/v1/parcours-imports/";
export const TEMPLATE_URL = "/api/v1/parcours-imports/template/";

type Schemas = components["schemas"];
export type ImportSummary = Schemas["ImportSummary"];
export type ImportRow = Schemas["ImportRow"];
export type ImportRowError = Schemas["ImportError"];
export type ImportReport = Schemas["ImportReport"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A report (200, or 400 « import_invalid ») rather than the generic error shape. */
export function isImportReport(body: unknown): body is ImportReport {
  return isRecord(body) && Array.isArray(body.rows) && Array.isArray(body.errors) && isRecord(body.summary);
}

/** Sends the file: the report when the API gives one (valid or not); any other answer throws. */
export async function sendImport({
  file,
  structure,
  dryRun,
}: {
  file: File;
  structure: number | null;
  dryRun: boolean;
}): Promise<ImportReport> {
  const form = new FormData();
  form.append("file", file);
  if (structure !== null) form.append("structure", String(structure));
  form.append("dry_run", dryRun ? "true" : "false");
  const { status, body } = await postForm(IMPORT_PATH, form);
  if ((status === 200 || status === 400) && isImportReport(body)) return body;
  throw new ApiError(problemFromResponse(status, body));
}

export const PERSON_ACTION_LABELS: Record<ImportRow["person_action"], string> = {
  create: "Création",
  update: "Mise à jour",
  unchanged: "Inchangée",
};

export const PARCOURS_ACTION_LABELS: Record<ImportRow["parcours_action"], string> = {
  create: "Création",
  unchanged: "Déjà présent",
};

/** The file's columns, in the template's order, explained briefly (docs/import.md has the rest). */
export const IMPORT_COLUMNS: readonly { name: string; description: string }[] = [
  { name: "nom", description: "Nom d'usage (obligatoire)." },
  { name: "prenom", description: "Prénom (obligatoire)." },
  { name: "nom_naissance", description: "Nom de naissance, s'il diffère." },
  { name: "date_naissance", description: "Date de naissance (JJ/MM/AAAA) ; obligatoire sans numéro de PASS IAE." },
  { name: "email", description: "Adresse e-mail de la personne." },
  { name: "telephone", description: "Téléphone." },
  { name: "adresse", description: "Adresse postale (numéro et voie)." },
  { name: "code_postal", description: "Code postal, 5 chiffres." },
  { name: "commune", description: "Commune." },
  { name: "numero_pass_iae", description: "Numéro de PASS IAE, 12 chiffres." },
  { name: "debut_pass_iae", description: "Début du PASS IAE." },
  { name: "fin_pass_iae", description: "Fin du PASS IAE (après le début)." },
  { name: "date_entree", description: "Date d'entrée dans le parcours (obligatoire, pas dans le futur)." },
  { name: "phase", description: "Phase actuelle, code ou libellé (par défaut : accueil / entrée)." },
  { name: "email_referent", description: "E-mail du ou de la référent·e : un·e accompagnateur·rice de la structure (obligatoire)." },
  { name: "date_sortie", description: "Date de sortie, pour un parcours en phase « Sortie » seulement." },
  { name: "motif_sortie", description: "Code du motif de sortie, pour un parcours en phase « Sortie » seulement." },
];
