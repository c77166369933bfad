import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { histogramDensity, densityHistogramChart, renderChart, ArgumentError, type ChartSpec } from "elbolab";

describe("histogramDensity", () => {
  test("bins at multiples of the width, densities integrate to 1", () => {
    assert.deepEqual(histogramDensity([0.1, 0.2, 0.6], 0.5), [{ x: 0, density: 2 / 1.5 }, { x: 0.5, density: 1 / 1.5 }]);
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    const rows = histogramDensity(values, 0.25);
    assert.ok(Math.abs(rows.reduce((s, r) => s + r.density * 0.25, 0) - 1) < 1e-12);
    assert.deepEqual(rows.map((r) => r.x), [...rows.map((r) => r.x)].sort((a, b) => a - b));
    assert.deepEqual(histogramDensity([-0.1], 1), [{ x: -1, density: 1 }], "a negative value falls in the bin below 0");
  });
  test("bad input names the argument and histogramDensity", () => {
    const cases: [() => unknown, string][] = [
      [() => histogramDensity([], 1), "values"], [() => histogramDensity([1, NaN], 1), "values"],
      [() => histogramDensity([1], 0), "width"], [() => histogramDensity([1], Infinity), "width"],
    ];
    for (const [f, arg] of cases) {
      assert.throws(f, (e: unknown) => e instanceof ArgumentError && e.argument === arg && e.fn === "histogramDensity");
    }
  });
});

describe("densityHistogramChart", () => {
  const sizes = [10, 100, 1000];
  const rows = sizes.flatMap((m) => histogramDensity(Array.from({ length: m }, (_, i) => Math.sin(i)), 0.5).map((r) => ({ ...r, draws: m })));
  const curve = [-1, 0, 1].map((x) => ({ x, density: 0.3 }));
  test("a slider over the sizes filters the bars only; the static image shows the largest sample", async () => {
    const spec = densityHistogramChart(rows, curve, { width: 0.5, sizes, title: "t" }) as Record<string, any>;
    assert.equal(spec.params[0].bind.input, "range");
    assert.equal(spec.params[0].value, 3, "log10 of the largest size");
    const { svg } = await renderChart(spec as ChartSpec);
    const bars = (svg.match(/aria-roledescription="bar"/g) ?? []).length;
    assert.equal(bars, rows.filter((r) => r.draws === 1000).length);
    assert.match(svg, /aria-roledescription="line mark"/);
  });
  test("bad input names the argument and densityHistogramChart", () => {
    const f = (r: typeof rows, c: typeof curve) => () => densityHistogramChart(r, c, { width: 0.5, sizes, title: "t" });
    for (const [g, arg] of [[f([], curve), "rows"], [f(rows, []), "curve"], [f([{ x: 0, density: 1, draws: 7 }], curve), "rows"]] as const) {
      assert.throws(g, (e: unknown) => e instanceof ArgumentError && e.argument === arg && e.fn === "densityHistogramChart");
    }
  });
});
