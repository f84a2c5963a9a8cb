/**
 * `npm run users -- create --email EMAIL --role viewer|editor|admin` (reads the password from
 * stdin: a prompt, or a pipe — never the command line, where `ps` would show it);
 * `npm run users -- list`; `npm run users -- disable EMAIL`.
 * With embedded PGlite, stop the server first (or use Settings → Users in the dashboard).
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { ROLES, createUser, listUsers, setUserEnabled } from "#app/services/users.server";
import { AppError } from "#lib/errors";
import { openConfiguredDatabase } from "./open-db";

const USAGE = `usage:
  npm run users -- create --email EMAIL --role viewer|editor|admin   (password read from stdin)
  npm run users -- list
  npm run users -- disable EMAIL`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: "string" }, role: { type: "string" } },
});
const [command, ...rest] = positionals;
const role = ROLES.find((r) => r === values.role);
if (!command || !["create", "list", "disable"].includes(command))
  fail(`unknown command: ${command ?? "(none)"}`);
if (command === "create") {
  if (!values.email) fail("--email is required");
  if (!role) fail(`--role must be one of ${ROLES.join(", ")}`);
}
if (command === "disable" && !rest[0]) fail("disable needs the user's email");

async function readPassword(): Promise<string> {
  const rl = createInterface({
    input: process.stdin,
    output: process.stdin.isTTY ? process.stderr : undefined,
  });
  try {
    return (await rl.question(process.stdin.isTTY ? "Password (at least 12 characters): " : "")).trim();
  } finally {
    rl.close();
  }
}

const password = command === "create" ? await readPassword() : "";
const handle = await openConfiguredDatabase();
try {
  if (command === "create" && values.email && role) {
    const user = await createUser(handle, { email: values.email, role, password });
    console.log(`Created ${user.role} ${user.email}; they sign in at /login.`);
  } else if (command === "list") {
    const users = await listUsers(handle);
    if (users.length === 0) console.log("no users");
    for (const u of users) {
      const state = u.disabledAt ? `disabled ${u.disabledAt.toISOString()}` : "active";
      console.log(
        `${u.email.padEnd(32)} ${u.role.padEnd(7)} ${state}${u.hasPassword ? "" : ", no password"}`,
      );
    }
  } else if (command === "disable") {
    const user = await setUserEnabled(handle, rest[0] as string, false, new Date());
    console.log(`disabled ${user.email} and ended their sessions`);
  }
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  const details = error.details?.map((d) => `\n  ${d.path}: ${d.message}`).join("") ?? "";
  console.error(`${error.message}${details}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
