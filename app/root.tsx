import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse } from "react-router";
import { AppShell } from "#app/components/app-shell";
import { ErrorPage } from "#app/components/error-page";
import { useNonce } from "#app/components/nonce";
import { page } from "#app/pages/page.server";
import type { Route } from "./+types/root";
import "./app.css";

/** Only who is signed in (the layout shows it): the root's data is public, so it carries nothing else. */
export const loader = page("root", (_: Route.LoaderArgs, _ctx, user) => ({
  user: user ? { email: user.email, role: user.role } : null,
}));

export const meta: Route.MetaFunction = () => [{ title: "Northstar" }];

export function Layout({ children }: { children: React.ReactNode }) {
  // The CSP allows only scripts carrying this request's nonce (app/entry.server.tsx).
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** The one error boundary of the pages: page.server.ts gives domain errors their status. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const body: unknown = isRouteErrorResponse(error) ? error.data : undefined;
  // Only messages the page adapter wrote for people; the router's own 404 text names internals.
  const message =
    body && typeof body === "object" && "message" in body && typeof body.message === "string"
      ? body.message
      : undefined;
  return (
    <AppShell>
      <title>{`Error ${status} · Northstar`}</title>
      <ErrorPage status={status} message={message} />
    </AppShell>
  );
}
