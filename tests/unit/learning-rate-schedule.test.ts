import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { generateShapes, iwaeLearningRate, iwaeLearningRates, iwaeScheduleStage, trainVae, Vae, IWAE_PAPER_PASSES } from "elbolab";
import { assertArgumentError, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

describe("the IWAE paper's learning-rate schedule", () => {
  test("stage i lasts 3^i passes at 0.001·10^(-i/7); eight stages are the paper's 3,280 passes", () => {
    const expected: number[] = [];
    for (let i = 0; i < 8; i++) for (let r = 0; r < 3 ** i; r++) expected.push(0.001 * Math.pow(10, -i / 7));
    assert.equal(expected.length, IWAE_PAPER_PASSES);
    assert.deepEqual(iwaeLearningRates(IWAE_PAPER_PASSES), expected);
    assert.equal(iwaeLearningRate(0), 0.001);
    assert.deepEqual([0, 1, 3, 4, 12, 13, 39, 40].map(iwaeScheduleStage), [0, 1, 1, 2, 2, 3, 3, 4]);
    assert.equal(iwaeScheduleStage(IWAE_PAPER_PASSES - 1), 7);
    assert.equal(iwaeScheduleStage(IWAE_PAPER_PASSES), 8, "the schedule continues past the paper's eight stages");
    assert.deepEqual(iwaeLearningRates(2), expected.slice(0, 2), "a budget truncates the schedule");
  });

  test("bad passes are errors naming the argument", () => {
    assertArgumentError(() => iwaeLearningRate(-1), "pass", "iwaeLearningRate");
    assertArgumentError(() => iwaeLearningRate(1.5), "pass", "iwaeLearningRate");
    assertArgumentError(() => iwaeScheduleStage(NaN), "pass", "iwaeScheduleStage");
    assertArgumentError(() => iwaeLearningRates(0), "passes", "iwaeLearningRates");
  });
});

describe("trainVae with a learning rate per epoch", () => {
  const shapes = generateShapes({ n: 20, seed: 3 });
  const config = { inputSize: shapes.dim, hidden: [8], latentSize: 2 };
  const weights = (vae: Vae) => vae.variables.map((v) => Array.from(v.dataSync()));

  test("Adam's first step moves every weight by at most learningRates[0], the largest moves by about that", () => {
    const vae = new Vae(config, 1);
    const w0 = weights(vae).flat();
    trainVae(vae, shapes, { objective: { kind: "iwae", k: 2 }, epochs: 1, batchSize: 20, seed: 2, learningRates: [0.01] });
    const moves = weights(vae).flat().map((w, i) => Math.abs(w - w0[i]));
    const largest = Math.max(...moves);
    assert.ok(largest <= 0.01 * (1 + 1e-5), `largest move ${largest}`);
    assert.ok(largest >= 0.0099, `largest move ${largest}: the rate did not reach Adam`);
    vae.dispose();
  });

  test("equal rates equal a constant learningRate bit for bit; a changed second rate changes only the second epoch", () => {
    const run = (opts: { learningRate?: number; learningRates?: number[] }) => {
      const vae = new Vae(config, 4);
      const afterFirst: number[][] = [];
      trainVae(vae, shapes, { objective: { kind: "elbo" }, epochs: 2, batchSize: 5, seed: 5, ...opts,
        onEpoch: (e) => { if (e.epoch === 0) afterFirst.push(...weights(vae)); } });
      const out = { afterFirst, final: weights(vae) };
      vae.dispose();
      return out;
    };
    const constant = run({ learningRate: 2e-3 });
    const same = run({ learningRates: [2e-3, 2e-3] });
    const changed = run({ learningRates: [2e-3, 5e-4] });
    assert.deepEqual(same, constant);
    assert.deepEqual(changed.afterFirst, constant.afterFirst);
    assert.notDeepEqual(changed.final, constant.final);
  });

  test("bad rates are errors naming the argument; no tensor leak", () => {
    const vae = new Vae(config, 6);
    const base = { objective: { kind: "elbo" as const }, epochs: 2, seed: 0 };
    assertArgumentError(() => trainVae(vae, shapes, { ...base, learningRates: [1e-3] }), "options.learningRates", "trainVae");
    assertArgumentError(() => trainVae(vae, shapes, { ...base, learningRates: [1e-3, NaN] }), "options.learningRates[1]", "trainVae");
    assertArgumentError(() => trainVae(vae, shapes, { ...base, learningRates: [0, 1e-3] }), "options.learningRates[0]", "trainVae");
    assertNoTensorLeak(() => { trainVae(vae, shapes, { ...base, batchSize: 10, learningRates: iwaeLearningRates(2) }); }, 2);
    vae.dispose();
  });
});
