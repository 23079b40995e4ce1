// Reads a cookie of the current document (the CSRF token rotates at login: read it each time).

export function parseCookie(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return null;
}

export function readCookie(name: string): string | null {
  return typeof document === "undefined" ? null : parseCookie(document.cookie, name);
}
