import { describe, expect, it, vi } from "vitest";
import { fetchAllPages, loadedItems, nextPage } from "./paging";

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
