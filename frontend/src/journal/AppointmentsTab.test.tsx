// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import { AppointmentsTab } from "./AppointmentsTab";
import { renderJournal } from "./render";
import { appointment, journalFetch, page, parcours, Reply } from "./testData";

const appointments = [
  appointment({ id: 73, starts_at: "2026-07-08T09:00:00+02:00", kind: "partner", kind_label: "Rendez-vous partenaire" }),
  appointment({ id: 72, starts_at: "2026-07-02T14:00:00+02:00" }),
  appointment({ id: 71, starts_at: "2026-06-15T14:00:00+02:00" }),
  appointment({
    id: 70,
    starts_at: "2026-06-20T10:00:00+02:00",
    kind: "call",
    kind_label: "Rendez-vous téléphonique",
    attendance: "seen",
    attendance_label: "Venu·e",
  }),
];

describe("AppointmentsTab", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    // 1 July 2026, 12:00 in Paris.
    vi.setSystemTime(new Date("2026-07-01T10:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("splits upcoming (soonest first) and past appointments (latest first); attendance only on past ones", async () => {
    const stub = journalFetch({ "GET /api/v1/appointments/": page(appointments) });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<AppointmentsTab parcours={parcours} />);
    const upcoming = await screen.findByRole("region", { name: "À venir" });
    const past = screen.getByRole("region", { name: "Passés" });
    const next = within(upcoming).getAllByRole("listitem");
    expect(next.map((item) => item.textContent)).toEqual([
      expect.stringContaining("02/07/2026 14:00"),
      expect.stringContaining("08/07/2026 09:00"),
    ]);
    expect(within(upcoming).queryByRole("group")).toBeNull();

    const done = within(past).getAllByRole("listitem");
    expect(done[0].textContent).toContain("Rendez-vous téléphonique du 20/06/2026 10:00");
    expect(within(done[0]).getByRole("button", { name: "Venu·e", pressed: true })).toBeTruthy();
    expect(done[1].textContent).toContain("Présence non renseignée");
    const group = within(done[1]).getByRole("group", { name: "Présence : Entretien individuel du 15/06/2026 14:00" });
    expect(within(group).getAllByRole("button").map((button) => button.textContent)).toEqual([
      "Venu·e",
      "Excusé·e",
      "Absent·e",
    ]);
  });

  it("records attendance with the version; a stale one is read again", async () => {
    let patches = 0;
    const stub = journalFetch({
      "GET /api/v1/appointments/": page([appointment()]),
      "PATCH /api/v1/appointments/71/": () => {
        patches += 1;
        return patches === 1
          ? new Reply(409, { code: "stale_write", message: "Modifié entre-temps.", current_version: 2 })
          : appointment({ attendance: "no_show", attendance_label: "Absent·e sans prévenir", version: 3 });
      },
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<AppointmentsTab parcours={parcours} />);
    const past = await screen.findByRole("region", { name: "Passés" });
    fireEvent.click(within(past).getByRole("button", { name: "Absent·e" }));
    expect(await within(past).findByText("Ce rendez-vous a été modifié entre-temps : il a été rechargé.")).toBeTruthy();
    fireEvent.click(within(past).getByRole("button", { name: "Absent·e" }));
    expect(await screen.findByText("Présence enregistrée : Absent·e sans prévenir.")).toBeTruthy();
    expect(stub.writes().map((call) => call.body)).toEqual([
      { version: 1, attendance: "no_show" },
      { version: 1, attendance: "no_show" },
    ]);
  });

  it("adds an appointment, its time sent without an offset", async () => {
    const stub = journalFetch({
      "GET /api/v1/appointments/": page([]),
      "POST /api/v1/appointments/": appointment({ id: 74, starts_at: "2026-11-28T10:30:00+01:00" }),
    });
    vi.stubGlobal("fetch", vi.fn(stub.fetch));
    renderJournal(<AppointmentsTab parcours={parcours} />);
    expect(await screen.findByText("Aucun rendez-vous à venir.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Ajouter un rendez-vous" }));
    const dialog = screen.getByRole("dialog", { name: "Ajouter un rendez-vous" });
    fireEvent.change(within(dialog).getByLabelText(/Date et heure/), { target: { value: "2026-11-28T10:30" } });
    fireEvent.change(within(dialog).getByLabelText("Lieu"), { target: { value: "Agence" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Ajouter" }));
    expect(await screen.findByText("Rendez-vous ajouté : Entretien individuel le 28/11/2026 10:30.")).toBeTruthy();
    expect(stub.writes()[0].body).toEqual({ parcours: 7, kind: "interview", place: "Agence", starts_at: "2026-11-28T10:30" });
  });
});
