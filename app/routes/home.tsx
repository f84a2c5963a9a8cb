import { getContext } from "#app/server/context.server";
import { experimentsOverview } from "#app/services/overview.server";
import type { Route } from "./+types/home";

export async function loader() {
  const ctx = await getContext();
  return { experiments: await experimentsOverview(ctx.db), database: ctx.db.driver };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { experiments, database } = loaderData;
  return (
    <main className="page">
      <header className="header">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <h1>Northstar</h1>
        <span className="badge">{database}</span>
      </header>
      <p className="muted">A/B experiments and model monitoring in one place.</p>
      <section className="card">
        <h2>Experiments</h2>
        {experiments.length === 0 ? (
          <p className="muted">
            No experiments yet. Create one with <code>POST /api/v1/experiments</code> — see{" "}
            <a href="/api/v1/openapi.json">the API reference</a>.
          </p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Experiment</th>
                <th>Status</th>
                <th>Variants (units)</th>
                <th>Primary metric</th>
              </tr>
            </thead>
            <tbody>
              {experiments.map((e) => (
                <tr key={e.key}>
                  <td>
                    <strong>{e.name}</strong> <span className="muted">{e.key}</span>
                  </td>
                  <td>
                    <span className="badge">{e.status}</span>
                  </td>
                  <td>{e.variants.map((v) => `${v.key} (${e.units[v.key] ?? 0})`).join(", ")}</td>
                  <td>{e.metrics.primary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
