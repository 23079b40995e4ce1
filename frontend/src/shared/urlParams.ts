// The parsing of URL query parameters shared by the filters kept in the URL (caseload, dashboard,
// audit trail): malformed values give null (or page 1), so that a shared link never breaks a page.

const ID = /^[1-9]\d{0,14}$/;
const PAGE = /^[1-9]\d{0,5}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A positive integer id, or null. */
export function parseId(raw: string | null): number | null {
  return raw !== null && ID.test(raw.trim()) ? Number(raw.trim()) : null;
}

/** A page number (1 when missing or malformed). */
export function parsePage(raw: string | null): number {
  const value = (raw ?? "").trim();
  return PAGE.test(value) ? Number(value) : 1;
}

/** A real calendar date written YYYY-MM-DD, or null (2026-02-30 is not one). */
export function parseIsoDate(raw: string | null): string | null {
  if (raw === null) return null;
  const match = ISO_DATE.exec(raw.trim());
  if (!match) return null;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? raw.trim() : null;
}
