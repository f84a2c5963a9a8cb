/**
 * postinstall: @react-router/dev 7.18 hands Vite the `envFile: false` option, which Vite ≥ 8.1
 * deprecates with one warning per internal Vite server (8 lines on every build). React Router 8
 * fixed it upstream (remix-run/react-router#15230) by passing `envDir: false`, which means the same
 * (no .env files). This applies that one-line fix to the installed 7.x files; it does nothing once
 * the installed version no longer contains the old option. Plain JS: it runs before anything else.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const dist = path.join(process.cwd(), "node_modules", "@react-router", "dev", "dist");
const files = ["vite.js", "cli/index.js", "vite/cloudflare.js"].map((f) => path.join(dist, f));

let patched = 0;
for (const file of files) {
  if (!existsSync(file)) continue;
  const source = readFileSync(file, "utf8");
  if (!source.includes("envFile: false")) continue;
  writeFileSync(file, source.replaceAll("envFile: false", "envDir: false"));
  patched += 1;
}
if (patched > 0) console.log(`patched @react-router/dev (envFile → envDir) in ${patched} files`);
