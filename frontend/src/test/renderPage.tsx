// Renders a page with the app's providers, a logged-in user and a router at the given URL.
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import type { Me } from "../api/types";
import { MeContext } from "../auth/me";
import { renderWithProviders } from "./render";

/** Shows the current URL, for tests that check where a page navigated. */
function WhereAmI() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

type Entry = string | { pathname: string; search?: string; state?: unknown };

export function renderPage(ui: ReactElement, { me, url = "/", path = "*" }: { me: Me; url?: Entry; path?: string }) {
  return renderWithProviders(
    <MeContext.Provider value={me}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path={path} element={ui} />
        </Routes>
        <WhereAmI />
      </MemoryRouter>
    </MeContext.Provider>,
  );
}
