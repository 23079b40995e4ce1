import { describe, expect, it, vi } from "vitest";
import { ApiError, problemFromResponse } from "../api/errors";
import { fetchAllPages, isPageGone, loadedItems, nextPage, pageCount, pageSummary } from "./paging";

const item = (id: number) => ({ id });

describe("fetchAllPages", () => {
  it("reads the pages until the last one, each item once", async () => {
    const fetchPage = vi.fn(async (page: number) =>
      page === 1
        ? { count: 3, next: "?page=2", results: [item(1), item(2)] }
        : // An item moved from page 1 to page 2 while the list was read.
          { count: 3, next: null, results: [item(2), item(3)] },
    );
    expect(await fetchAllPages(fetchPage)).toEqual({ count: 3, results: [item(1), item(2), item(3)], complete: true });
    expect(fetchPage.mock.calls).toEqual([
      [1, 100],
      [2, 100],
    ]);
  });

  it("stops at the page limit and says that the list is incomplete", async () => {
    const fetchPage = vi.fn(async (page: number) => ({ count: 10, next: "?more", results: [item(page)] }));
    expect(await fetchAllPages(fetchPage, 2)).toEqual({ count: 10, results: [item(1), item(2)], complete: false });
  });
});

describe("infinite lists", () => {
  it("asks for the next page only when there is one", () => {
    expect(nextPage({ count: 30, next: "?page=3", results: [] }, [], 2)).toBe(3);
    expect(nextPage({ count: 30, next: null, results: [] }, [], 3)).toBeUndefined();
  });

  it("flattens the pages loaded", () => {
    expect(loadedItems(undefined)).toEqual([]);
    expect(loadedItems([{ count: 3, results: [item(1), item(2)] }, { count: 3, results: [item(2), item(3)] }])).toEqual(
      [item(1), item(2), item(3)],
    );
  });
});

describe("numbered pages", () => {
  it("counts the pages, at least one", () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
    expect(pageCount(101, 25)).toBe(5);
  });

  it("says the page in the status line only when there are several", () => {
    expect(pageSummary("1 entrée", 1, 1)).toBe("1 entrée");
    expect(pageSummary("120 entrées", 2, 3)).toBe("120 entrées, page 2 sur 3");
    expect(pageSummary("120 entrées", 9, 3)).toBe("120 entrées, page 3 sur 3");
  });

  it("tells a page past the end (404 after page 1) from other errors", () => {
    const notFound = new ApiError(problemFromResponse(404, null));
    expect(isPageGone(notFound, 2)).toBe(true);
    expect(isPageGone(notFound, 1)).toBe(false);
    expect(isPageGone(new ApiError(problemFromResponse(500, null)), 2)).toBe(false);
    expect(isPageGone(null, 2)).toBe(false);
  });
});
