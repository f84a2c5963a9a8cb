import { Form, redirect, useNavigation } from "react-router";
import { FormField, inputClass } from "#app/components/form-field";
import { page } from "#app/pages/page.server";
import type { Route } from "./+types/login";
import { safeRedirect, signIn } from "./login.server";

export const loader = page("login", ({ url }: Route.LoaderArgs, _ctx, user) => {
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (user) throw redirect(redirectTo);
  return { redirectTo };
});

export const action = page("login", async ({ request }: Route.ActionArgs, ctx) =>
  signIn(ctx, request, await request.formData()),
);

// The action's Retry-After (429) and Set-Cookie reach the browser on a document post too.
export const headers: Route.HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") || actionHeaders.has("Set-Cookie") ? actionHeaders : loaderHeaders;

export const meta: Route.MetaFunction = () => [{ title: "Sign in · Northstar" }];

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const submitting = useNavigation().state === "submitting";
  const error = actionData && "error" in actionData ? actionData.error : undefined;
  return (
    <main className="mx-auto mt-16 max-w-sm px-6">
      <div className="flex items-center gap-2">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <span className="text-xl font-semibold">Northstar</span>
      </div>
      <h1 className="mt-6">Sign in</h1>
      {error && (
        <p role="alert" className="mt-3 rounded-md border border-orange-300 bg-orange-50 px-3 py-2 text-sm">
          {error}
        </p>
      )}
      <Form method="post" className="mt-4 grid gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <FormField id="login-email" label="Email">
          {(p) => (
            <input {...p} name="email" type="email" autoComplete="username" required className={inputClass} />
          )}
        </FormField>
        <FormField id="login-password" label="Password">
          {(p) => (
            <input
              {...p}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              className={inputClass}
            />
          )}
        </FormField>
        <button
          type="submit"
          disabled={submitting}
          className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
        >
          Sign in
        </button>
      </Form>
      <p className="mt-4 text-xs text-slate-500">
        First start? The server printed a one-time sign-in link in its console.
      </p>
    </main>
  );
}
