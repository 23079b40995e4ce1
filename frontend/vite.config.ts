// Vite builds the single-page app into dist/ (served by Django at the site root) and runs the
// unit tests (Vitest). In development, /api, /admin and /static go to Django on port 8000.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const backend = "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "dist",
    assetsDir: "assets",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
    proxy: {
      "/api": { target: backend },
      "/admin": { target: backend },
      "/static": { target: backend },
    },
  },
  test: {
    // Pure modules run in Node; files that render components or use the DOM opt in with
    // a "@vitest-environment jsdom" comment.
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
    // The dialog tests page through lists and type in forms: on a loaded 2-core machine a few of
    // them take more than Vitest's default 5 s.
    testTimeout: 15_000,
  },
});
