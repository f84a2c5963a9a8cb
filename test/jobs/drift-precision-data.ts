/**
 * The rows of the drift-precision test (test/jobs/model-drift-precision.test.ts), shared with
 * scripts/reference/drift_precision_export.ts, which hands them to scipy: a 20,000-prediction
 * reference day, then a day of 12,000 from the same distributions and a day of 12,000 moved.
 */
import { DRIFT_SHAPES, type DriftShape, driftShape } from "#app/stats/drift/test-data";

export const PRECISION_REFERENCE_ROWS = 20_000;
export const PRECISION_WINDOW_ROWS = 12_000;

/** The move of each shape on the last day: small enough that some distances stay under 0.1. */
export const PRECISION_SHIFTS: Record<DriftShape, number> = {
  normal: 0.5,
  lognormal: 0.05,
  student2: 0.25,
  cauchy: 0.25,
  discrete: 0.3,
  constant: 0.5,
};

export interface PrecisionSamples {
  reference: number[];
  same: number[];
  moved: number[];
}

export function precisionSamples(): Record<DriftShape, PrecisionSamples> {
  return Object.fromEntries(
    DRIFT_SHAPES.map((shape, i) => [
      shape,
      {
        reference: driftShape(shape, 1000 + i, PRECISION_REFERENCE_ROWS),
        same: driftShape(shape, 2000 + i, PRECISION_WINDOW_ROWS),
        moved: driftShape(shape, 3000 + i, PRECISION_WINDOW_ROWS, PRECISION_SHIFTS[shape]),
      },
    ]),
  ) as Record<DriftShape, PrecisionSamples>;
}
