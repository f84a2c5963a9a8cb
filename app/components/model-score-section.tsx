/** The model page's score distribution, reference vs the latest day, per version. */
import { Suspense } from "react";
import type { ModelPageData } from "#app/routes/model.server";
import { formatShortDay } from "#app/ui/format";
import { DistributionTable, DriftDistributionChart, distributionSummary } from "./model-distribution";
import { Section, chartFallback } from "./model-section";

export function ScoreSection({ data }: { data: ModelPageData }) {
  if (data.score.length === 0) return null;
  return (
    <Section title="Score distribution" id="score">
      <p className="mb-2 text-xs text-slate-500">
        The model's scores on the latest complete day drawn over its reference window (grey), both on the
        reference's bins and semi-transparent, so where they overlap shows through.
      </p>
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        {data.score.map((s) =>
          s.distribution ? (
            <div key={s.version} className="rounded-lg border border-slate-200 bg-white p-3">
              <h3 className="text-sm font-medium">
                {s.version}: reference vs {formatShortDay(s.day)}
              </h3>
              <Suspense fallback={chartFallback(200)}>
                <DriftDistributionChart
                  bins={s.distribution.bins}
                  summary={distributionSummary(`Score (${s.version})`, s.distribution)}
                  testId="score-chart"
                  overlaid
                />
              </Suspense>
              <DistributionTable
                distribution={s.distribution}
                caption={`Score distribution of ${s.version}`}
              />
            </div>
          ) : null,
        )}
      </div>
    </Section>
  );
}
