// Guards the logged-in part of the app: loads /me, provides it, and shows the app shell.
import { Box, Center } from "@mantine/core";
import { ApiError } from "../api/errors";
import { ErrorAlert, Loading } from "../shared/feedback";
import { AppLayout } from "../app/AppLayout";
import { MeContext, useMeQuery } from "./me";

export function RequireAuth() {
  const me = useMeQuery();

  if (me.data) {
    return (
      <MeContext.Provider value={me.data}>
        <AppLayout />
      </MeContext.Provider>
    );
  }
  return (
    <Box component="main" p="md">
      <Center mih="50vh">
        {me.isError && !(me.error instanceof ApiError && me.error.status === 401) ? (
          <ErrorAlert error={me.error} title="Impossible de charger votre profil" onRetry={() => me.refetch()} />
        ) : (
          // A 401 is being turned into a redirection to the login page.
          <Loading />
        )}
      </Center>
    </Box>
  );
}
