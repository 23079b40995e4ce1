// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, renderHook } from "@testing-library/react";
import { useSearchBox } from "./useSearchBox";

describe("useSearchBox", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(initialUrl = "") {
    const commit = vi.fn();
    const hook = renderHook(({ url }) => useSearchBox(url, commit, 300), { initialProps: { url: initialUrl } });
    return { commit, hook };
  }

  it("sends the typed text once, 300 ms after the last key", () => {
    const { commit, hook } = setup();
    act(() => hook.result.current[1]("Du"));
    act(() => vi.advanceTimersByTime(200));
    act(() => hook.result.current[1]("Dupont"));
    act(() => vi.advanceTimersByTime(299));
    expect(commit).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1));
    expect(commit).toHaveBeenCalledTimes(1);
    expect(commit).toHaveBeenCalledWith("Dupont");
    expect(hook.result.current[0]).toBe("Dupont");
  });

  it("refills the box when the URL changes from elsewhere (back, forward) and sends nothing", () => {
    const { commit, hook } = setup("Blanc");
    hook.rerender({ url: "" }); // back
    expect(hook.result.current[0]).toBe("");
    hook.rerender({ url: "Blanc" }); // forward
    expect(hook.result.current[0]).toBe("Blanc");
    act(() => vi.advanceTimersByTime(1000));
    expect(commit).not.toHaveBeenCalled();
  });

  it("drops typing still waiting when the user leaves for another URL", () => {
    const { commit, hook } = setup("Blanc");
    act(() => hook.result.current[1]("Blanc Mar"));
    hook.rerender({ url: "" });
    act(() => vi.advanceTimersByTime(1000));
    expect(commit).not.toHaveBeenCalled();
    expect(hook.result.current[0]).toBe("");
  });

  it("keeps what is typed when the URL catches up with it", () => {
    const { commit, hook } = setup();
    act(() => hook.result.current[1]("Martin "));
    act(() => vi.advanceTimersByTime(300));
    expect(commit).toHaveBeenCalledWith("Martin ");
    hook.rerender({ url: "Martin " });
    expect(hook.result.current[0]).toBe("Martin ");
  });
});
