/**
 * The layer rules of the developer guide as data, and a checker that reads every import of a set
 * of source files against them. Pure (paths and texts in, violations out) so a test can feed it
 * a made-up file set with a bad import and watch it fail.
 */
import path from "node:path";
import ts from "typescript";

/** Import aliases (package.json `imports`) and the folder each one stands for. */
const ALIASES: Record<string, string> = {
  "#app/": "app/",
  "#db/": "db/",
  "#jobs/": "jobs/",
  "#lib/": "lib/",
  "#scripts/": "scripts/",
  "#test/": "test/",
};

interface LayerRule {
  /** Files under this folder (repo-relative, with a trailing slash) follow the rule. */
  folder: string;
  /** When set, our own imports must land under one of these folders (npm packages are always fine). */
  onlyFrom?: string[];
  /** Our own imports must not land under any of these folders. */
  never?: string[];
  why: string;
}

/** The one table of layer rules. */
const LAYER_RULES: LayerRule[] = [
  {
    folder: "app/stats/",
    onlyFrom: ["app/stats/"],
    why: "statistics are pure: numbers in, numbers out",
  },
  {
    folder: "lib/",
    onlyFrom: ["lib/", "app/stats/"],
    why: "lib is the shared foundation; contracts may use the statistics' vocabulary",
  },
  {
    folder: "db/",
    onlyFrom: ["db/", "lib/"],
    why: "the database layer knows nothing of the app or the jobs",
  },
  {
    folder: "app/services/",
    never: ["app/api/", "app/routes/", "jobs/"],
    why: "services speak domain errors and are called by the API, pages and jobs, never the reverse",
  },
  {
    folder: "jobs/",
    never: ["app/api/", "app/routes/", "app/server/"],
    why: "jobs run without the HTTP edge or the server context",
  },
  {
    folder: "app/components/",
    never: ["db/", "jobs/", "app/services/", "app/api/"],
    why: "UI pieces get their data from page loaders",
  },
];

export interface Violation {
  file: string;
  specifier: string;
  why: string;
}

/** Every module specifier a file imports or re-exports, static or dynamic, type-only or not. */
export function importSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The repo-relative path a specifier points at, or null for an npm package or a Node builtin. */
export function resolveSpecifier(file: string, specifier: string): string | null {
  for (const [alias, folder] of Object.entries(ALIASES)) {
    if (specifier.startsWith(alias)) return folder + specifier.slice(alias.length);
  }
  if (specifier.startsWith("./") || specifier.startsWith("../")) {
    return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  }
  return null;
}

const under = (target: string, folder: string) => target.startsWith(folder);

/** The violations of one import of `file`, against the rules and the no-`../` convention. */
function checkImport(file: string, specifier: string): Violation[] {
  const found: Violation[] = [];
  if (specifier.startsWith("../")) {
    found.push({ file, specifier, why: "relative imports stay within one folder: use an alias (#app/…)" });
  }
  const target = resolveSpecifier(file, specifier);
  if (target === null) return found;
  for (const rule of LAYER_RULES) {
    if (!under(file, rule.folder)) continue;
    const outside = rule.onlyFrom && !rule.onlyFrom.some((folder) => under(target, folder));
    const forbidden = rule.never?.some((folder) => under(target, folder));
    if (outside || forbidden) found.push({ file, specifier, why: `${rule.folder}: ${rule.why}` });
  }
  return found;
}

/** All violations in a set of files (repo-relative path → source text). */
export function checkLayers(files: ReadonlyMap<string, string>): Violation[] {
  const violations: Violation[] = [];
  for (const [file, source] of files) {
    for (const specifier of importSpecifiers(source)) violations.push(...checkImport(file, specifier));
  }
  return violations;
}
