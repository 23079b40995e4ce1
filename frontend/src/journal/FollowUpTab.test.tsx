// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { FollowUpTab } from "./FollowUpTab";
import { CNIL_REMINDER } from "./journal";
import { renderJournal } from "./render";
import { followUp, journalFetch, page, parcours, Reply, type Call } from "./testData";

describe("FollowUpTab", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("offers a fast interview form: kind, now, 45 minutes, and the CNIL reminder at the note", async () => {
    const stub = journalFetch({ "GET /api/v1/follow-ups/": page([]) });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<FollowUpTab parcours={parcours} />);
    const form = screen.getByRole("form", { name: "Noter un suivi" });
    expect((within(form).getByLabelText("Type") as HTMLSelectElement).value).toBe("interview");
    expect(within(form).getByRole("option", { name: "Entretien individuel", selected: true })).toBeTruthy();
    expect((within(form).getByLabelText(/Date et heure/) as HTMLInputElement).value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect((within(form).getByLabelText(/Durée \(minutes\)/) as HTMLInputElement).value).toBe("45");
    const note = within(form).getByLabelText("Note");
    const described = (note.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .map((id) => document.getElementById(id)?.textContent ?? "")
      .join(" ");
    expect(described).toContain(CNIL_REMINDER);
    expect(await screen.findByText("Aucun suivi enregistré pour ce parcours.")).toBeTruthy();
  });

  it("logs the interview (date-time sent without an offset) and reads the list again", async () => {
    let saved = false;
    const stub = journalFetch({
      "GET /api/v1/follow-ups/": () => page(saved ? [followUp({ id: 42, note: "Premier entretien." })] : []),
      "POST /api/v1/follow-ups/": () => {
        saved = true;
        return followUp({ id: 42, note: "Premier entretien.", occurred_at: "2026-11-28T10:30:00+01:00" });
      },
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<FollowUpTab parcours={parcours} />);
    await screen.findByText("Aucun suivi enregistré pour ce parcours.");
    fireEvent.change(screen.getByLabelText(/Date et heure/), { target: { value: "2026-11-28T10:30" } });
    fireEvent.change(screen.getByLabelText("Note"), { target: { value: "  Premier entretien. " } });
    fireEvent.click(screen.getByRole("button", { name: "Enregistrer le suivi" }));

    expect(await screen.findByText("Suivi enregistré : Entretien individuel du 28/11/2026 10:30.")).toBeTruthy();
    expect(stub.writes()[0]).toMatchObject({
      method: "POST",
      path: "/api/v1/follow-ups/",
      body: { parcours: 7, kind: "interview", occurred_at: "2026-11-28T10:30", duration_minutes: 45, note: "Premier entretien." },
    });
    expect(await screen.findByText("Premier entretien.")).toBeTruthy();
    expect((screen.getByLabelText("Note") as HTMLTextAreaElement).value).toBe("");
  });

  it("sends the moment of saving when the date-time was left at its default", async () => {
    const stub = journalFetch({ "GET /api/v1/follow-ups/": page([]), "POST /api/v1/follow-ups/": followUp() });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<FollowUpTab parcours={parcours} />);
    fireEvent.click(screen.getByRole("button", { name: "Enregistrer le suivi" }));
    await screen.findByText(/Suivi enregistré/);
    expect((stub.writes()[0].body as { occurred_at: string }).occurred_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  it("shows the server's field errors under the fields", async () => {
    const stub = journalFetch({
      "GET /api/v1/follow-ups/": page([]),
      "POST /api/v1/follow-ups/": new Reply(400, {
        code: "invalid",
        message: "Certaines informations sont invalides.",
        errors: { occurred_at: ["Un suivi se note une fois qu'il a eu lieu."] },
      }),
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<FollowUpTab parcours={parcours} />);
    fireEvent.click(screen.getByRole("button", { name: "Enregistrer le suivi" }));
    expect(await screen.findByText("Un suivi se note une fois qu'il a eu lieu.")).toBeTruthy();
  });

  it("lists the follow-ups newest first, page by page", async () => {
    const stub = journalFetch({
      "GET /api/v1/follow-ups/": ({ query }: Call) =>
        query.get("page") === "2"
          ? page([followUp({ id: 40, note: "Le plus ancien.", occurred_at: "2026-05-02T09:00:00+02:00" })], null, 3)
          : page(
              [
                followUp({ id: 44, note: "Le plus récent.", kind: "call", kind_label: "Appel téléphonique", duration_minutes: 90 }),
                followUp({ id: 43, note: "Au milieu." }),
              ],
              "http://localhost/api/v1/follow-ups/?page=2",
              3,
            ),
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<FollowUpTab parcours={parcours} />);
    const list = await screen.findByRole("list", { name: "Suivis enregistrés" });
    const items = within(list).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain("Appel téléphonique");
    expect(items[0].textContent).toContain("1 h 30");
    expect(items[0].textContent).toContain("Par Claire Martin");
    expect(stub.calls[0].query.get("parcours")).toBe("7");
    expect(screen.getByText("2 sur 3 affichées")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Voir plus de suivis" }));
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(3));
    expect(within(list).getAllByRole("listitem")[2].textContent).toContain("Le plus ancien.");
    expect(screen.queryByRole("button", { name: "Voir plus de suivis" })).toBeNull();
  });
});
