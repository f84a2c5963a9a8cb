import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

// A newcomer's first start: no users, no admin in the environment. The server prints a one-time
// link; opening it signs the admin in; the same link does not work twice. This starts the server
// the way `npm start` does after its build (the build the webServer's `npm start` has just made).
test.use({ storageState: { cookies: [], origins: [] } });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

let server: ChildProcess | undefined;
let dataDir: string | undefined;
test.afterEach(async () => {
  if (server?.exitCode === null) {
    const exited = new Promise((resolve) => server?.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("the first start prints a one-time sign-in link that signs the admin in once", async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name !== "pglite", "one embedded first start is enough");
  test.setTimeout(180_000);
  const port = await freePort();
  dataDir = mkdtempSync(path.join(tmpdir(), "northstar-first-start-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    NORTHSTAR_DATA_DIR: dataDir,
    NORTHSTAR_DEMO_DATA: "off",
    DATABASE_URL: "",
    NODE_ENV: "production",
  };
  delete env.NORTHSTAR_ADMIN_EMAIL;
  delete env.NORTHSTAR_ADMIN_PASSWORD;
  delete env.NORTHSTAR_BOOTSTRAP_KEY;
  server = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const link = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sign-in link printed:\n${output}`)), 150_000);
    server?.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/http:\/\/localhost:\d+\/login\/link\?token=[\w-]+/)?.[0];
      if (found && output.includes('"listening"')) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  expect(link).toContain(`localhost:${port}`);

  await page.goto(link.replace("localhost", "127.0.0.1"));
  await expect(page).toHaveURL(/\/settings\/users$/);
  await expect(page.getByText("Signed in as admin@localhost")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();

  const browser = page.context().browser();
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext();
  const second = await context.newPage();
  await second.goto(link.replace("localhost", "127.0.0.1"));
  await expect(second.getByText("This sign-in link has been used or has expired.")).toBeVisible();
  await context.close();
});
