/**
 * `npm run keys -- create --name NAME --scope admin|ingest` prints a new key (shown only once);
 * `npm run keys -- list`; `npm run keys -- revoke NAME`.
 * With embedded PGlite, stop the server first: one PGlite data directory serves one process.
 */
import { parseArgs } from "node:util";
import { SCOPES, createApiKey, listApiKeys, revokeApiKey } from "#app/services/api-keys.server";
import { AppError } from "#lib/errors";
import { openConfiguredDatabase } from "./open-db";

const USAGE = `usage:
  npm run keys -- create --name NAME --scope admin|ingest
  npm run keys -- list
  npm run keys -- revoke NAME`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: "string" }, scope: { type: "string" } },
});
const [command, ...rest] = positionals;
const scope = SCOPES.find((s) => s === values.scope);
if (!command || !["create", "list", "revoke"].includes(command))
  fail(`unknown command: ${command ?? "(none)"}`);
if (command === "create") {
  if (!values.name || !/^[\w.-]{1,64}$/.test(values.name))
    fail("--name is required: 1–64 letters, digits, '.', '_' or '-'");
  if (!scope) fail("--scope must be admin or ingest");
}
if (command === "revoke" && !rest[0]) fail("revoke needs the key's name");

const handle = await openConfiguredDatabase();
try {
  if (command === "create" && values.name && scope) {
    const { key, info } = await createApiKey(handle, { name: values.name, scope });
    console.log(`Created ${info.scope} key "${info.name}". Store it now; it is not shown again:\n\n${key}\n`);
  } else if (command === "list") {
    const keys = await listApiKeys(handle);
    if (keys.length === 0) console.log("no keys");
    for (const k of keys) {
      const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
      const used = k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : "never used";
      console.log(`${k.name.padEnd(24)} ${k.scope.padEnd(7)} ${k.prefix}…  ${state}, ${used}`);
    }
  } else if (command === "revoke") {
    const name = rest[0] as string;
    if (!(await revokeApiKey(handle, name))) {
      console.error(`no active key named "${name}"`);
      process.exitCode = 1;
    } else console.log(`revoked "${name}"`);
  }
} catch (error) {
  console.error(error instanceof AppError ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
