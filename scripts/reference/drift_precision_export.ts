/**
 * Prints the drift-precision test's samples as JSON for scripts/reference/drift_precision.py:
 *   npx tsx scripts/reference/drift_precision_export.ts | /usr/bin/python3 scripts/reference/drift_precision.py
 * (the samples use Math.log/cos/tan, so scipy reads them instead of regenerating them).
 */
import { precisionSamples } from "#test/jobs/drift-precision-data";

process.stdout.write(JSON.stringify(precisionSamples()));
