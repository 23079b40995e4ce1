import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router";
import { MantineProvider } from "@mantine/core";
import { createQueryClient } from "./queryClient";
import { createRouter } from "./router";
import { cssVariablesResolver, theme } from "./theme";

// One of each for the page's lifetime, created outside React: the 401 handler that the router
// registers must drive the very router that is rendered (StrictMode renders components twice).
const queryClient = createQueryClient();
const router = createRouter(queryClient);

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
