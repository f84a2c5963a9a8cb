/**
 * Turns the histogram scan's rows (db/queries/model-drift.ts) into per-window histograms of each
 * feature. Absent feature keys produce no row in SQL, so a feature's missing count is the
 * window's prediction total minus its rows, plus its explicit missing slot.
 */
import { type DriftSubject, type HistogramCount, MISSING_SLOT, OTHER_SLOT } from "#db/queries/model-drift";
import type { Binning, Histogram } from "#app/stats/drift/from-histograms";
import type { ValueCells } from "#app/stats/drift/value-cells";

export interface FeatureRef {
  subject: DriftSubject;
  name: string;
}

const featureKey = (f: FeatureRef) => `${f.subject}\u0000${f.name}`;

export class WindowHistograms {
  private readonly byFeature = new Map<string, Map<number, HistogramCount[]>>();
  private readonly predictions = new Map<number, number>();

  constructor(rows: readonly HistogramCount[]) {
    for (const row of rows) {
      const key = featureKey(row);
      const windows = this.byFeature.get(key) ?? new Map<number, HistogramCount[]>();
      const list = windows.get(row.idx);
      if (list) list.push(row);
      else windows.set(row.idx, [row]);
      this.byFeature.set(key, windows);
      // Every prediction has exactly one score row, so the score counts are the window totals.
      if (row.subject === "score")
        this.predictions.set(row.idx, (this.predictions.get(row.idx) ?? 0) + row.count);
    }
  }

  /** Predictions in window `idx`. */
  total(idx: number): number {
    return this.predictions.get(idx) ?? 0;
  }

  /**
   * The category names of a categorically binned feature, by reference frequency (they are the
   * value slots 0…n−1; "other" follows them).
   */
  categories(feature: FeatureRef, referenceIdx: number): string[] {
    const rows = this.rows(feature, referenceIdx).filter((r) => r.slot >= 0);
    const names: string[] = [];
    for (const r of rows) names[r.slot] = r.category ?? "";
    return Array.from(names, (n) => n ?? "");
  }

  /** The histogram of one feature in window `idx`. */
  histogram(feature: FeatureRef, idx: number, binning: Binning, categoryCount: number): Histogram {
    const rows = this.rows(feature, idx);
    const slots = binning.mode === "numeric" ? binning.edges.length + 1 : categoryCount + 1;
    const counts = new Array<number>(slots).fill(0);
    let missing = 0;
    let seen = 0;
    let min: number | null = null;
    let max: number | null = null;
    for (const r of rows) {
      seen += r.count;
      if (r.slot === MISSING_SLOT) {
        missing += r.count;
        continue;
      }
      const slot = r.slot === OTHER_SLOT ? categoryCount : r.slot;
      counts[slot] = (counts[slot] ?? 0) + r.count;
      if (r.min !== null) min = min === null ? r.min : Math.min(min, r.min);
      if (r.max !== null) max = max === null ? r.max : Math.max(max, r.max);
    }
    // The label is only counted where it exists; a feature key missing from a prediction is a missing value.
    if (feature.subject === "feature") missing += this.total(idx) - seen;
    return { counts, missing, min, max };
  }

  /**
   * The fine cells of a numeric feature in window `idx` (cells.length = edges + 1). A cell cut
   * by a coarse bin edge comes in two rows, merged here by the parallel-variance formula.
   */
  cells(feature: FeatureRef, idx: number, edgeCount: number): ValueCells {
    const size = edgeCount + 1;
    const count = new Array<number>(size).fill(0);
    const sum = new Array<number>(size).fill(0);
    const m2 = new Array<number>(size).fill(0);
    const min = new Array<number | null>(size).fill(null);
    const max = new Array<number | null>(size).fill(null);
    for (const r of this.rows(feature, idx)) {
      if (r.cell === null || r.cell < 0 || r.cell >= size || r.count === 0) continue;
      const k = r.cell;
      const n1 = count[k] ?? 0;
      const s1 = sum[k] ?? 0;
      const s2 = r.sum ?? 0;
      const n = n1 + r.count;
      const delta = n1 > 0 ? s2 / r.count - s1 / n1 : 0;
      m2[k] = (m2[k] ?? 0) + (r.m2 ?? 0) + (delta * delta * n1 * r.count) / n;
      count[k] = n;
      sum[k] = s1 + s2;
      if (r.min !== null) min[k] = Math.min(min[k] ?? r.min, r.min);
      if (r.max !== null) max[k] = Math.max(max[k] ?? r.max, r.max);
    }
    return { count, sum, m2, min, max };
  }

  private rows(feature: FeatureRef, idx: number): HistogramCount[] {
    return this.byFeature.get(featureKey(feature))?.get(idx) ?? [];
  }
}
