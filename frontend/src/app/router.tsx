// The routes (React Router, data mode) and what a 401 does: back to /connexion?suivant=<here>.
import { Navigate, createBrowserRouter } from "react-router";
import type { QueryClient } from "@tanstack/react-query";
import { setUnauthorizedHandler } from "../api/client";
import { LoginPage } from "../auth/LoginPage";
import { LOGIN_PATH, loginUrl } from "../auth/next";
import { RequireAuth } from "../auth/RequireAuth";
import { Loading } from "../shared/feedback";
import { CaseloadPage } from "../caseload/CaseloadPage";
import { HomePage } from "../home/HomePage";
import { ImportPage } from "../manager/ImportPage";
import { ManagerPage } from "../manager/ManagerPage";
import { NotificationPreferencesPage } from "../notifications/NotificationPreferencesPage";
import { ParcoursPage } from "../parcours/ParcoursPage";
import { AuditLogPage } from "../privacy/AuditLogPage";
import { EmployerInboxPage } from "../placements/EmployerInboxPage";
import { SessionPage } from "../trainings/SessionPage";
import { TrainerSessionsPage } from "../trainings/TrainerSessionsPage";
import { NotFoundPage } from "./NotFoundPage";
import { RootRedirect } from "./RootRedirect";
import { RouteError } from "./RouteError";

export function createRouter(queryClient: QueryClient) {
  const router = createBrowserRouter([
    { path: LOGIN_PATH, element: <LoginPage />, errorElement: <RouteError /> },
    {
      path: "/",
      element: <RequireAuth />,
      errorElement: <RouteError />,
      // Shown while a lazy page (the dashboard) loads on a first visit straight to its URL.
      hydrateFallbackElement: <Loading />,
      children: [
        { index: true, element: <RootRedirect /> },
        { path: "accueil", element: <HomePage /> },
        { path: "portefeuille", element: <CaseloadPage /> },
        { path: "parcours/:id", element: <ParcoursPage /> },
        { path: "direction", element: <ManagerPage /> },
        { path: "direction/import", element: <ImportPage /> },
        { path: "direction/journal", element: <AuditLogPage /> },
        { path: "mises-en-situation", element: <EmployerInboxPage /> },
        { path: "placements/:id", element: <Navigate to="/mises-en-situation" replace /> },
        { path: "sessions", element: <TrainerSessionsPage /> },
        { path: "sessions/:id", element: <SessionPage /> },
        { path: "mes-notifications", element: <NotificationPreferencesPage /> },
        // The charts library is heavy: loaded with the dashboard, not with the rest of the app.
        {
          path: "tableau-de-bord",
          lazy: async () => ({ Component: (await import("../outcomes/DashboardPage")).DashboardPage }),
        },
        { path: "*", element: <NotFoundPage /> },
      ],
    },
  ]);

  let redirecting = false;
  setUnauthorizedHandler(() => {
    const { pathname, search } = router.state.location;
    if (redirecting || pathname === LOGIN_PATH) return;
    redirecting = true;
    void router.navigate(loginUrl(pathname + search), { replace: true }).finally(() => {
      // Nothing read under the expired session may be shown to whoever logs in next.
      queryClient.clear();
      redirecting = false;
    });
  });
  return router;
}
