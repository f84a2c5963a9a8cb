/** The model page's reliability diagram and confusion matrix per version. */
import { Suspense, lazy } from "react";
import type { ModelPageData } from "#app/routes/model.server";
import { formatCount, formatPercent } from "#app/ui/format";
import { Section, cell, chartFallback, head, num } from "./model-section";

const ModelCalibrationChart = lazy(() =>
  import("#app/components/charts/chart-line-model-calibration").then((m) => ({
    default: m.ModelCalibrationChart,
  })),
);

export function CalibrationSection({ data }: { data: ModelPageData }) {
  return (
    <Section title="Calibration and confusion" id="calibration">
      <p className="mb-2 text-xs text-slate-500">
        Reliability per score bin over the latest {data.recentDays} days with labels against the reference
        window (diagonal: perfectly calibrated); confusion counts at the 0.5 decision threshold over the same
        days.
      </p>
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        {data.calibration.map((c) => {
          const total = c.confusion ? c.confusion.tp + c.confusion.fp + c.confusion.tn + c.confusion.fn : 0;
          return (
            <div key={c.version} className="rounded-lg border border-slate-200 bg-white p-3">
              <h3 className="text-sm font-medium">{c.version}</h3>
              <Suspense fallback={chartFallback(220)}>
                <ModelCalibrationChart
                  current={c.current}
                  reference={c.reference}
                  summary={`Calibration of ${c.version}, latest days: ${c.current
                    .filter((p) => p.count > 0)
                    .map((p) => `${p.bin} observed ${formatPercent(p.observed)}`)
                    .join(", ")}`}
                />
              </Suspense>
              <details className="mt-1 text-xs">
                <summary className="cursor-pointer text-slate-600">The numbers</summary>
                <table className="mt-1 w-full">
                  <caption className="sr-only">Calibration of {c.version}</caption>
                  <thead>
                    <tr className={head}>
                      <th className={cell}>Score bin</th>
                      <th className={`${cell} text-right`}>Predicted (latest)</th>
                      <th className={`${cell} text-right`}>Observed (latest)</th>
                      <th className={`${cell} text-right`}>n</th>
                      <th className={`${cell} text-right`}>Observed (reference)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.current.map((p) => (
                      <tr key={p.bin} className="border-b border-slate-100">
                        <td className={cell}>{p.bin}</td>
                        <td className={num}>{formatPercent(p.predicted)}</td>
                        <td className={num}>{formatPercent(p.observed)}</td>
                        <td className={num}>{formatCount(p.count)}</td>
                        <td className={num}>
                          {formatPercent(c.reference.find((r) => r.bin === p.bin)?.observed)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
              {c.confusion && (
                <table className="mt-3 w-full text-sm" data-testid="confusion-matrix">
                  <caption className="mb-1 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                    Confusion matrix of {c.version} at 0.5 ({formatCount(total)} labelled)
                  </caption>
                  <thead>
                    <tr className={head}>
                      <th className={cell}>
                        <span className="sr-only">Actual class</span>
                      </th>
                      <th className={`${cell} text-right`}>Predicted positive</th>
                      <th className={`${cell} text-right`}>Predicted negative</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr className="border-b border-slate-100">
                      <th scope="row" className={`${cell} text-left font-medium`}>
                        Actual positive
                      </th>
                      <td className={num}>{formatCount(c.confusion.tp)} (TP)</td>
                      <td className={num}>{formatCount(c.confusion.fn)} (FN)</td>
                    </tr>
                    <tr>
                      <th scope="row" className={`${cell} text-left font-medium`}>
                        Actual negative
                      </th>
                      <td className={num}>{formatCount(c.confusion.fp)} (FP)</td>
                      <td className={num}>{formatCount(c.confusion.tn)} (TN)</td>
                    </tr>
                  </tbody>
                </table>
              )}
            </div>
          );
        })}
      </div>
    </Section>
  );
}
