// Where to go after logging in: only a path of this site ("/..."), never another origin.

export const LOGIN_PATH = "/connexion";

export function safeNextPath(raw: string | null | undefined): string | null {
  if (!raw || !raw.startsWith("/")) return null;
  // "//host" and "/\host" are read by browsers as another origin.
  if (raw.startsWith("//") || raw.startsWith("/\\")) return null;
  // Control characters (tabs, newlines) are stripped by URL parsers and could hide the above.
  if ([...raw].some((character) => character.charCodeAt(0) < 32 || character.charCodeAt(0) === 127)) return null;
  if (raw === LOGIN_PATH || raw.startsWith(`${LOGIN_PATH}?`) || raw.startsWith(`${LOGIN_PATH}/`)) return null;
  return raw;
}

/** The login URL that brings the user back to `pathWithQuery` afterwards. */
export function loginUrl(pathWithQuery: string): string {
  const next = safeNextPath(pathWithQuery);
  return next && next !== "/" ? `${LOGIN_PATH}?suivant=${encodeURIComponent(next)}` : LOGIN_PATH;
}
