// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { counsellorMe, managerMe } from "../alerts/testData";
import { Reply, journalFetch, page } from "../journal/testData";
import { renderPage } from "../test/renderPage";
import { AuditLogPage } from "./AuditLogPage";
import { auditEntry } from "./testData";

const entries = [
  auditEntry({
    id: 3,
    timestamp: "2026-11-21T09:30:00+01:00",
    event: "update",
    event_label: "Modification",
    actor: { id: 9, name: "Nadia Benali", email: "direction@rhone.demo" },
    object_type: "parcours",
    object: "parcours n° 7",
    changes: { phase: ["entry", "active"], exit_comment: ["[masqué]", "[masqué]"] },
  }),
  auditEntry({ id: 2 }),
  auditEntry({ id: 1, event: "login_failed", event_label: "Échec de connexion", actor: null, object: "", object_type: null }),
];

const location = () => screen.getByTestId("location").textContent;
const field = (label: string) => screen.getByLabelText(label, { selector: "input:not([type=hidden])" });

function api(answer: unknown = page(entries)) {
  const stub = journalFetch({ "GET /api/v1/audit-entries/": answer });
  vi.stubGlobal("fetch", vi.fn(stub.fetch));
  return stub;
}

const auditCalls = (stub: ReturnType<typeof api>) => stub.calls.filter((call) => call.path === "/api/v1/audit-entries/");

