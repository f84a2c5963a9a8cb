import { redirect } from "react-router";
import { page } from "#app/pages/page.server";
import type { Route } from "./+types/logout";
import { signOut } from "./login.server";

/** POST /logout (the layout's "Sign out" button); a GET just goes to the sign-in page. */
export const loader = page("logout", () => redirect("/login"));

export const action = page("logout", ({ request }: Route.ActionArgs, ctx) => signOut(ctx, request));
