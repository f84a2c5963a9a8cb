import { useFetcher } from "react-router";
import { AUTOMATIC } from "#app/pages/drift-settings-form";
import { DEFAULT_DRIFT_THRESHOLDS } from "#app/stats/drift/config";
import type { DriftConfigDocument } from "#lib/contracts/models";
import { DRIFT_METHODS } from "#lib/vocabulary";
import { formatStatistic } from "./model-format";

type SaveResult = {
  errors: Record<string, string> | null;
  run: { id: number; status: string; error: string | null } | null;
};

const input = "w-24 rounded-md border border-slate-300 px-2 py-1 text-right text-sm tabular-nums";
const select = "rounded-md border border-slate-300 px-2 py-1 text-sm";

function FieldError({ message, id }: { message: string | undefined; id: string }) {
  return message ? (
    <span id={id} className="block text-xs text-worse">
      {message}
    </span>
  ) : null;
}

/**
 * The model's drift settings: model-wide method and thresholds, and per-feature overrides. Saving
 * posts to the model page, which checks it with the API's schema and recomputes the drift.
 */
export function DriftSettingsForm({
  modelKey,
  config,
  features,
}: {
  modelKey: string;
  config: DriftConfigDocument | null;
  features: string[];
}) {
  const fetcher = useFetcher<SaveResult>();
  const busy = fetcher.state !== "idle";
  const errors = fetcher.data?.errors ?? {};
  const run = fetcher.data?.run;
  const describedBy = (path: string) => (errors[path] ? `error-${path}` : undefined);
  return (
    <fetcher.Form method="post" action={`/models/${modelKey}`} className="text-sm">
      <input type="hidden" name="intent" value="drift-settings" />
      <div className="flex flex-wrap items-end gap-4">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Model-wide method</span>
          <select
            name="method"
            defaultValue={config?.method ?? AUTOMATIC}
            className={select}
            aria-describedby={describedBy("method")}
          >
            <option value={AUTOMATIC}>automatic per feature</option>
            {DRIFT_METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <FieldError message={errors.method} id="error-method" />
        </label>
        {DRIFT_METHODS.map((m) => (
          <label key={m} className="flex flex-col gap-1">
            <span className="text-xs font-medium text-slate-600">
              {m} {m === "ks" || m === "chi-square" ? "(p <)" : "(>)"}
            </span>
            <input
              name={`thresholds.${m}`}
              inputMode="decimal"
              defaultValue={config?.thresholds?.[m] ?? ""}
              placeholder={formatStatistic(DEFAULT_DRIFT_THRESHOLDS[m])}
              className={input}
              aria-invalid={errors[`thresholds.${m}`] ? true : undefined}
              aria-describedby={describedBy(`thresholds.${m}`)}
            />
            <FieldError message={errors[`thresholds.${m}`]} id={`error-thresholds.${m}`} />
          </label>
        ))}
      </div>
      {features.length > 0 && (
        <table className="mt-3 w-full max-w-2xl">
          <caption className="sr-only">Per-feature drift settings</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
              <th className="px-2 py-1">Feature</th>
              <th className="px-2 py-1">Method</th>
              <th className="px-2 py-1">Threshold</th>
            </tr>
          </thead>
          <tbody>
            {features.map((name) => {
              const override = config?.features?.[name];
              const path = `features.${name}`;
              return (
                <tr key={name} className="border-b border-slate-100">
                  <th scope="row" className="px-2 py-1 text-left font-normal">
                    <input type="hidden" name="feature" value={name} />
                    {name}
                  </th>
                  <td className="px-2 py-1">
                    <select
                      name={`${path}.method`}
                      defaultValue={override?.method ?? AUTOMATIC}
                      aria-label={`Method for ${name}`}
                      className={select}
                      aria-describedby={describedBy(`${path}.method`)}
                    >
                      <option value={AUTOMATIC}>model-wide</option>
                      {DRIFT_METHODS.map((m) => (
                        <option key={m} value={m}>
                          {m}
                        </option>
                      ))}
                    </select>
                    <FieldError message={errors[`${path}.method`]} id={`error-${path}.method`} />
                  </td>
                  <td className="px-2 py-1">
                    <input
                      name={`${path}.threshold`}
                      inputMode="decimal"
                      defaultValue={override?.threshold ?? ""}
                      placeholder="model-wide"
                      aria-label={`Threshold for ${name}`}
                      className={input}
                      aria-invalid={errors[`${path}.threshold`] ? true : undefined}
                      aria-describedby={describedBy(`${path}.threshold`)}
                    />
                    <FieldError message={errors[`${path}.threshold`]} id={`error-${path}.threshold`} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="mt-3 flex items-center gap-3">
        <button
          type="submit"
          disabled={busy}
          className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white hover:opacity-90 disabled:opacity-60"
        >
          Save and recompute drift
        </button>
        <span className="text-xs text-slate-600" aria-live="polite">
          {busy
            ? "Saving and recomputing…"
            : fetcher.data?.errors
              ? "Not saved: fix the fields marked above."
              : run
                ? `Saved. Drift run #${run.id}: ${run.status}${run.error ? ` — ${run.error}` : ""}`
                : ""}
        </span>
      </div>
    </fetcher.Form>
  );
}
