// How figures are written: French numbers, rates in per cent, and a masked figure as « < 5 »
// (never as 0: a chart leaves it out, a table says « < 5 »).
import type { Count, Rate, Stat } from "./types";

export const SUPPRESSED_TEXT = "< 5";
export const SUPPRESSED_EXPLANATION = "masqué : effectif inférieur à 5";

const integer = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

export function formatInteger(value: number): string {
  return integer.format(value);
}

/** 0.625 -> "62,5 %" (no-break space before the sign). */
export function formatPercent(value: number): string {
  return `${decimal.format(value * 100)}\u00a0%`;
}

export function formatDays(value: number): string {
  return `${decimal.format(value)}\u00a0j`;
}

/** A count for a chart: a masked or missing value is absent (null), never 0. */
export function chartValue(figure: Count | Stat | undefined): number | null {
  return figure && !figure.suppressed && figure.value !== null ? figure.value : null;
}

export function chartPercent(rate: Rate | undefined): number | null {
  return rate && !rate.suppressed && rate.value !== null ? Math.round(rate.value * 1000) / 10 : null;
}

function Masked() {
  return (
    <abbr title={SUPPRESSED_EXPLANATION} style={{ textDecoration: "none" }}>
      {SUPPRESSED_TEXT}
    </abbr>
  );
}

export function countText(count: Count | undefined): string {
  if (!count) return "—";
  if (count.suppressed) return SUPPRESSED_TEXT;
  return count.value === null ? "—" : formatInteger(count.value);
}

export function rateText(rate: Rate | undefined): string {
  if (!rate) return "—";
  if (rate.suppressed) return SUPPRESSED_TEXT;
  return rate.value === null ? "—" : formatPercent(rate.value);
}

export function statText(stat: Stat | undefined, format: (value: number) => string = formatDays): string {
  if (!stat) return "—";
  if (stat.suppressed) return SUPPRESSED_TEXT;
  return stat.value === null ? "—" : format(stat.value);
}

/** A figure in a table or a text: « < 5 » (explained) when masked. */
export function CountValue({ count }: { count: Count | undefined }) {
  return count?.suppressed ? <Masked /> : <>{countText(count)}</>;
}

export function RateValue({ rate }: { rate: Rate | undefined }) {
  return rate?.suppressed ? <Masked /> : <>{rateText(rate)}</>;
}

export function StatValue({ stat, format }: { stat: Stat | undefined; format?: (value: number) => string }) {
  return stat?.suppressed ? <Masked /> : <>{statText(stat, format)}</>;
}

/** "12 / 20" under a rate. A masked rate may hide a part that is not itself small: its parts are
 * then said to be masked, not written « < 5 ». */
export function RateFraction({ rate }: { rate: Rate | undefined }) {
  if (!rate) return null;
  if (rate.numerator === null || rate.denominator === null) {
    return <>{rate.suppressed ? "détail masqué" : "—"}</>;
  }
  return (
    <>
      {formatInteger(rate.numerator)} / {formatInteger(rate.denominator)}
    </>
  );
}

/** "2026-01" -> "janv. 2026". */
export function monthLabel(month: string): string {
  const [y, m] = month.split("-").map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat("fr-FR", { month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

export function isoDateLabel(iso: string): string {
  const [y, m, d] = iso.split("-");
  return y && m && d ? `${d}/${m}/${y}` : iso;
}

/** True when some figure in the list is masked (the page then explains « < 5 »). */
export function anySuppressed(values: readonly ({ suppressed: boolean } | undefined)[]): boolean {
  return values.some((value) => value?.suppressed);
}
