import type { ReactNode } from "react";
import { Form, NavLink, useRouteLoaderData } from "react-router";
import type { PageName } from "#app/auth/permissions";
import { type RootData, usePermissions } from "#app/auth/use-permission";

// Each entry is shown to those who may open its page (app/auth/permissions.ts).
const NAVIGATION: ReadonlyArray<{ to: string; label: string; end: boolean; page: PageName }> = [
  { to: "/", label: "Overview", end: true, page: "overview" },
  { to: "/experiments", label: "Experiments", end: false, page: "experiments" },
  { to: "/metrics", label: "Metrics", end: false, page: "metrics" },
  { to: "/models", label: "Models", end: false, page: "models" },
  // end: /alerts/webhooks is its own entry, so only one of the two is current.
  { to: "/alerts", label: "Alerts", end: true, page: "alerts" },
  { to: "/alerts/webhooks", label: "Webhooks", end: false, page: "alerts-webhooks" },
  { to: "/jobs", label: "Jobs", end: false, page: "jobs" },
  { to: "/settings/users", label: "Users", end: false, page: "settings-users" },
  { to: "/settings/api-keys", label: "API keys", end: false, page: "settings-api-keys" },
];

/** The frame of every page, error pages included: product name, navigation, main. */
export function AppShell({ children }: { children: ReactNode }) {
  const user = useRouteLoaderData<RootData>("root")?.user ?? null;
  const { mayRead } = usePermissions();
  const navigation = NAVIGATION.filter((item) => mayRead(item.page));
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        {/* Two rows: the navigation has room for every entry at 1024 px without squeezing who is signed in. */}
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-8 gap-y-2 px-6 pt-3 pb-2">
          <a href="/" className="flex items-center gap-2 text-slate-900 no-underline hover:no-underline">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            <span className="text-lg font-semibold">Northstar</span>
          </a>
          {user && (
            <Form method="post" action="/logout" className="ml-auto flex items-center gap-3 text-sm">
              <span className="whitespace-nowrap text-slate-600">
                Signed in as <strong className="font-medium text-slate-900">{user.email}</strong> ({user.role}
                )
              </span>
              <button
                type="submit"
                className="whitespace-nowrap rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50"
              >
                Sign out
              </button>
            </Form>
          )}
          <nav aria-label="Main" className="w-full">
            <ul className="-mx-3 flex flex-wrap gap-1">
              {navigation.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    end={item.end}
                    className={({ isActive }) =>
                      `whitespace-nowrap rounded-md px-3 py-1.5 text-sm no-underline hover:no-underline ${
                        isActive
                          ? "bg-accent-soft font-medium text-accent"
                          : "text-slate-600 hover:bg-slate-100"
                      }`
                    }
                  >
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-6">{children}</main>
    </div>
  );
}
