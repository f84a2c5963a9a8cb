import { describe, expect, it } from "vitest";
import { driftConfigSchema } from "#lib/contracts/models";
import { driftConfigFromForm } from "./drift-settings-form";

function form(entries: Array<[string, string]>) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("driftConfigFromForm", () => {
  it("reads the model-wide method, the filled thresholds and the per-feature overrides", () => {
    const config = driftConfigFromForm(
      form([
        ["method", "psi"],
        ["thresholds.psi", "0.2"],
        ["thresholds.ks", ""],
        ["feature", "distance_km"],
        ["features.distance_km.method", "wasserstein"],
        ["features.distance_km.threshold", "0.3"],
        ["feature", "market"],
        ["features.market.method", "auto"],
        ["features.market.threshold", ""],
      ]),
      null,
    );
    expect(config).toEqual({
      method: "psi",
      thresholds: { psi: 0.2 },
      features: { distance_km: { method: "wasserstein", threshold: 0.3 } },
    });
    expect(driftConfigSchema.safeParse(config).success).toBe(true);
  });

  it("gives an empty config when everything is automatic, and keeps what the form does not show", () => {
    expect(driftConfigFromForm(form([["method", "auto"]]), null)).toEqual({});
    const current = {
      bins: 20,
      method: "ks" as const,
      features: { age: { kind: "numeric" as const, method: "psi" as const }, gone: { bins: 5 } },
    };
    expect(
      driftConfigFromForm(
        form([
          ["method", "auto"],
          ["feature", "age"],
          ["features.age.method", "auto"],
        ]),
        current,
      ),
    ).toEqual({ bins: 20, features: { age: { kind: "numeric" }, gone: { bins: 5 } } });
  });

  it("passes a non-number threshold on for the schema to reject at its field", () => {
    const config = driftConfigFromForm(
      form([
        ["feature", "age"],
        ["features.age.threshold", "high"],
      ]),
      null,
    );
    const parsed = driftConfigSchema.safeParse(config);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["features.age.threshold"]);
  });
});
