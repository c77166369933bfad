import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as vegaLite from "vega-lite";
import { distortionRateComparisonChart, renderChart, type ChartSpec } from "elbolab";
import { assertArgumentError } from "./setup";

const sweep = [1, 2, 4].map((beta) => ({ beta, rate: 12 / beta, distortion: 40 + beta }));
const mine = [{ beta: 3, rate: 3.5, distortion: 47 }];

describe("distortionRateComparisonChart", () => {
  it("draws every set with its β labels; the legend lists exactly the sets given", async () => {
    const spec = distortionRateComparisonChart([{ name: "the sweep", points: sweep }, { name: "your models", points: mine }]);
    const { svg } = await renderChart(spec);
    for (const t of ["β 1", "β 2", "β 4", "β 3", "the sweep", "your models"]) assert.ok(svg.includes(`>${t}<`), t);
    const warnings: string[] = [];
    const logger = { level: () => logger, warn: (...m: unknown[]) => (warnings.push(m.join(" ")), logger),
                     info: () => logger, debug: () => logger, error: (...m: unknown[]) => (warnings.push(m.join(" ")), logger) };
    const compiled = vegaLite.compile(spec as ChartSpec, { logger: logger as never }).spec as Record<string, any>;
    assert.deepEqual(warnings, [], "vega-lite compiles it without warnings (a notebook would show them as stderr)");
    const legendScale = compiled.scales.find((s: { name: string }) => s.name === "color");
    assert.deepEqual(legendScale.domain, ["the sweep", "your models"]);
  });

  it("bad input names the argument and distortionRateComparisonChart (an empty set would be an empty legend entry)", () => {
    assertArgumentError(() => distortionRateComparisonChart([]), "sets", "distortionRateComparisonChart");
    assertArgumentError(() => distortionRateComparisonChart([{ name: "a", points: [] }]), "sets[0].points", "distortionRateComparisonChart");
    assertArgumentError(() => distortionRateComparisonChart([{ name: "", points: sweep }]), "sets[0].name", "distortionRateComparisonChart");
    assertArgumentError(() => distortionRateComparisonChart([{ name: "a", points: [{ beta: 1, rate: NaN, distortion: 1 }] }]),
      "sets[0].points[0]", "distortionRateComparisonChart");
    assertArgumentError(() => distortionRateComparisonChart([{ name: "a", points: sweep }, { name: "a", points: mine }]), "sets", "distortionRateComparisonChart");
  });
});
