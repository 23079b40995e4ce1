// What a dashboard section shows of one outcomes query: « Chargement… » while it is pending, the
// error (with « Réessayer ») when it failed, its figures once they are there.
import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { ErrorAlert, Loading } from "../shared/feedback";

export function QueryContent<T>({
  query,
  loadingLabel,
  errorTitle,
  keepDataOnError = false,
  children,
}: {
  query: UseQueryResult<T>;
  loadingLabel?: string;
  errorTitle: string;
  /** When a later refresh fails, keep showing the figures already loaded instead of the error. */
  keepDataOnError?: boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading label={loadingLabel} />;
  if (query.data !== undefined && (keepDataOnError || !query.isError)) return children(query.data);
  if (query.isError) return <ErrorAlert error={query.error} title={errorTitle} onRetry={() => void query.refetch()} />;
  return null;
}
