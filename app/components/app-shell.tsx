import type { ReactNode } from "react";
import { NavLink } from "react-router";

const NAVIGATION = [
  { to: "/", label: "Overview", end: true },
  { to: "/experiments", label: "Experiments", end: false },
  { to: "/metrics", label: "Metrics", end: false },
  { to: "/models", label: "Models", end: false },
  // end: /alerts/webhooks is its own entry, so only one of the two is current.
  { to: "/alerts", label: "Alerts", end: true },
  { to: "/alerts/webhooks", label: "Webhooks", end: false },
  { to: "/jobs", label: "Jobs", end: false },
] as const;

/** The frame of every page, error pages included: product name, navigation, main. */
export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-8 px-6 py-3">
          <a href="/" className="flex items-center gap-2 text-slate-900 no-underline hover:no-underline">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            <span className="text-lg font-semibold">Northstar</span>
          </a>
          <nav aria-label="Main">
            <ul className="flex gap-1">
              {NAVIGATION.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    end={item.end}
                    className={({ isActive }) =>
                      `rounded-md px-3 py-1.5 text-sm no-underline hover:no-underline ${
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
