import { Link } from "react-router";
import { page } from "#app/pages/page.server";
import type { Route } from "./+types/login-link";
import { signInWithLink } from "./login.server";

/** GET /login/link?token=…: the one-time link the first start prints. */
export const loader = page("login-link", ({ request, url }: Route.LoaderArgs, ctx) =>
  signInWithLink(ctx, request, url.searchParams.get("token")),
);

export const meta: Route.MetaFunction = () => [{ title: "Sign-in link · Northstar" }];

export default function LoginLink({ loaderData }: Route.ComponentProps) {
  return (
    <main className="mx-auto mt-16 max-w-sm px-6">
      <h1>Sign-in link</h1>
      <p className="mt-3 text-sm">{loaderData.error}</p>
      <p className="mt-3 text-sm">
        <Link to="/login">Sign in with email and password</Link>, or restart the server for a new link if no
        admin has a password yet.
      </p>
    </main>
  );
}
