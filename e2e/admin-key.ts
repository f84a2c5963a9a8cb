/** The admin key the e2e server is started with (playwright.config.ts) and the browser tests call the API with. */
export const E2E_ADMIN_KEY = "e2e-admin-key-0123456789abcdefghijklmnop";

/** The dashboard admin the e2e servers ensure at startup; the setup project signs in as it through /login. */
export const E2E_ADMIN = { email: "e2e-admin@example.com", password: "e2e-admin-password-0123" };

/** Where the sign-in setup project keeps a project's signed-in browser state (reports/ is not committed). */
export const storageStateOf = (project: string) => `reports/signed-in-${project}.json`;
