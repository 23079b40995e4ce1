// Renders a journal tab with the app's providers and the logged-in user.
import type { ReactElement } from "react";
import { MeContext } from "../auth/me";
import { renderWithProviders } from "../test/render";
import { me } from "./testData";

export function renderJournal(ui: ReactElement) {
  return renderWithProviders(<MeContext.Provider value={me}>{ui}</MeContext.Provider>);
}
