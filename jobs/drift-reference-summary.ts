/**
 * The reference side of a feature's drift comparison. It is stored in every drift snapshot's
 * details and reused by later runs while the reference window and the drift config are the
 * same and the window had ended when it was computed, so an hourly run reads only the current
 * windows instead of profiling and re-binning a week of reference data each time.
 */
import { createHash } from "node:crypto";
import type { DriftConfig, FeatureKind } from "#app/stats/drift/config";
import type { MissingShareResult } from "#app/stats/drift/detect";
import type { DriftSubject } from "#db/queries/model-drift";
import type { Binning, Histogram } from "#app/stats/drift/from-histograms";
import type { ValueCells } from "#app/stats/drift/value-cells";

/** What identifies a reference: its window and the drift config it was binned under. */
export interface ReferenceKey {
  from: string;
  to: string;
  /** Fingerprint of the model's drift config (bins, kinds and methods change the binning). */
  config: string;
}

/** The stored form (details.reference of a snapshot). */
export interface StoredReference extends ReferenceKey, Histogram {
  kind: FeatureKind;
  distinctNumbers: number;
  std: number | null;
  /** Interior bin edges (numeric binning): bins are (−∞, e₁), [e₁, e₂), …, [e_k, +∞). */
  edges?: number[];
  /** Kept categories by reference frequency (category binning); counts then hold "other" last. */
  categories?: string[];
}

/** A numeric feature's fine reference cells (drift_reference_cells), for KS and Wasserstein. */
export interface ReferenceCells extends ValueCells {
  edges: number[];
}

export interface ReferenceSummary extends StoredReference {
  subject: DriftSubject;
  name: string;
  /** Numeric binning only; kept in its own table, not in every snapshot. */
  cells?: ReferenceCells;
}

/** A drift snapshot's details: both histograms (missing count apart) for charts, and the reference for reuse. */
export interface DriftDetails extends Record<string, unknown> {
  reference: StoredReference;
  current: Histogram;
  /** The separate missing-share test of KS and Wasserstein. */
  missingShare?: MissingShareResult;
}

/** A stable fingerprint of a drift config (key order does not matter). */
export function configFingerprint(config: DriftConfig): string {
  const canonical = (value: unknown): unknown =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        )
      : value;
  return createHash("sha256")
    .update(JSON.stringify(canonical(config)))
    .digest("hex")
    .slice(0, 16);
}

export function binningOf(summary: StoredReference): Binning {
  return summary.edges ? { mode: "numeric", edges: summary.edges } : { mode: "categories" };
}

export function storedReference(summary: ReferenceSummary): StoredReference {
  const { subject: _subject, name: _name, cells: _cells, ...stored } = summary;
  return stored;
}
