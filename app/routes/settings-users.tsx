import { data, useFetcher } from "react-router";
import { FormField, inputClass } from "#app/components/form-field";
import { TableHead } from "#app/components/table-head";
import { page } from "#app/pages/page.server";
import { formatDay } from "#app/ui/format";
import type { Route } from "./+types/settings-users";
import { usersAction, usersPage } from "./settings-users.server";

export const loader = page("settings-users", (_: Route.LoaderArgs, ctx, user) =>
  usersPage(ctx, user?.email ?? ""),
);

export const action = page("settings-users", async ({ request }: Route.ActionArgs, ctx) => {
  const result = await usersAction(ctx, await request.formData());
  return "error" in result ? data(result, { status: result.status }) : result;
});

export const meta: Route.MetaFunction = () => [{ title: "Users · Northstar" }];

type Result = { done: string } | { error: string; errors: Record<string, string> } | undefined;

function Outcome({ result }: { result: Result }) {
  if (!result) return null;
  return "done" in result ? (
    <p role="status" className="mt-2 text-sm text-better">
      {result.done}
    </p>
  ) : (
    <p role="alert" className="mt-2 text-sm font-medium text-worse">
      {result.error}
    </p>
  );
}

const button = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-50";

function CreateUser({ roles }: { roles: readonly string[] }) {
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data as Result;
  const errors = result && "errors" in result ? result.errors : {};
  return (
    <section aria-labelledby="create-user" className="mt-8 max-w-3xl">
      <h2 id="create-user">Add a user</h2>
      <fetcher.Form
        method="post"
        noValidate
        className="mt-2 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3"
      >
        <input type="hidden" name="intent" value="create" />
        <FormField id="new-user-email" label="Email" error={errors.email}>
          {(p) => <input {...p} name="email" type="email" autoComplete="off" className={inputClass} />}
        </FormField>
        <FormField id="new-user-role" label="Role" error={errors.role}>
          {(p) => (
            <select {...p} name="role" defaultValue="viewer" className={inputClass}>
              {roles.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id="new-user-password"
          label="Password"
          hint="At least 12 characters"
          error={errors.password}
        >
          {(p) => (
            <input
              {...p}
              name="password"
              type="password"
              autoComplete="new-password"
              className={inputClass}
            />
          )}
        </FormField>
        <div className="sm:col-span-3">
          <button type="submit" className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white">
            Add user
          </button>
          <Outcome result={result} />
        </div>
      </fetcher.Form>
    </section>
  );
}

function UserRow({
  user,
  roles,
  me,
}: {
  user: Route.ComponentProps["loaderData"]["users"][number];
  roles: readonly string[];
  me: string;
}) {
  const fetcher = useFetcher<typeof action>();
  return (
    <tr className="border-b border-slate-100 align-top last:border-b-0">
      <td className="px-3 py-2">
        {user.email}
        {user.email === me && <span className="ml-1 text-xs text-slate-500">(you)</span>}
        <Outcome result={fetcher.data as Result} />
      </td>
      <td className="px-3 py-2">
        <fetcher.Form method="post" className="flex gap-1">
          <input type="hidden" name="intent" value="role" />
          <input type="hidden" name="email" value={user.email} />
          <select
            name="role"
            defaultValue={user.role}
            aria-label={`Role of ${user.email}`}
            className="rounded-md border border-slate-300 px-1"
          >
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <button type="submit" className={button}>
            Change role
          </button>
        </fetcher.Form>
      </td>
      <td className="px-3 py-2">{user.disabled ? "disabled" : "active"}</td>
      <td className="px-3 py-2 tabular-nums">{formatDay(user.createdAt)}</td>
      <td className="px-3 py-2">
        <fetcher.Form method="post" className="flex flex-wrap gap-1">
          <input type="hidden" name="email" value={user.email} />
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            aria-label={`New password for ${user.email}`}
            placeholder={user.hasPassword ? "new password" : "set a password"}
            className="w-36 rounded-md border border-slate-300 px-1"
          />
          <button type="submit" name="intent" value="password" className={button}>
            Set password
          </button>
          <button type="submit" name="intent" value={user.disabled ? "enable" : "disable"} className={button}>
            {user.disabled ? "Enable" : "Disable"}
          </button>
        </fetcher.Form>
      </td>
    </tr>
  );
}

export default function SettingsUsers({ loaderData }: Route.ComponentProps) {
  const { users, roles, me } = loaderData;
  return (
    <>
      <h1>Users</h1>
      <p className="mt-1 text-sm text-slate-600">
        Viewers read; editors also change experiments, metrics, models and drift settings and run jobs; admins
        also manage users and API keys.
      </p>
      <table className="mt-4 w-full rounded-lg border border-slate-200 bg-white text-sm">
        <TableHead columns={["Email", "Role", "State", "Added", "Password and access"]} />
        <tbody>
          {users.map((u) => (
            <UserRow key={u.email} user={u} roles={roles} me={me} />
          ))}
        </tbody>
      </table>
      <CreateUser roles={roles} />
    </>
  );
}
