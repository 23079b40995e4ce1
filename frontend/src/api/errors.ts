// Turns whatever an API call produced (a JSON error body, an HTML error page, a network failure)
// into one shape the screens can display: a message, the errors of each field, and the reasons.

export interface ApiProblem {
  /** HTTP status, or 0 when the server could not be reached. */
  status: number;
  /** The server's stable error code ("invalid", "stale_write"...), or a local one. */
  code: string;
  message: string;
  fieldErrors: Record<string, string[]>;
  reasons: string[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ApiProblem;

  constructor(problem: ApiProblem) {
    super(problem.message);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
  }
}

export const NETWORK_MESSAGE =
  "Impossible de joindre le serveur. Vérifiez votre connexion, puis réessayez.";
export const THROTTLED_MESSAGE = "Trop de tentatives. Patientez une minute avant de réessayer.";

function fallbackMessage(status: number): string {
  if (status === 400) return "Certaines informations sont invalides.";
  if (status === 401) return "Votre session a expiré. Reconnectez-vous.";
  if (status === 403) return "Vous n'avez pas le droit de faire cette action.";
  if (status === 404) return "Introuvable.";
  if (status === 409) return "Les données ont changé entre-temps. Rechargez la page.";
  if (status >= 500) return `Erreur du serveur (${status}). Réessayez dans quelques instants.`;
  return `Erreur inattendue (${status}).`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function messagesOf(value: unknown): string[] {
  if (typeof value === "string") return value ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(messagesOf);
  if (isRecord(value)) return Object.values(value).flatMap(messagesOf);
  return [];
}

function fieldErrorsOf(value: unknown): Record<string, string[]> {
  if (!isRecord(value)) return {};
  const result: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(value)) {
    const list = messagesOf(messages);
    if (list.length > 0) result[field] = list;
  }
  return result;
}

function reasonsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((reason) => {
    if (typeof reason === "string") return [reason];
    if (isRecord(reason) && typeof reason.message === "string") return [reason.message];
    return [];
  });
}

/** The problem described by an HTTP error response (its body already parsed, or its raw text). */
export function problemFromResponse(status: number, body: unknown): ApiProblem {
  const fieldErrors = isRecord(body) ? fieldErrorsOf(body.errors) : {};
  const reasons = isRecord(body) ? reasonsOf(body.reasons) : [];
  const serverMessage = isRecord(body) && typeof body.message === "string" ? body.message.trim() : "";
  const serverCode = isRecord(body) && typeof body.code === "string" ? body.code : "";
  let message = serverMessage || fallbackMessage(status);
  // DRF's throttling text is technical ("Requête ralentie..."): say it plainly. A login lockout
  // (code "locked_out") already says in French how long it lasts: keep it.
  if (status === 429 && !(serverCode === "locked_out" && serverMessage)) message = THROTTLED_MESSAGE;
  return {
    status,
    code: serverCode || (status === 429 ? "throttled" : `http_${status}`),
    message,
    fieldErrors,
    reasons,
  };
}

/** The problem when no usable response came back (network down, CORS, invalid JSON...). */
export function problemFromFailure(error: unknown): ApiProblem {
  if (error instanceof ApiError) return error.problem;
  return { status: 0, code: "network_error", message: NETWORK_MESSAGE, fieldErrors: {}, reasons: [] };
}

/** Any thrown value -> a problem (components receive `unknown` errors from TanStack Query). */
export function toProblem(error: unknown): ApiProblem {
  return problemFromFailure(error);
}

/** Messages that no field of the form displays (non_field_errors and unknown fields). */
export function otherFieldMessages(problem: ApiProblem, shownFields: readonly string[]): string[] {
  return Object.entries(problem.fieldErrors)
    .filter(([field]) => !shownFields.includes(field))
    .flatMap(([, messages]) => messages);
}

/** True for 4xx answers: asking again gives the same answer, so queries do not retry them. */
export function isClientError(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}
