// Sample journal objects and a fetch stub that answers by method and path and records the writes.
import type { Appointment, Barrier, FollowUp, JournalAction, Me, Parcours } from "../api/types";

export const parcours = {
  id: 7,
  phase: "entry",
  structure: { id: 1, name: "GES Rhône Solidaire", kind: "structure", time_zone: "Europe/Paris" },
} as unknown as Parcours;

export const me = {
  id: 5,
  email: "cip1@rhone.demo",
  first_name: "Claire",
  last_name: "Martin",
  memberships: [{ organisation: 1, organisation_name: "GES Rhône Solidaire", organisation_kind: "structure", role: "counsellor" }],
} as unknown as Me;

const claire = { id: 5, full_name: "Claire Martin", email: "cip1@rhone.demo" };
const stamps = { created_by: claire, created_at: "2026-06-01T10:00:00+02:00", updated_at: "2026-06-01T10:00:00+02:00" };

export function followUp(overrides: Partial<FollowUp> = {}): FollowUp {
  return {
    id: 41,
    parcours: 7,
    ...stamps,
    version: 1,
    kind: "interview",
    kind_label: "Entretien individuel",
    occurred_at: "2026-06-10T09:30:00+02:00",
    duration_minutes: 45,
    note: "Point sur la recherche de logement.",
    ...overrides,
  };
}

export function barrier(overrides: Partial<Barrier> = {}): Barrier {
  return {
    id: 51,
    parcours: 7,
    ...stamps,
    version: 2,
    type: "mobilite",
    type_label: "Mobilité : pas de permis",
    status: "identified",
    status_label: "Identifié",
    support: "external",
    support_label: "Externe (un partenaire)",
    support_by: "Auto-école sociale",
    identified_on: "2026-05-20",
    resolved_on: null,
    ...overrides,
  };
}

export function action(overrides: Partial<JournalAction> = {}): JournalAction {
  return {
    id: 61,
    parcours: 7,
    ...stamps,
    version: 3,
    title: "Inscrire au code de la route",
    status: "planned",
    status_label: "Prévue",
    due_date: "2026-06-30",
    owner: 5,
    owner_detail: claire,
    barrier: null,
    ...overrides,
  };
}

export function appointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    id: 71,
    parcours: 7,
    ...stamps,
    version: 1,
    kind: "interview",
    kind_label: "Entretien individuel",
    starts_at: "2026-06-15T14:00:00+02:00",
    place: "Agence de Vénissieux",
    attendance: "",
    attendance_label: "",
    ...overrides,
  } as Appointment;
}

export const page = (results: unknown[], next: string | null = null, count = results.length) => ({
  count,
  next,
  previous: null,
  results,
});

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Answer = unknown | ((call: Call) => unknown);

/** A JSON answer with a status (an error body, for instance). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** A fetch stub: routes keyed "METHOD /path" (the longest prefix wins); every call is recorded. */
export function journalFetch(routes: Record<string, Answer>) {
  const calls: Call[] = [];
  const fetch = async (request: Request | string) => {
    const req = typeof request === "string" ? new Request(new URL(request, "http://localhost")) : request;
    const url = new URL(req.url, "http://localhost");
    const text = req.method === "GET" ? "" : await req.text();
    const call: Call = { method: req.method, path: url.pathname, query: url.searchParams, body: text ? JSON.parse(text) : null };
    calls.push(call);
    const key = Object.keys(routes)
      .filter((route) => {
        const [method, path] = route.split(" ");
        return method === req.method && url.pathname.startsWith(path);
      })
      .sort((a, b) => b.length - a.length)[0];
    if (!key) return new Response(JSON.stringify({ code: "not_found", message: "Introuvable." }), { status: 404 });
    const route = routes[key];
    const answer = typeof route === "function" ? (route as (call: Call) => unknown)(call) : route;
    const reply = answer instanceof Reply ? answer : new Reply(req.method === "POST" ? 201 : 200, answer);
    return new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: { "Content-Type": "application/json" },
    });
  };
  return { fetch, calls, writes: () => calls.filter((call) => call.method !== "GET") };
}
