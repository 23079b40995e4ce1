// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { Me } from "../api/types";
import { counsellorMe, managerMe } from "../alerts/testData";
import { Reply, journalFetch, type Call } from "../journal/testData";
import { renderPage } from "../test/renderPage";
import { NotificationPreferencesPage } from "./NotificationPreferencesPage";
import { PREFERENCE_KIND_ORDER, type Preferences } from "./preferences";

const PATH = "/api/v1/notifications/preferences/";
const DIGEST = "Récapitulatif quotidien des alertes";

const employerMe = {
  ...counsellorMe,
  memberships: [{ organisation: 3, organisation_name: "EHPAD Les Tilleuls", organisation_kind: "employer", role: "employer_contact" }],
} as Me;

function stored(): Preferences {
  const preferences = Object.fromEntries(PREFERENCE_KIND_ORDER.map((kind) => [kind, { email: true, in_app: true }]));
  return { ...preferences, placement_declined: { email: false, in_app: true } } as Preferences;
}

/** The API: GET gives the stored preferences; PATCH merges its body into them (or gives `failure`). */
function api(failure?: Reply) {
  const preferences = stored();
  const patch = (call: Call) => {
    if (failure) return failure;
    for (const [kind, channels] of Object.entries(call.body as Record<string, object>)) {
      Object.assign(preferences[kind as keyof Preferences] as object, channels);
    }
    return preferences;
  };
  const stub = journalFetch({ [`GET ${PATH}`]: () => preferences, [`PATCH ${PATH}`]: patch });
  vi.stubGlobal("fetch", vi.fn(stub.fetch));
  return stub;
}

const group = (name: string) => screen.findByRole("group", { name });
const channel = (fieldset: HTMLElement, name: "Par e-mail" | "Dans l'application") =>
  within(fieldset).getByRole("switch", { name }) as HTMLInputElement;

describe("NotificationPreferencesPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists a counsellor's kinds, the daily digest first, each with its two channels", async () => {
    api();
    renderPage(<NotificationPreferencesPage />, { me: counsellorMe, url: "/mes-notifications" });
    expect(screen.getByRole("heading", { level: 1, name: "Mes notifications" })).toBeTruthy();
    const digest = await group(DIGEST);
    const legends = [...document.querySelectorAll("legend")].map((legend) => legend.textContent);
    expect(legends).toEqual([
      DIGEST,
      "Mise en situation confirmée",
      "Mise en situation déclinée",
      "Inscription en formation acceptée",
      "Inscription en formation refusée",
      "VAE recevable sans réponse du certificateur",
    ]);
    expect(channel(digest, "Par e-mail").checked).toBe(true);
    expect(channel(digest, "Dans l'application").checked).toBe(true);
    const declined = await group("Mise en situation déclinée");
    expect(channel(declined, "Par e-mail").checked).toBe(false);
    expect(channel(declined, "Dans l'application").checked).toBe(true);
    expect(digest.getAttribute("aria-describedby")).toBeTruthy();
    expect(document.getElementById(digest.getAttribute("aria-describedby") as string)?.textContent).toBe(
      "Chaque jour, les nouvelles alertes des parcours que vous suivez.",
    );
  });

  it("switches the digest's e-mail off at once and says it is saved", async () => {
    const stub = api();
    renderPage(<NotificationPreferencesPage />, { me: counsellorMe, url: "/mes-notifications" });
    const digest = await group(DIGEST);
    fireEvent.click(channel(digest, "Par e-mail"));
    await waitFor(() => expect(channel(digest, "Par e-mail").checked).toBe(false));
    expect(
      await within(digest).findByText(
        "Enregistré. Vous ne recevrez plus « Récapitulatif quotidien des alertes » par e-mail.",
      ),
    ).toBeTruthy();
    expect(stub.writes()).toEqual([expect.objectContaining({ method: "PATCH", path: PATH, body: { alert_digest: { email: false } } })]);
    expect(channel(digest, "Par e-mail").checked).toBe(false);
    expect(channel(digest, "Dans l'application").checked).toBe(true);

    fireEvent.click(channel(digest, "Dans l'application"));
    expect(
      await within(digest).findByText(
        "Enregistré. Vous ne recevrez plus « Récapitulatif quotidien des alertes » dans l'application.",
      ),
    ).toBeTruthy();
    expect(stub.writes().map((call) => call.body)).toEqual([
      { alert_digest: { email: false } },
      { alert_digest: { in_app: false } },
    ]);
    expect(channel(digest, "Par e-mail").checked).toBe(false);
  });

  it("puts the switch back and shows the server's message in French when the save fails", async () => {
    const stub = api(new Reply(400, { code: "invalid", message: "Certaines informations sont invalides." }));
    renderPage(<NotificationPreferencesPage />, { me: counsellorMe, url: "/mes-notifications" });
    const digest = await group(DIGEST);
    fireEvent.click(channel(digest, "Par e-mail"));
    const alert = await within(digest).findByRole("alert");
    expect(within(alert).getByText("Votre choix n'a pas été enregistré")).toBeTruthy();
    expect(within(alert).getByText("Certaines informations sont invalides.")).toBeTruthy();
    expect(alert.textContent).toContain("« Par e-mail » est revenu à son état précédent (activé).");
    expect(channel(digest, "Par e-mail").checked).toBe(true);

    fireEvent.click(within(alert).getByRole("button", { name: "Réessayer" }));
    await waitFor(() => expect(stub.writes()).toHaveLength(2));
    expect(stub.writes()[1].body).toEqual({ alert_digest: { email: false } });
  });

  it("says when the server cannot be reached", async () => {
    api();
    renderPage(<NotificationPreferencesPage />, { me: counsellorMe, url: "/mes-notifications" });
    const digest = await group(DIGEST);
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    fireEvent.click(channel(digest, "Dans l'application"));
    const alert = await within(digest).findByRole("alert");
    expect(alert.textContent).toContain("Impossible de joindre le serveur.");
    expect(channel(digest, "Dans l'application").checked).toBe(true);
  });

  it("shows an employer contact only the proposals of placements", async () => {
    api();
    renderPage(<NotificationPreferencesPage />, { me: employerMe, url: "/mes-notifications" });
    await group("Mise en situation proposée");
    expect(screen.getAllByRole("group")).toHaveLength(1);
    expect(screen.queryByRole("group", { name: DIGEST })).toBeNull();
  });

  it("says so when the user's roles receive no notification", async () => {
    api();
    renderPage(<NotificationPreferencesPage />, { me: managerMe, url: "/mes-notifications" });
    expect(await screen.findByText("Aucune notification n'est envoyée aux personnes de votre rôle pour l'instant.")).toBeTruthy();
    expect(screen.queryByRole("switch")).toBeNull();
  });

  it("says when the preferences cannot be loaded", async () => {
    const stub = journalFetch({ [`GET ${PATH}`]: new Reply(500, {}) });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderPage(<NotificationPreferencesPage />, { me: counsellorMe, url: "/mes-notifications" });
    expect(await screen.findByText("Vos préférences n'ont pas pu être chargées")).toBeTruthy();
    expect(screen.getByText("Erreur du serveur (500). Réessayez dans quelques instants.")).toBeTruthy();
  });
});
