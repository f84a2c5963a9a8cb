import type { MetricSpec } from "#db/queries/experiment-per-unit";
import type { TestApp } from "./harness";

/** Creates the metrics most tests need: conversion (proportion), revenue (mean), ctr (ratio). */
export async function createStandardMetrics(app: TestApp) {
  const metrics = [
    { key: "conversion", name: "Applied", type: "proportion", event: "apply" },
    { key: "revenue", name: "Revenue per user", type: "mean", event: "purchase" },
    { key: "ctr", name: "Click-through rate", type: "ratio", numerator: "click", denominator: "impression" },
  ];
  for (const body of metrics) {
    const res = await app.api("POST", "/api/v1/metrics", { body });
    if (res.status !== 201) throw new Error(`metric setup failed: ${JSON.stringify(res.body)}`);
  }
}

export function experimentBody(key: string, overrides: Record<string, unknown> = {}) {
  return {
    key,
    name: `Experiment ${key}`,
    hypothesis: "The new ranker gets more applies",
    variants: [
      { key: "control", weight: 0.5, model: "ranker", modelVersion: "v1" },
      { key: "treatment", weight: 0.5, model: "ranker", modelVersion: "v2" },
    ],
    metrics: { primary: "conversion", secondary: ["ctr"], guardrails: ["revenue"] },
    ...overrides,
  };
}

/** Creates and starts an experiment; returns its key. */
export async function runningExperiment(app: TestApp, key: string, overrides: Record<string, unknown> = {}) {
  const created = await app.api("POST", "/api/v1/experiments", { body: experimentBody(key, overrides) });
  if (created.status !== 201) throw new Error(`experiment setup failed: ${JSON.stringify(created.body)}`);
  const started = await app.api("POST", `/api/v1/experiments/${key}/start`);
  if (started.status !== 200) throw new Error(`start failed: ${JSON.stringify(started.body)}`);
  return key;
}

/** The SQL-side specs of apply (proportion, windowed), purchase (mean) and click/impression (ratio). */
export function metricSpecs(applyWindowHours: number): MetricSpec[] {
  return [
    { type: "proportion", event: "apply", numerator: null, denominator: null, windowHours: applyWindowHours },
    { type: "mean", event: "purchase", numerator: null, denominator: null, windowHours: null },
    { type: "ratio", event: null, numerator: "click", denominator: "impression", windowHours: null },
  ];
}
