// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import type { AttendanceRow, AttendanceSheet, TrainingSession } from "../api/types";
import { renderWithProviders } from "../test/render";
import { SessionPage } from "./SessionPage";
import { enrolment, option, trainingSession } from "./testData";

const TODAY = "2026-11-28";

const LEA = enrolment({
  id: 21,
  person: { first_name: "Léa", last_name: "Roux" },
  state: "accepted",
  state_label: "Acceptée",
  available_transitions: [option("attend", "Présent·e : entrée en formation"), option("drop", "Abandon")],
});
const JULES = enrolment({
  id: 22,
  person: { first_name: "Jules", last_name: "Petit" },
  state: "attending",
  state_label: "En formation",
  available_transitions: [option("complete", "Saisir le résultat"), option("drop", "Abandon")],
});
const MARC = enrolment({
  id: 23,
  person: { first_name: "Marc", last_name: "Durand" },
  state: "dropped",
  state_label: "Abandon",
  available_transitions: [],
});

function row(from: typeof LEA, status: AttendanceRow["status"] = null): AttendanceRow {
  return {
    enrolment: from.id,
    person: from.person,
    state: from.state,
    editable: from.state === "accepted" || from.state === "attending",
    status,
  };
}

function sheetOf(date: string, rows: AttendanceRow[], editable = true): AttendanceSheet {
  return { session: 11, date, editable, rows };
}

interface Call {
  method: string;
  url: URL;
  body: unknown;
}

/** The session page's API: the session, its enrolments, and the attendance sheet by day. */
function sessionApi({
  session = trainingSession(),
  sheets,
  put,
}: {
  session?: TrainingSession;
  sheets: (date: string | null) => AttendanceSheet;
  put?: (body: { date: string; records: { enrolment: number; status: string }[] }) => Response;
}) {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: Request | string) => {
      // The CSRF cookie is fetched by URL before a write.
      const request = typeof input === "string" ? new Request(new URL(input, "http://localhost")) : input;
      const url = new URL(request.url);
      const body = request.method === "PUT" ? await request.json() : null;
      calls.push({ method: request.method, url, body });
      if (url.pathname === "/api/v1/training-sessions/11/") return Response.json(session);
      if (url.pathname === "/api/v1/enrolments/") return Response.json({ count: 3, next: null, results: [LEA, JULES, MARC] });
      if (url.pathname === "/api/v1/training-sessions/11/attendance/") {
        if (request.method === "PUT") return put!(body);
        return Response.json(sheets(url.searchParams.get("date")));
      }
      return Response.json({ code: "not_found", message: "Introuvable." }, { status: 404 });
    }),
  );
  return calls;
}

