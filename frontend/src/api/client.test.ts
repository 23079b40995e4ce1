// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api, postForm, setUnauthorizedHandler, unwrap } from "./client";
import { ApiError, NETWORK_MESSAGE } from "./errors";

function clearCookies() {
  for (const cookie of document.cookie.split(";")) {
    const name = cookie.split("=")[0].trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("api client", () => {
  const fetchMock = vi.fn<(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>>();

  beforeEach(() => {
    clearCookies();
    fetchMock.mockReset();
    vi.stubGlobal("fetch", fetchMock);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setUnauthorizedHandler(null);
    clearCookies();
  });

  it("sends the CSRF cookie's current value as X-CSRFToken on writes, not on reads", async () => {
    document.cookie = "csrftoken=first";
    fetchMock.mockImplementation(async () => new Response(null, { status: 204 }));
    await unwrap(api.POST("/api/v1/auth/logout/"));
    document.cookie = "csrftoken=rotated"; // Django rotates the token at login
    await unwrap(api.POST("/api/v1/auth/logout/"));
    await unwrap(api.GET("/api/v1/me/"));

    const headers = fetchMock.mock.calls.map(([request]) => (request as Request).headers.get("X-CSRFToken"));
    expect(headers).toEqual(["first", "rotated", null]);
  });

  it("asks the server for a CSRF cookie before a write when there is none", async () => {
    fetchMock.mockImplementation(async (input) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith("/api/v1/auth/csrf/")) {
        document.cookie = "csrftoken=fresh";
        return json(200, { csrf_token: "fresh" });
      }
      return json(200, { id: 1, email: "cip1@rhone.demo", memberships: [] });
    });
    await unwrap(api.POST("/api/v1/auth/login/", { body: { email: "cip1@rhone.demo", password: "x" } }));
    expect(String(fetchMock.mock.calls[0][0])).toMatch(/\/api\/v1\/auth\/csrf\/$/);
    expect((fetchMock.mock.calls[1][0] as Request).headers.get("X-CSRFToken")).toBe("fresh");
  });

  it("calls the unauthorized handler on a 401 and throws an ApiError", async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    fetchMock.mockResolvedValue(json(401, { code: "not_authenticated", message: "Non authentifié." }));
    const error = await unwrap(api.GET("/api/v1/me/")).catch((caught: unknown) => caught);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
  });

  it("turns an HTML 500 and a network failure into ApiErrors with French messages", async () => {
    fetchMock.mockResolvedValueOnce(new Response("<h1>Server Error (500)</h1>", { status: 500 }));
    const serverError = await unwrap(api.GET("/api/v1/programmes/")).catch((caught: unknown) => caught);
    expect((serverError as ApiError).problem).toMatchObject({ status: 500, message: expect.stringContaining("500") });

    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    const networkError = await unwrap(api.GET("/api/v1/programmes/")).catch((caught: unknown) => caught);
    expect((networkError as ApiError).problem).toMatchObject({ status: 0, message: NETWORK_MESSAGE });
  });

  it("sends repeated phase parameters for the caseload filters", async () => {
    fetchMock.mockResolvedValue(json(200, { count: 0, results: [] }));
    await unwrap(api.GET("/api/v1/parcours/", { params: { query: { phase: ["entry", "exited"], page: 2 } } }));
    const url = new URL((fetchMock.mock.calls[0][0] as Request).url);
    expect(url.pathname).toBe("/api/v1/parcours/");
    expect(url.searchParams.getAll("phase")).toEqual(["entry", "exited"]);
    expect(url.searchParams.get("page")).toBe("2");
  });

  it("posts a form (a file upload) with the CSRF header and gives back any status with its body", async () => {
    document.cookie = "csrftoken=tok";
    fetchMock.mockImplementation(async () => json(400, { code: "import_invalid", rows: [] }));
    const form = new FormData();
    form.append("dry_run", "true");
    const result = await postForm("/api/v1/parcours-imports/", form);
    expect(result).toEqual({ status: 400, body: { code: "import_invalid", rows: [] } });
    const [url, init] = fetchMock.mock.calls[0];
    expect(new URL(String(url)).pathname).toBe("/api/v1/parcours-imports/");
    expect(init).toMatchObject({ method: "POST", body: form, headers: { "X-CSRFToken": "tok" } });
  });

  it("reports a 401 on a form post and turns a network failure into an ApiError", async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    document.cookie = "csrftoken=tok";
    fetchMock.mockImplementationOnce(async () => json(401, { code: "not_authenticated", message: "Non connecté." }));
    expect((await postForm("/api/v1/parcours-imports/", new FormData())).status).toBe(401);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    fetchMock.mockImplementationOnce(async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(postForm("/api/v1/parcours-imports/", new FormData())).rejects.toMatchObject({ message: NETWORK_MESSAGE });
  });
});
