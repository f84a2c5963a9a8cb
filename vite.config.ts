import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

export default defineConfig({
  // Tailwind before React Router, so route CSS imports are compiled before the router bundles them.
  plugins: [tailwindcss(), reactRouter()],
  resolve: { tsconfigPaths: true },
  // On a busy 2-core machine every build would warn that plugins "took significant time": noise in `npm start`.
  build: { rolldownOptions: { checks: { bundlerTimings: false } } },
  ssr: {
    // PGlite ships WASM and data files it loads relative to its own module; bundling breaks that.
    external: ["@electric-sql/pglite", "postgres", "pg-boss"],
  },
});
