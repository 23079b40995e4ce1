// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { renderWithProviders } from "../test/render";
import { NotificationBell } from "./NotificationBell";

describe("NotificationBell", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("names the bell with the unread count and lists the notifications", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({
              count: 1,
              unread_count: 1,
              results: [
                {
                  id: 9,
                  kind: "placement_proposed",
                  kind_label: "",
                  title: "Nouvelle mise en situation proposée",
                  body: "",
                  link: "/placements/4",
                  created_at: "2024-06-01T10:00:00+02:00",
                  read_at: null,
                  is_read: false,
                },
              ],
            }),
            { headers: { "Content-Type": "application/json" } },
          ),
      ),
    );
    renderWithProviders(
      <MemoryRouter>
        <NotificationBell />
      </MemoryRouter>,
    );
    const bell = await screen.findByRole("button", { name: "Notifications (1 non lues)" });
    fireEvent.click(bell);
    const link = await screen.findByRole("link", { name: /Nouvelle mise en situation proposée/ });
    expect(link.getAttribute("href")).toBe("/placements/4");
    expect(screen.getByRole("button", { name: "Tout marquer comme lu" })).toBeTruthy();
  });
});
