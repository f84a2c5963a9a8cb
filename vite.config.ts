import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [reactRouter()],
  resolve: { tsconfigPaths: true },
  ssr: {
    // PGlite ships WASM and data files it loads relative to its own module; bundling breaks that.
    external: ["@electric-sql/pglite", "postgres", "pg-boss"],
  },
});