function renderSession() {
  return renderWithProviders(
    <MemoryRouter initialEntries={["/sessions/11"]}>
      <Routes>
        <Route path="/sessions/:id" element={<SessionPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe("Attendance sheet", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("opens on today's sheet, marks everyone present and saves the day", async () => {
    let saved = false;
    const calls = sessionApi({
      sheets: () =>
        sheetOf(
          TODAY,
          saved
            ? [row(MARC, "present"), row(JULES, "present"), row(LEA, "present")]
            : [row(MARC, "present"), row(JULES, "absent"), row(LEA)],
        ),
      put: (body) => {
        saved = true;
        return Response.json(sheetOf(body.date, [row(MARC, "present"), row(JULES, "present"), row(LEA, "present")]));
      },
    });
    renderSession();
    const section = await screen.findByRole("region", { name: "Feuille de présence" });
    const day = (await within(section).findByLabelText(/Jour de la feuille/)) as HTMLInputElement;
    expect(day.value).toBe(TODAY);
    expect(day.min).toBe("2026-09-07");
    expect(day.max).toBe(TODAY);

    const lea = await within(section).findByRole("article", { name: "Léa Roux" });
    expect(within(lea).getByText("Non saisi")).toBeTruthy();
    const leaPresent = within(lea).getByRole("radio", { name: "Présent·e" }) as HTMLInputElement;
    expect(leaPresent.checked).toBe(false);
    // Dropping stays on the accepted person's line; the old button is gone.
    expect(within(lea).getByRole("button", { name: "Abandon" })).toBeTruthy();
    expect(within(section).queryByRole("button", { name: /entrée en formation/ })).toBeNull();

    const jules = within(section).getByRole("article", { name: "Jules Petit" });
    expect((within(jules).getByRole("radio", { name: "Absent·e" }) as HTMLInputElement).checked).toBe(true);
    // Someone since dropped, with a line that day: shown, not editable.
    const marc = within(section).getByRole("article", { name: "Marc Durand" });
    expect(within(marc).queryByRole("radio")).toBeNull();
    expect(within(marc).getByText("Présent·e")).toBeTruthy();

    fireEvent.click(within(section).getByRole("button", { name: "Tous présents" }));
    expect(leaPresent.checked).toBe(true);
    expect((within(jules).getByRole("radio", { name: "Présent·e" }) as HTMLInputElement).checked).toBe(true);
    const enrolmentReads = calls.filter((call) => call.url.pathname === "/api/v1/enrolments/").length;

    fireEvent.click(within(section).getByRole("button", { name: "Enregistrer la feuille" }));
    expect(
      await screen.findByText("Feuille de présence du 28/11/2026 enregistrée : 2 personnes."),
    ).toBeTruthy();
    const put = calls.find((call) => call.method === "PUT");
    expect(put?.body).toEqual({
      date: TODAY,
      records: [
        { enrolment: 22, status: "present" },
        { enrolment: 21, status: "present" },
      ],
    });
    // Present is Léa's entry into training: the enrolments are read again.
    await waitFor(() =>
      expect(calls.filter((call) => call.url.pathname === "/api/v1/enrolments/").length).toBeGreaterThan(
        enrolmentReads,
      ),
    );
  });

  it("reads another day's sheet, and the last day's once the session is over", async () => {
    const calls = sessionApi({
      session: trainingSession({ start_date: "2026-09-07", end_date: "2026-11-20" }),
      sheets: (date) => sheetOf(date ?? TODAY, date ? [row(JULES, date === "2026-11-20" ? "excused" : null)] : []),
    });
    renderSession();
    const section = await screen.findByRole("region", { name: "Feuille de présence" });
    const day = (await within(section).findByLabelText(/Jour de la feuille/)) as HTMLInputElement;
    expect(day.value).toBe("2026-11-20");
    expect(day.max).toBe("2026-11-20");
    const jules = await within(section).findByRole("article", { name: "Jules Petit" });
    expect((within(jules).getByRole("radio", { name: "Excusé·e" }) as HTMLInputElement).checked).toBe(true);

    fireEvent.change(day, { target: { value: "2026-10-05" } });
    await waitFor(() => expect(within(section).getByText("Non saisi")).toBeTruthy());
    const dates = calls
      .filter((call) => call.url.pathname.endsWith("/attendance/"))
      .map((call) => call.url.searchParams.get("date"));
    expect(dates).toEqual([null, "2026-11-20", "2026-10-05"]);
  });

  it("shows the server's refusal and saves nothing unticked", async () => {
    const calls = sessionApi({
      sheets: () => sheetOf(TODAY, [row(JULES), row(LEA)]),
      put: () =>
        Response.json(
          {
            code: "not_on_attendance_sheet",
            message: "Inscription(s) absente(s) de cette feuille (pas acceptée ou pas en formation) : 21.",
            errors: { records: ["Inscription(s) absente(s) de cette feuille (pas acceptée ou pas en formation) : 21."] },
          },
          { status: 400 },
        ),
    });
    renderSession();
    const section = await screen.findByRole("region", { name: "Feuille de présence" });
    await within(section).findByRole("article", { name: "Léa Roux" });

    fireEvent.click(within(section).getByRole("button", { name: "Enregistrer la feuille" }));
    expect(within(section).getByRole("alert").textContent).toBe(
      "Indiquez la présence d'au moins une personne avant d'enregistrer.",
    );
    expect(calls.some((call) => call.method === "PUT")).toBe(false);

    const lea = within(section).getByRole("article", { name: "Léa Roux" });
    fireEvent.click(within(lea).getByRole("radio", { name: "Absent·e" }));
    fireEvent.click(within(section).getByRole("button", { name: "Enregistrer la feuille" }));
    expect(await within(section).findByText("La feuille de présence n'a pas été enregistrée")).toBeTruthy();
    expect(within(section).getByText(/absente\(s\) de cette feuille .* : 21\./)).toBeTruthy();
    expect(calls.find((call) => call.method === "PUT")?.body).toEqual({
      date: TODAY,
      records: [{ enrolment: 21, status: "absent" }],
    });
  });

  it("says when the sheet opens, before the session starts", async () => {
    sessionApi({
      session: trainingSession({ start_date: "2027-01-04", end_date: "2027-06-30" }),
      sheets: () => sheetOf(TODAY, [row(LEA)], false),
    });
    renderSession();
    const section = await screen.findByRole("region", { name: "Feuille de présence" });
    expect(await within(section).findByText("La feuille de présence s'ouvre le 04/01/2027.")).toBeTruthy();
    expect(within(section).queryByLabelText(/Jour de la feuille/)).toBeNull();
    expect(within(section).queryByRole("radio")).toBeNull();
    // The accepted people are listed, each with the drop action.
    const lea = within(section).getByRole("article", { name: "Léa Roux" });
    expect(within(lea).getByRole("button", { name: "Abandon" })).toBeTruthy();
  });
});
