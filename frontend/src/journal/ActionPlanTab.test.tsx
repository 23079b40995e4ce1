// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import { ActionPlanTab } from "./ActionPlanTab";
import { renderJournal } from "./render";
import { action, journalFetch, page, parcours, Reply } from "./testData";

const counsellors = [
  { id: 5, full_name: "Claire Martin", email: "cip1@rhone.demo", structures: [1] },
  { id: 6, full_name: "Yanis Benali", email: "cip2@rhone.demo", structures: [1] },
  { id: 9, full_name: "Ailleurs", email: "cip@reunion.demo", structures: [2] },
];

const actions = [
  action(),
  action({ id: 62, title: "Déposer le dossier CAF", status: "done", status_label: "Réalisée", due_date: "2026-06-01" }),
  action({
    id: 63,
    title: "Rencontrer l'employeur",
    status: "in_progress",
    status_label: "En cours",
    due_date: "2026-07-15",
    owner: 6,
    owner_detail: { id: 6, full_name: "Yanis Benali", email: "cip2@rhone.demo" },
  }),
];

describe("ActionPlanTab", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-07-01T10:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("shows each action's status, due date and owner, open ones past their date highlighted", async () => {
    const stub = journalFetch({ "GET /api/v1/actions/": page(actions), "GET /api/v1/counsellors/": counsellors });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<ActionPlanTab parcours={parcours} />);
    const list = await screen.findByRole("list", { name: "Actions" });
    const [code, caf, employer] = within(list).getAllByRole("listitem");
    expect(within(code).getByText("En retard")).toBeTruthy();
    expect(within(code).getByText("Prévue")).toBeTruthy();
    expect(within(code).getByText("Échéance : 30/06/2026")).toBeTruthy();
    expect(within(code).getByText("Responsable : Claire Martin")).toBeTruthy();
    expect(within(caf).queryByText("En retard")).toBeNull();
    expect(within(employer).queryByText("En retard")).toBeNull();
    expect(within(employer).getByText("Responsable : Yanis Benali")).toBeTruthy();
    expect(screen.getByText("1 action en retard.")).toBeTruthy();
  });

  it("adds an action owned by a counsellor of the structure", async () => {
    const stub = journalFetch({
      "GET /api/v1/actions/": page([]),
      "GET /api/v1/counsellors/": counsellors,
      "POST /api/v1/actions/": action({ id: 64, title: "Préparer l'entretien" }),
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<ActionPlanTab parcours={parcours} />);
    await screen.findByText("Aucune action prévue pour ce parcours.");
    fireEvent.click(screen.getByRole("button", { name: "Ajouter une action" }));
    const dialog = screen.getByRole("dialog", { name: "Ajouter une action" });
    await within(dialog).findByRole("option", { name: "Yanis Benali" });
    expect(within(dialog).queryByRole("option", { name: "Ailleurs" })).toBeNull();
    expect((within(dialog).getByLabelText("Responsable") as HTMLSelectElement).value).toBe("5");
    fireEvent.change(within(dialog).getByLabelText(/^Action/), { target: { value: "Préparer l'entretien" } });
    fireEvent.change(within(dialog).getByLabelText(/Échéance/), { target: { value: "2026-07-10" } });
    fireEvent.change(within(dialog).getByLabelText("Responsable"), { target: { value: "6" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Ajouter" }));
    expect(await screen.findByText("Action ajoutée : Préparer l'entretien.")).toBeTruthy();
    expect(stub.writes()[0].body).toEqual({
      parcours: 7,
      title: "Préparer l'entretien",
      status: "planned",
      owner: 6,
      due_date: "2026-07-10",
    });
  });

  it("changes an action's status with its version; a stale one is read again", async () => {
    let patches = 0;
    const stub = journalFetch({
      "GET /api/v1/actions/": page(actions),
      "GET /api/v1/counsellors/": counsellors,
      "PATCH /api/v1/actions/61/": () => {
        patches += 1;
        return patches === 1
          ? new Reply(409, { code: "stale_write", message: "Modifié entre-temps.", current_version: 4 })
          : action({ status: "done", status_label: "Réalisée", version: 4 });
      },
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<ActionPlanTab parcours={parcours} />);
    fireEvent.click(await screen.findByRole("button", { name: "Modifier : Inscrire au code de la route" }));
    const dialog = screen.getByRole("dialog", { name: "Modifier l'action" });
    expect((within(dialog).getByLabelText(/^Action/) as HTMLInputElement).value).toBe("Inscrire au code de la route");
    fireEvent.change(within(dialog).getByLabelText("État"), { target: { value: "done" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Enregistrer" }));
    expect(await within(dialog).findByText("Cette action a été modifiée entre-temps")).toBeTruthy();
    expect(stub.writes()[0].body).toMatchObject({ version: 3, status: "done", owner: 5, due_date: "2026-06-30" });

    fireEvent.click(within(dialog).getByRole("button", { name: "Enregistrer" }));
    expect(await screen.findByText("Action mise à jour : Inscrire au code de la route — Réalisée.")).toBeTruthy();
  });
});
