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
