// The typed API client (openapi-fetch over the generated schema): same-origin session cookie,
// CSRF header on every write, and one hook for "the session has expired" (any 401).
import createClient, { type Middleware } from "openapi-fetch";
import { ApiError, problemFromFailure, problemFromResponse } from "./errors";
import { readCookie } from "./cookies";
import type { paths } from "./schema";

const CSRF_COOKIE = "csrftoken";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

let unauthorizedHandler: (() => void) | null = null;

/** Called on every 401 answer (the app sends the user to the login page). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

async function ensureCsrfCookie(): Promise<string | null> {
  const current = readCookie(CSRF_COOKIE);
  if (current) return current;
  await globalThis.fetch(`${window.location.origin}/api/v1/auth/csrf/`, { credentials: "same-origin" });
  return readCookie(CSRF_COOKIE);
}

const sessionMiddleware: Middleware = {
  async onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return request;
    const token = await ensureCsrfCookie();
    if (token) request.headers.set("X-CSRFToken", token);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) unauthorizedHandler?.();
    return response;
  },
};

export const api = createClient<paths>({
  // Same origin; absolute because Request() needs it outside a browser page (unit tests).
  baseUrl: typeof window === "undefined" ? "" : window.location.origin,
  credentials: "same-origin",
  // Looked up at each call, so that tests can replace fetch.
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(sessionMiddleware);

/**
 * POSTs a multipart form (a file upload) with the session cookie and the CSRF header, like the
 * typed client, and gives back the status and the parsed JSON body (null if none): the caller
 * decides which statuses carry a usable body. A network failure throws an ApiError.
 */
export async function postForm(path: `/api/v1/${string}`, form: FormData): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    const token = await ensureCsrfCookie();
    response = await globalThis.fetch(`${typeof window === "undefined" ? "" : window.location.origin}${path}`, {
      method: "POST",
      body: form, // the browser writes the multipart boundary
      credentials: "same-origin",
      headers: token ? { "X-CSRFToken": token, Accept: "application/json" } : { Accept: "application/json" },
    });
  } catch (error) {
    throw new ApiError(problemFromFailure(error));
  }
  if (response.status === 401) unauthorizedHandler?.();
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return { status: response.status, body };
}

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError (also for network failures). */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    throw new ApiError(problemFromFailure(error));
  }
  if (!result.response.ok) {
    throw new ApiError(problemFromResponse(result.response.status, result.error));
  }
  return result.data as T;
}
