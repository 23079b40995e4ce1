// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { BarriersTab } from "./BarriersTab";
import { renderJournal } from "./render";
import { barrier, journalFetch, page, parcours, Reply } from "./testData";

const TYPES = [
  { code: "mobilite", label: "Mobilité : pas de permis" },
  { code: "sante", label: "Santé : suivi médical en cours" },
];

describe("BarriersTab", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists the barriers with their status and support", async () => {
    const stub = journalFetch({
      "GET /api/v1/barriers/": page([
        barrier(),
        barrier({
          id: 52,
          type: "sante",
          type_label: "Santé : suivi médical en cours",
          status: "resolved",
          status_label: "Levé",
          support: "internal",
          support_label: "Interne (la structure)",
          support_by: "",
          resolved_on: "2026-06-02",
        }),
      ]),
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<BarriersTab parcours={parcours} />);
    const list = await screen.findByRole("list", { name: "Freins" });
    const [mobility, health] = within(list).getAllByRole("listitem");
    expect(within(mobility).getByText("Identifié")).toBeTruthy();
    expect(within(mobility).getByText("Accompagnement : Externe, par Auto-école sociale")).toBeTruthy();
    expect(within(mobility).getByText("Repéré le 20/05/2026")).toBeTruthy();
    expect(within(health).getByText("Levé")).toBeTruthy();
    expect(within(health).getByText("Accompagnement : Interne (la structure)")).toBeTruthy();
    expect(within(health).getByText("Repéré le 20/05/2026 · levé le 02/06/2026")).toBeTruthy();
  });

  it("adds a barrier from the reference list, supported externally", async () => {
    const stub = journalFetch({
      "GET /api/v1/barriers/": page([]),
      "GET /api/v1/barrier-types/": TYPES,
      "POST /api/v1/barriers/": barrier({ type: "sante", type_label: "Santé : suivi médical en cours" }),
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<BarriersTab parcours={parcours} />);
    fireEvent.click(screen.getByRole("button", { name: "Ajouter un frein" }));
    const dialog = screen.getByRole("dialog", { name: "Ajouter un frein" });
    await within(dialog).findByRole("option", { name: "Santé : suivi médical en cours" });
    fireEvent.change(within(dialog).getByLabelText(/Frein/), { target: { value: "sante" } });
    fireEvent.click(within(dialog).getByRole("radio", { name: "Externe (un partenaire)" }));
    fireEvent.change(within(dialog).getByLabelText(/Par qui/), { target: { value: "CMP Vénissieux" } });
    fireEvent.change(within(dialog).getByLabelText(/Repéré le/), { target: { value: "2026-06-01" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Ajouter" }));

    expect(await screen.findByText("Frein ajouté : Santé : suivi médical en cours.")).toBeTruthy();
    expect(stub.writes()[0].body).toEqual({
      parcours: 7,
      type: "sante",
      status: "identified",
      support: "external",
      support_by: "CMP Vénissieux",
      identified_on: "2026-06-01",
    });
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("moves a barrier to the next status with the version it was read at", async () => {
    const stub = journalFetch({
      "GET /api/v1/barriers/": page([barrier()]),
      "PATCH /api/v1/barriers/51/": barrier({ status: "in_progress", status_label: "En cours de levée", version: 3 }),
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<BarriersTab parcours={parcours} />);
    fireEvent.click(await screen.findByRole("button", { name: "Changer l'état : Mobilité : pas de permis" }));
    const dialog = screen.getByRole("dialog", { name: "Changer l'état du frein" });
    expect((within(dialog).getByRole("radio", { name: "En cours de levée" }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(dialog).getByRole("button", { name: "Enregistrer" }));
    expect(await screen.findByText("Frein mis à jour : Mobilité : pas de permis — En cours de levée.")).toBeTruthy();
    expect(stub.writes()[0]).toMatchObject({
      method: "PATCH",
      body: { version: 2, status: "in_progress", support: "external", support_by: "Auto-école sociale" },
    });
  });

  it("says a barrier changed in the meantime and reads it again", async () => {
    let reads = 0;
    const stub = journalFetch({
      "GET /api/v1/barriers/": () => {
        reads += 1;
        return page([barrier(reads > 1 ? { version: 4, status: "in_progress", status_label: "En cours de levée" } : {})]);
      },
      "PATCH /api/v1/barriers/51/": new Reply(409, {
        code: "stale_write",
        message: "Cet élément a été modifié entre-temps.",
        current_version: 4,
      }),
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<BarriersTab parcours={parcours} />);
    fireEvent.click(await screen.findByRole("button", { name: "Changer l'état : Mobilité : pas de permis" }));
    const dialog = screen.getByRole("dialog", { name: "Changer l'état du frein" });
    fireEvent.click(within(dialog).getByRole("radio", { name: "Levé" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Enregistrer" }));
    expect(await within(dialog).findByText("Ce frein a été modifié entre-temps")).toBeTruthy();
    await waitFor(() => expect(within(dialog).getByText("État actuel : En cours de levée")).toBeTruthy());
    expect(reads).toBe(2);
  });
});
