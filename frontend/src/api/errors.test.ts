import { describe, expect, it } from "vitest";
import {
  ApiError,
  NETWORK_MESSAGE,
  THROTTLED_MESSAGE,
  isClientError,
  otherFieldMessages,
  problemFromFailure,
  problemFromResponse,
  toProblem,
} from "./errors";

describe("problemFromResponse", () => {
  it("keeps the message and the field errors of a 400", () => {
    const problem = problemFromResponse(400, {
      code: "invalid",
      message: "Ce champ est obligatoire.",
      errors: { exit_reason: ["Ce champ est obligatoire."], exit_date: ["Date invalide.", "Trop tôt."] },
    });
    expect(problem).toEqual({
      status: 400,
      code: "invalid",
      message: "Ce champ est obligatoire.",
      fieldErrors: { exit_reason: ["Ce champ est obligatoire."], exit_date: ["Date invalide.", "Trop tôt."] },
      reasons: [],
    });
  });

  it("flattens nested or single-string field errors and drops empty ones", () => {
    const problem = problemFromResponse(400, {
      code: "invalid",
      message: "x",
      errors: { address: { city: ["Commune inconnue."] }, email: "Adresse invalide.", phone: [] },
    });
    expect(problem.fieldErrors).toEqual({ address: ["Commune inconnue."], email: ["Adresse invalide."] });
  });

  it("keeps non_field_errors (bad credentials at login) as field errors of their own", () => {
    const problem = problemFromResponse(400, {
      code: "invalid",
      message: "E-mail ou mot de passe incorrect.",
      errors: { non_field_errors: ["E-mail ou mot de passe incorrect."] },
    });
    expect(problem.message).toBe("E-mail ou mot de passe incorrect.");
    expect(otherFieldMessages(problem, ["email", "password"])).toEqual(["E-mail ou mot de passe incorrect."]);
  });

  it("reads the reasons of a 409 transition conflict", () => {
    const problem = problemFromResponse(409, {
      code: "transition_not_allowed",
      message: "Transition impossible maintenant.",
      transition: "exit",
      reasons: [
        { code: "not_allowed_for_user", message: "Seuls les référents peuvent changer sa phase." },
        { code: "guard", message: "Aucun motif de sortie." },
      ],
      available_transitions: [],
    });
    expect(problem.status).toBe(409);
    expect(problem.code).toBe("transition_not_allowed");
    expect(problem.message).toBe("Transition impossible maintenant.");
    expect(problem.reasons).toEqual(["Seuls les référents peuvent changer sa phase.", "Aucun motif de sortie."]);
  });

  it("keeps the code of a stale write", () => {
    const problem = problemFromResponse(409, {
      code: "stale_write",
      message: "Cette fiche a été modifiée entre-temps.",
      current_version: 4,
    });
    expect(problem.code).toBe("stale_write");
    expect(problem.reasons).toEqual([]);
  });

  it("gives the server's message for a 404", () => {
    expect(problemFromResponse(404, { code: "not_found", message: "Introuvable." })).toMatchObject({
      status: 404,
      code: "not_found",
      message: "Introuvable.",
    });
  });

  it("says plainly to wait on a 429, whatever the server wrote", () => {
    const problem = problemFromResponse(429, { code: "throttled", message: "Requête ralentie. Expected available in 59 seconds." });
    expect(problem.message).toBe(THROTTLED_MESSAGE);
    expect(problem.code).toBe("throttled");
  });

  it("keeps the lockout's own message, which says how long it lasts", () => {
    const message = "Trop de tentatives de connexion échouées. Réessayez dans 15 minutes ou contactez votre administrateur.";
    const problem = problemFromResponse(429, { code: "locked_out", message });
    expect(problem.message).toBe(message);
    expect(problem.code).toBe("locked_out");
  });

  it("turns an HTML 500 page into a French message without the HTML", () => {
    const problem = problemFromResponse(500, "<!doctype html><html><body><h1>Server Error (500)</h1></body></html>");
    expect(problem.message).toBe("Erreur du serveur (500). Réessayez dans quelques instants.");
    expect(problem.message).not.toContain("<");
    expect(problem.fieldErrors).toEqual({});
    expect(problem.code).toBe("http_500");
  });

  it("falls back to a message per status when the body is empty or not the API's shape", () => {
    expect(problemFromResponse(403, undefined).message).toBe("Vous n'avez pas le droit de faire cette action.");
    expect(problemFromResponse(404, "").message).toBe("Introuvable.");
    expect(problemFromResponse(502, { detail: "Bad gateway" }).message).toContain("502");
    expect(problemFromResponse(400, { code: "invalid", message: "   " }).message).toBe(
      "Certaines informations sont invalides.",
    );
  });
});

describe("problemFromFailure", () => {
  it("describes a network failure (fetch rejected) with status 0", () => {
    const problem = problemFromFailure(new TypeError("Failed to fetch"));
    expect(problem).toEqual({
      status: 0,
      code: "network_error",
      message: NETWORK_MESSAGE,
      fieldErrors: {},
      reasons: [],
    });
  });

  it("returns the problem of an ApiError unchanged", () => {
    const problem = problemFromResponse(404, { code: "not_found", message: "Introuvable." });
    expect(toProblem(new ApiError(problem))).toBe(problem);
  });
});

describe("isClientError", () => {
  it("is true for 4xx ApiErrors only (those are not retried)", () => {
    expect(isClientError(new ApiError(problemFromResponse(404, null)))).toBe(true);
    expect(isClientError(new ApiError(problemFromResponse(429, null)))).toBe(true);
    expect(isClientError(new ApiError(problemFromResponse(500, null)))).toBe(false);
    expect(isClientError(new ApiError(problemFromFailure(new TypeError("offline"))))).toBe(false);
    expect(isClientError(new Error("boom"))).toBe(false);
  });
});
