// "/": each role to its landing page (counsellors and managers: « À faire aujourd'hui » on /accueil).
import { Navigate } from "react-router";
import { useMe } from "../auth/me";
import { landingPath } from "../auth/roles";

export function RootRedirect() {
  return <Navigate to={landingPath(useMe())} replace />;
}
