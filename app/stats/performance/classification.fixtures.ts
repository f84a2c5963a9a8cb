/**
 * Deterministic binary-classification sample shared by the performance tests, mirrored by
 * scripts/reference/performance_classification.py: p = uniforms(81, 500),
 * label = 1 if uniforms(82, 500)[i] < 0.8·p + 0.1, tied scores pt = floor(20p)/20.
 */
import { uniforms } from "#app/stats/drift/test-data";

const N = 500;
export const scores = uniforms(81, N);
const v = uniforms(82, N);
export const labels: (0 | 1)[] = scores.map((p, i) => ((v[i] ?? 1) < 0.8 * p + 0.1 ? 1 : 0));
export const tiedScores = scores.map((p) => Math.floor(p * 20) / 20);
