// @vitest-environment jsdom
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, renderHook, screen } from "@testing-library/react";
import { renderWithProviders } from "../test/render";
import { PageGoneAlert, Pager } from "./Pager";
import { usePage } from "./usePage";

afterEach(cleanup);

/** A list of `total` pages whose page is held by the caller, as the pages using Pager do. */
function Paged({ total, initial = 1, onChange }: { total: number; initial?: number; onChange?: (page: number) => void }) {
  const [page, setPage] = useState(initial);
  return (
    <>
      <output data-testid="page">{page}</output>
      <Pager
        label="Pages de la liste"
        total={total}
        value={page}
        onChange={(next) => {
          onChange?.(next);
          setPage(next);
        }}
      />
    </>
  );
}

const button = (name: string) => screen.getByRole("button", { name }) as HTMLButtonElement;
const current = () => screen.getByRole("button", { current: "page" });

describe("Pager", () => {
  it("names its nav, its previous and next controls and each page", () => {
    renderWithProviders(<Paged total={3} />);
    const nav = screen.getByRole("navigation", { name: "Pages de la liste" });
    expect(nav).toBeTruthy();
    expect(button("Page précédente")).toBeTruthy();
    expect(button("Page suivante")).toBeTruthy();
    expect(["Page 1", "Page 2", "Page 3"].map((name) => button(name).textContent)).toEqual(["1", "2", "3"]);
    expect(current().getAttribute("aria-label")).toBe("Page 1");
  });

  it("goes to the next, the previous and a chosen page", () => {
    const onChange = vi.fn();
    renderWithProviders(<Paged total={3} onChange={onChange} />);
    fireEvent.click(button("Page suivante"));
    expect(screen.getByTestId("page").textContent).toBe("2");
    expect(current().getAttribute("aria-label")).toBe("Page 2");
    fireEvent.click(button("Page 3"));
    expect(current().getAttribute("aria-label")).toBe("Page 3");
    fireEvent.click(button("Page précédente"));
    expect(current().getAttribute("aria-label")).toBe("Page 2");
    expect(onChange.mock.calls).toEqual([[2], [3], [2]]);
  });

  it("disables « Page précédente » on the first page and « Page suivante » on the last", () => {
    renderWithProviders(<Paged total={2} />);
    expect(button("Page précédente").disabled).toBe(true);
    expect(button("Page suivante").disabled).toBe(false);
    fireEvent.click(button("Page suivante"));
    expect(button("Page précédente").disabled).toBe(false);
    expect(button("Page suivante").disabled).toBe(true);
  });

  it("shows the last page as current when the page asked for is past the end", () => {
    renderWithProviders(<Paged total={3} initial={7} />);
    expect(current().getAttribute("aria-label")).toBe("Page 3");
    expect(button("Page suivante").disabled).toBe(true);
  });

  it("shows nothing for a single page", () => {
    renderWithProviders(<Paged total={1} />);
    expect(screen.queryByRole("navigation")).toBeNull();
    expect(screen.queryByRole("button")).toBeNull();
  });
});

describe("PageGoneAlert", () => {
  it("says which page is missing and goes back to the first one", () => {
    const onFirstPage = vi.fn();
    renderWithProviders(<PageGoneAlert subject="Le journal" page={4} onFirstPage={onFirstPage} />);
    expect(screen.getByText("Cette page n'existe pas")).toBeTruthy();
    expect(screen.getByText("Le journal ne compte pas de page 4 avec ces critères.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Revenir à la première page" }));
    expect(onFirstPage).toHaveBeenCalledTimes(1);
  });
});

describe("usePage", () => {
  it("starts on page 1, keeps the page chosen, and goes back to page 1 when the key changes", () => {
    const { result, rerender } = renderHook(({ key }) => usePage(key), { initialProps: { key: "a" } });
    expect(result.current[0]).toBe(1);
    act(() => result.current[1](3));
    expect(result.current[0]).toBe(3);
    rerender({ key: "a" });
    expect(result.current[0]).toBe(3);
    rerender({ key: "b" });
    expect(result.current[0]).toBe(1);
  });
});
