// The API's paginated lists ({count, next, previous, results}, `page` and `page_size`): reading
// every page of a short list, the "Voir plus" pages of a longer one, and the numbered pages of a
// list shown a page at a time (see Pager).
import { ApiError } from "../api/errors";

export interface Page<T> {
  count: number;
  next?: string | null;
  previous?: string | null;
  results: T[];
}

/** The largest page the API serves. */
export const MAX_PAGE_SIZE = 100;

/** Beyond this many pages (10 000 items), a "read everything" list stops and says so. */
export const MAX_PAGES = 100;

export interface AllPages<T> {
  /** The server's count (all the items, even those not read). */
  count: number;
  results: T[];
  /** False when the reading stopped at MAX_PAGES before the end. */
  complete: boolean;
}

/** Each item once, the first time it was seen (a list changing while it is read shifts its pages). */
export function uniqueById<T extends { id: number }>(items: readonly T[]): T[] {
  const seen = new Set<number>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}

/** Reads page 1, 2, … of a list until the last one (or maxPages). */
export async function fetchAllPages<T extends { id: number }>(
  fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
  maxPages = MAX_PAGES,
): Promise<AllPages<T>> {
  const results: T[] = [];
  let count = 0;
  for (let page = 1; page <= maxPages; page += 1) {
    const data = await fetchPage(page, MAX_PAGE_SIZE);
    count = data.count;
    results.push(...data.results);
    if (!data.next || data.results.length === 0) return { count, results: uniqueById(results), complete: true };
  }
  return { count, results: uniqueById(results), complete: false };
}

/** getNextPageParam of a useInfiniteQuery over page numbers. */
export function nextPage(last: Page<unknown>, _pages: unknown, lastPage: number): number | undefined {
  return last.next ? lastPage + 1 : undefined;
}

/** The items of all the pages loaded so far, each once. */
export function loadedItems<T extends { id: number }>(pages: readonly Page<T>[] | undefined): T[] {
  return uniqueById((pages ?? []).flatMap((page) => page.results));
}

/** How many pages `count` items make, `pageSize` a page (at least one, even for none). */
export function pageCount(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

/** The list's status line: "120 entrées, page 2 sur 3" (the count alone on a single page). */
export function pageSummary(counted: string, page: number, total: number): string {
  return total > 1 ? `${counted}, page ${Math.min(page, total)} sur ${total}` : counted;
}

/** True when the list answered 404 for a page after the first: the page asked for is past its end. */
export function isPageGone(error: unknown, page: number): boolean {
  return error instanceof ApiError && error.status === 404 && page > 1;
}
