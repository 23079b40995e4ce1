// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { counsellorMe, managerMe, managerOfTwo } from "../alerts/testData";
import { renderPage } from "../test/renderPage";
import { ImportPage } from "./ImportPage";
import type { ImportReport } from "./imports";

const summary = { persons_created: 1, persons_updated: 1, persons_unchanged: 0, parcours_created: 2, parcours_unchanged: 0 };
const rows: ImportReport["rows"] = [
  { line: 2, person: "MARTIN Léa", person_action: "create", parcours_action: "create", phase: "training" },
  { line: 3, person: "N'DIAYE Moussa", person_action: "update", parcours_action: "create", phase: "exited" },
];

function report(overrides: Partial<ImportReport> = {}): ImportReport {
  return { dry_run: true, committed: false, structure: 1, total_rows: 2, summary, rows, errors: [], ...overrides };
}

const invalid = report({
  code: "import_invalid",
  message: "2 erreur(s) dans le fichier : rien n'a été importé.",
  errors: [
    { line: 3, field: "date_entree", code: "invalid_date", message: "Date invalide : « 31/02/2025 »." },
    { line: 4, field: "email_referent", code: "unknown_referent", message: "Aucun·e accompagnateur·rice avec cet e-mail." },
  ],
});

interface Sent {
  file: File | null;
  structure: string | null;
  dry_run: string | null;
}

/** Answers POST /parcours-imports/ with the replies given, in order; records the forms sent. */
function importApi(...replies: [number, unknown][]) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    const form = init.body as FormData;
    sent.push({ file: form.get("file") as File | null, structure: form.get("structure") as string | null, dry_run: form.get("dry_run") as string | null });
    const [status, body] = replies[Math.min(sent.length - 1, replies.length - 1)];
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetch);
  return sent;
}

const csv = (name = "parcours.csv") => new File(["nom;prenom\nMARTIN;Léa\n"], name, { type: "text/csv" });

function chooseFile(file: File) {
  fireEvent.change(screen.getByLabelText(/Fichier CSV/), { target: { files: [file] } });
}

describe("ImportPage", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=tok";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("offers the template, explains the columns, and imports nothing until a file is checked", () => {
    importApi([200, report()]);
    renderPage(<ImportPage />, { me: managerMe, url: "/direction/import" });
    const template = screen.getByRole("link", { name: "Télécharger le modèle CSV" });
    expect(template.getAttribute("href")).toBe("/api/v1/parcours-imports/template/");
    expect(template.hasAttribute("download")).toBe(true);
    expect(screen.getByText("numero_pass_iae")).toBeTruthy();
    expect(screen.getByText("Structure :").textContent).toContain("GES Rhône Solidaire");
    expect((screen.getByRole("button", { name: "Importer" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Vérifier le fichier" }));
    expect(screen.getByText("Choisissez le fichier à importer.")).toBeTruthy();
  });

  it("shows a dry run's errors by line and column, and keeps « Importer » disabled", async () => {
    const sent = importApi([400, invalid]);
    renderPage(<ImportPage />, { me: managerMe, url: "/direction/import" });
    const file = csv();
    chooseFile(file);
    fireEvent.click(screen.getByRole("button", { name: "Vérifier le fichier" }));

    expect(await screen.findByText("Le fichier contient 2 erreurs : rien n'a été importé.")).toBeTruthy();
    const errors = screen.getByRole("table", { name: "Erreurs du fichier (2)" });
    const cells = within(errors)
      .getAllByRole("row")
      .slice(1)
      .map((row) => within(row).getAllByRole("cell").map((cell) => cell.textContent));
    expect(cells).toEqual([
      ["3", "date_entree", "Date invalide : « 31/02/2025 »."],
      ["4", "email_referent", "Aucun·e accompagnateur·rice avec cet e-mail."],
    ]);
    expect(within(errors).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Ligne", "Colonne", "Message"]);
    expect((screen.getByRole("button", { name: "Importer" }) as HTMLButtonElement).disabled).toBe(true);
    expect(sent).toEqual([{ file, structure: "1", dry_run: "true" }]);
  });

  it("imports after a valid dry run of the same file, then says what was done", async () => {
    const sent = importApi([200, report()], [200, report({ dry_run: false, committed: true })]);
    renderPage(<ImportPage />, { me: managerMe, url: "/direction/import" });
    chooseFile(csv());
    fireEvent.click(screen.getByRole("button", { name: "Vérifier le fichier" }));

    expect(await screen.findByText("Le fichier est valide")).toBeTruthy();
    const table = screen.getByRole("table", { name: "Lignes du fichier (2)" });
    const second = within(table).getAllByRole("row")[2];
    expect(within(second).getAllByRole("cell").map((cell) => cell.textContent)).toEqual([
      "3",
      "N'DIAYE Moussa",
      "Mise à jour",
      "Création",
      "Sortie",
    ]);
    expect(screen.getByText("Parcours à créer").nextSibling?.textContent).toBe("2");

    const importButton = screen.getByRole("button", { name: "Importer" }) as HTMLButtonElement;
    await waitFor(() => expect(importButton.disabled).toBe(false));
    fireEvent.click(importButton);

    expect(await screen.findByText("Import terminé")).toBeTruthy();
    expect(screen.getByText("2 parcours créés, 1 personne créée et 1 personne mise à jour.")).toBeTruthy();
    expect(screen.getByText("Parcours créés").nextSibling?.textContent).toBe("2");
    expect(sent.map((form) => form.dry_run)).toEqual(["true", "false"]);
    expect(sent[1].file).toBe(sent[0].file);
    expect(importButton.disabled).toBe(true);
  });

  it("asks for a new check when another file is chosen", async () => {
    importApi([200, report()]);
    renderPage(<ImportPage />, { me: managerMe, url: "/direction/import" });
    chooseFile(csv());
    fireEvent.click(screen.getByRole("button", { name: "Vérifier le fichier" }));
    await screen.findByText("Le fichier est valide");
    chooseFile(csv("autre.csv"));
    expect((screen.getByRole("button", { name: "Importer" }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByText("Le fichier est valide")).toBeNull();
  });

  it("shows a refusal of the whole file (the generic error shape)", async () => {
    importApi([400, { code: "invalid", message: "Certaines informations sont invalides.", errors: { file: ["Le fichier n'est pas un CSV lisible."] } }]);
    renderPage(<ImportPage />, { me: managerMe, url: "/direction/import" });
    chooseFile(csv());
    fireEvent.click(screen.getByRole("button", { name: "Vérifier le fichier" }));
    expect(await screen.findByText("Le fichier n'a pas pu être traité")).toBeTruthy();
    expect(screen.getByText("Le fichier n'est pas un CSV lisible.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Importer" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("asks a manager of several structures which one", async () => {
    const sent = importApi([200, report({ structure: 2 })]);
    renderPage(<ImportPage />, { me: managerOfTwo, url: "/direction/import" });
    chooseFile(csv());
    fireEvent.click(screen.getByRole("button", { name: "Vérifier le fichier" }));
    expect(screen.getByText("Choisissez la structure où importer.")).toBeTruthy();
    fireEvent.click(screen.getByLabelText(/Structure/));
    fireEvent.click(await screen.findByRole("option", { name: "Ateliers du Sud" }));
    fireEvent.click(screen.getByRole("button", { name: "Vérifier le fichier" }));
    await screen.findByText("Le fichier est valide");
    expect(sent[0].structure).toBe("2");
  });

  it("is for managers only", () => {
    renderPage(<ImportPage />, { me: counsellorMe, url: "/direction/import" });
    expect(screen.getByTestId("location").textContent).toBe("/accueil");
  });
});
