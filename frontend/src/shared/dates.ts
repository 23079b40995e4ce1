// Date display for French users. ISO strings from the API are formatted as they come (an
// occurred_at carries its structure's offset: it is shown as is, never in the browser's zone).
import { plural } from "./plural";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/;

/** "2024-03-05" -> "05/03/2024"; an unparseable value is returned unchanged, null/empty -> "". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const match = ISO_DATE.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}

/** "2024-03-05T14:03:00+04:00" -> "05/03/2024 14:03" (the wall-clock time written in the string). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const match = ISO_DATETIME.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]} ${match[4]}:${match[5]}` : iso;
}

/** Today's date (YYYY-MM-DD) in an IANA time zone; the browser's zone if the name is unknown. */
export function todayInTimeZone(timeZone: string | null | undefined, now: Date = new Date()): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: timeZone || undefined,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long ago an instant was, in French: "aujourd'hui", "1 jour", "12 jours", "3 mois", "2 ans". */
export function formatElapsed(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "";
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return "";
  const days = Math.floor((now.getTime() - then.getTime()) / DAY_MS);
  if (days < 1) return "aujourd'hui";
  if (days < 31) return plural(days, "jour", "jours");
  const months = Math.floor(days / 30.4375);
  if (months < 12) return `${months} mois`;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return rest ? `${plural(years, "an", "ans")} et ${rest} mois` : plural(years, "an", "ans");
}
