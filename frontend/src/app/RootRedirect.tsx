// "/": counsellors and managers go to their parcours, the other roles to the welcome page.
import { Navigate } from "react-router";
import { useMe } from "../auth/me";
import { landingPath } from "../auth/roles";

export function RootRedirect() {
  return <Navigate to={landingPath(useMe())} replace />;
}