describe("AuditLogPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists the entries: when, who, what, on what, and the fields changed", async () => {
    const stub = api();
    renderPage(<AuditLogPage />, { me: managerMe, url: "/direction/journal" });
    expect(screen.getByRole("heading", { level: 1, name: "Journal d'accès" })).toBeTruthy();
    const table = await screen.findByRole("table", { name: "Journal d'accès" });
    const rows = within(table)
      .getAllByRole("row")
      .map((row) => [...row.querySelectorAll("th, td")].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ["Date et heure", "Qui", "Événement", "Élément", "Champs modifiés"],
      [
        "21/11/2026 09:30",
        "Nadia Benalidirection@rhone.demo",
        "Modification",
        "parcours n° 7",
        "phase : entry → activeexit_comment : [masqué] → [masqué]",
      ],
      ["20/11/2026 14:05", "Claire Martincip1@rhone.demo", "Consultation", "personne n° 112", "—"],
      ["20/11/2026 14:05", "Inconnu", "Échec de connexion", "—", "—"],
    ]);
    expect(screen.getByText("3 entrées")).toBeTruthy();
    expect(screen.getByRole("link", { name: "← Retour à la page Direction" }).getAttribute("href")).toBe("/direction");
    const query = auditCalls(stub)[0].query;
    expect(query.get("page")).toBe("1");
    expect(query.get("page_size")).toBe("50");
    expect(query.has("event")).toBe(false);
    expect(query.has("person")).toBe(false);
  });

  it("shows a creation's values, the first four fields and the others folded", async () => {
    const changes = {
      id: ["None", "4"],
      kind: ["None", "call"],
      note: ["None", "[masqué]"],
      parcours: ["None", "7"],
      owner: ["None", "5"],
      title: ["None", "[masqué]"],
    };
    api(page([auditEntry({ event: "create", event_label: "Création", object: "action n° 4", changes })]));
    renderPage(<AuditLogPage />, { me: managerMe, url: "/direction/journal" });
    const table = await screen.findByRole("table", { name: "Journal d'accès" });
    const cell = within(table).getAllByRole("row")[1].querySelectorAll("td")[4] as HTMLElement;
    const items = within(cell).getAllByRole("listitem", { hidden: true }).map((item) => item.textContent);
    expect(items).toEqual(["id : 4", "kind : call", "note : [masqué]", "parcours : 7", "owner : 5", "title : [masqué]"]);
    expect(within(cell).getByText("2 autres champs").closest("details")).toBeTruthy();
  });

  it("asks the API with the filters of the URL (events, period, person, page)", async () => {
    const stub = api(page(entries, "http://localhost/api/v1/audit-entries/?page=3", 120));
    renderPage(<AuditLogPage />, {
      me: managerMe,
      url: "/direction/journal?evenement=read&evenement=export&du=2026-11-01&au=2026-11-30&personne=112&page=2",
    });
    await screen.findByRole("table", { name: "Journal d'accès : personne n° 112" });
    const query = auditCalls(stub)[0].query;
    expect(query.getAll("event")).toEqual(["read", "export"]);
    expect(query.get("date_from")).toBe("2026-11-01");
    expect(query.get("date_to")).toBe("2026-11-30");
    expect(query.get("person")).toBe("112");
    expect(query.get("page")).toBe("2");
    expect(screen.getByText("120 entrées, page 2 sur 3")).toBeTruthy();
    expect(field("Du")).toHaveProperty("value", "2026-11-01");
    expect(field("Au")).toHaveProperty("value", "2026-11-30");
    expect(screen.getByText(/Seulement les entrées de la/).textContent).toBe("Seulement les entrées de la personne n° 112.");

    fireEvent.click(screen.getByRole("button", { name: "Page 3" }));
    await waitFor(() => expect(location()).toContain("page=3"));
    await waitFor(() => expect(auditCalls(stub).some((call) => call.query.get("page") === "3")).toBe(true));
  });

  it("puts a changed filter in the URL and goes back to page 1", async () => {
    const stub = api();
    renderPage(<AuditLogPage />, { me: managerMe, url: "/direction/journal?personne=112&page=2" });
    await screen.findByRole("table", { name: "Journal d'accès : personne n° 112" });

    fireEvent.click(field("Événement"));
    fireEvent.click(await screen.findByRole("option", { name: "Export" }));
    await waitFor(() => expect(location()).toBe("/direction/journal?evenement=export&personne=112"));
    await waitFor(() =>
      expect(auditCalls(stub).some((call) => call.query.getAll("event").join() === "export" && call.query.get("page") === "1")).toBe(true),
    );

    fireEvent.change(field("Du"), { target: { value: "2026-10-01" } });
    await waitFor(() => expect(location()).toBe("/direction/journal?evenement=export&du=2026-10-01&personne=112"));
    await waitFor(() => expect(auditCalls(stub).some((call) => call.query.get("date_from") === "2026-10-01")).toBe(true));

    fireEvent.click(screen.getByRole("button", { name: "Toutes les personnes" }));
    await waitFor(() => expect(location()).toBe("/direction/journal?evenement=export&du=2026-10-01"));
    fireEvent.click(screen.getByRole("button", { name: "Effacer les filtres" }));
    await waitFor(() => expect(location()).toBe("/direction/journal"));
  });

  it("says when nothing matches", async () => {
    api(page([]));
    renderPage(<AuditLogPage />, { me: managerMe, url: "/direction/journal?evenement=anonymise" });
    expect(await screen.findByText("Aucune entrée du journal ne correspond à ces critères.")).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("says when the journal is empty", async () => {
    api(page([]));
    renderPage(<AuditLogPage />, { me: managerMe, url: "/direction/journal" });
    expect(await screen.findByText("Le journal d'accès est vide pour l'instant.")).toBeTruthy();
  });

  it("shows a refusal of the API (403) in French", async () => {
    api(new Reply(403, { code: "permission_denied", message: "Réservé à la direction de la structure." }));
    renderPage(<AuditLogPage />, { me: managerMe, url: "/direction/journal" });
    expect(await screen.findByText("Le journal n'a pas pu être chargé")).toBeTruthy();
    expect(screen.getByText("Réservé à la direction de la structure.")).toBeTruthy();
  });

  it("is for managers only", () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    renderPage(<AuditLogPage />, { me: counsellorMe, url: "/direction/journal" });
    expect(location()).toBe("/accueil");
    expect(fetch).not.toHaveBeenCalled();
  });
});
