import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as vegaLite from "vega-lite";
import { bindControl, withControl, renderChart, ArgumentError, type ChartSpec } from "elbolab";

const rows = [0.01, 0.1, 1, 10, 100].flatMap((C) => [0, 1, 2].map((i) => ({ C, i, y: C * i })));
const base: ChartSpec = {
  title: "Margin against C",
  data: { values: rows },
  mark: "point",
  encoding: { x: { field: "i", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
} as ChartSpec;

/** The number of point marks vega drew in an SVG (one element with aria-roledescription="point" each). */
const symbols = (svg: string) => (svg.match(/aria-roledescription="point"/g) ?? []).length;

describe("bindControl", () => {
  test("picks the input from the values: linear slider, log slider, radio, dropdown", () => {
    const lin = bindControl("beta", [1, 2, 3, 4]);
    assert.equal(lin.input, "range");
    assert.deepEqual([lin.param.bind.min, lin.param.bind.max, lin.param.bind.step], [1, 4, 1]);
    const dec = bindControl("C", [0.01, 0.1, 1, 10, 100]);
    assert.equal(dec.input, "log-range");
    assert.equal(dec.param.value, -2);
    assert.equal(dec.param.bind.step, 1);
    const sizes = bindControl("draws", [20, 200, 2000, 20000], { initial: 20000 });
    assert.deepEqual([sizes.param.bind.min, sizes.param.bind.max, sizes.param.bind.step, sizes.param.value], [1.301, 4.301, 1, 4.301],
      "log10 values the slider shows, to 3 decimals");
    assert.equal(bindControl("k", [1, 5, 50, 5000]).input, "radio");
    assert.equal(bindControl("enc", ["a", "b", "c", "d", "e", "f", "g"]).input, "select");
    assert.equal(bindControl("enc", ["a", "b"], { initial: "b" }).param.value, "b");
  });

  test("bad input is an ArgumentError naming the argument and bindControl", () => {
    const cases: [() => unknown, string][] = [
      [() => bindControl("", [1]), "field"],
      [() => bindControl("C", []), "values"],
      [() => bindControl("C", [1, "a"]), "values"],
      [() => bindControl("C", [1, NaN]), "values"],
      [() => bindControl("C", [1, 1]), "values"],
      [() => bindControl("C", [1, 2], { initial: 3 }), "options.initial"],
    ];
    for (const [f, arg] of cases) {
      assert.throws(f, (e: unknown) => e instanceof ArgumentError && e.argument === arg && e.fn === "bindControl");
    }
  });
});

describe("withControl", () => {
  test("adds the parameter, a filter and the subtitle; vega-lite compiles it with the binding", () => {
    const c = bindControl("C", [0.01, 0.1, 1, 10, 100], { initial: 1 });
    const spec = withControl(base, c) as Record<string, any>;
    assert.equal(spec.title.text, "Margin against C");
    assert.match(spec.title.subtitle, /Pick C with the control below the live chart; a static image shows C = 1\./);
    assert.deepEqual(spec.params, [c.param]);
    assert.deepEqual(spec.transform[0], { filter: c.test });
    const compiled = vegaLite.compile(spec as ChartSpec).spec as Record<string, any>;
    const signal = compiled.signals.find((s: { name: string }) => s.name === c.param.name);
    assert.equal(signal.bind.input, "range");
    assert.throws(() => withControl(spec as ChartSpec, c), (e: unknown) => e instanceof ArgumentError && e.fn === "withControl");
  });

  test("the static image shows only the rows of the initial value, for every kind of input", async () => {
    for (const [values, initial] of [[[0.01, 0.1, 1, 10, 100], 10], [[0.01, 0.1, 1, 10, 100], 0.01]] as const) {
      const c = bindControl("C", [...values], { initial });
      const { svg } = await renderChart(withControl(base, c));
      assert.equal(symbols(svg), 3, `C = ${initial}: the three points of that value`);
    }
    const lin = bindControl("i", [0, 1, 2], { initial: 2 });
    assert.equal(symbols((await renderChart(withControl(base, lin))).svg), 5);
    const text = rows.map((r) => ({ ...r, name: `C${r.C}` }));
    const radio = bindControl("name", ["C0.01", "C0.1", "C1", "C10", "C100"], { initial: "C0.1" });
    assert.equal(symbols((await renderChart(withControl({ ...base, data: { values: text } } as ChartSpec, radio))).svg), 3);
  });

  test("options.layers filters only the named layers of a layered spec", async () => {
    const c = bindControl("C", [0.01, 0.1, 1, 10, 100], { initial: 1 });
    const curve = { data: { values: [0, 1, 2].map((i) => ({ i, y: i })) }, mark: "point",
      encoding: { x: { field: "i", type: "quantitative" }, y: { field: "y", type: "quantitative" } } };
    const layered = { title: "layers", layer: [{ ...base, title: undefined }, curve] } as unknown as ChartSpec;
    const spec = withControl(layered, c, { layers: [0] }) as Record<string, any>;
    assert.deepEqual(spec.layer[0].transform, [{ filter: c.test }]);
    assert.equal(spec.layer[1].transform, undefined);
    assert.equal(symbols((await renderChart(spec as ChartSpec)).svg), 3 + 3, "three filtered points and the whole curve");
    for (const layers of [[2], [-1], [0.5]]) {
      assert.throws(() => withControl(layered, c, { layers }), (e: unknown) => e instanceof ArgumentError && e.argument === "options.layers");
    }
    assert.throws(() => withControl(base, c, { layers: [0] }), (e: unknown) => e instanceof ArgumentError && e.argument === "options.layers");
  });
});
