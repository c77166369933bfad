import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Vae, cachedVaeSweep, trainVae, vaeSnapshot, generateShapes } from "elbolab";
import { useBackend } from "./setup";

useBackend();

const shapes = generateShapes({ n: 12, seed: 2, side: 8, positions: 3 });
const config = { inputSize: 64, hidden: [8], latentSize: 2 };
const bits = (a: ArrayLike<number>) => Array.from(a, (v) => v.toString());
const jobs = [1, 4].map((beta) => ({
  name: `beta-${beta}`, settings: { beta, config }, make: () => new Vae(config, 3),
  options: { objective: { kind: "beta" as const, beta }, epochs: 2, batchSize: 4, seed: 5 },
}));

describe("cachedVaeSweep", () => {
  test("trains on workers like trainVae here, saves, and a second call loads the same weights", async () => {
    const root = mkdtempSync(join(tmpdir(), "elbolab-cache-"));
    const epochs: number[] = [];
    const first = await cachedVaeSweep(root, jobs, shapes, { workers: 2, onEpoch: (job) => { epochs.push(job); } });
    assert.deepEqual(first.map((r) => r.cached), [false, false]);
    assert.deepEqual(epochs.sort(), [0, 0, 1, 1], "two epochs reported for each job");
    assert.equal(readdirSync(root).length, 2);
    for (const [i, job] of jobs.entries()) {
      const here = job.make();
      trainVae(here, shapes, job.options);
      assert.deepEqual(vaeSnapshot(first[i].vae).weights.map(bits), vaeSnapshot(here).weights.map(bits), `job ${i} trained on a worker`);
      here.dispose();
    }
    const second = await cachedVaeSweep(root, jobs, shapes, { workers: 2 });
    assert.deepEqual(second.map((r) => r.cached), [true, true]);
    second.forEach((r, i) => assert.deepEqual(vaeSnapshot(r.vae).weights.map(bits), vaeSnapshot(first[i].vae).weights.map(bits)));
    [...first, ...second].forEach((r) => r.vae.dispose());
  });

  test("without a root nothing is cached; bad jobs are errors naming them", async () => {
    const runs = await cachedVaeSweep(null, jobs.slice(0, 1), shapes, { workers: 0 });
    assert.equal(runs[0].cached, false);
    assert.equal(runs[0].dir, null);
    runs[0].vae.dispose();
    await assert.rejects(cachedVaeSweep(null, [{ ...jobs[0], name: "../x" }], shapes), /Argument 'jobs\[0\]\.name' passed to 'cachedVaeSweep'/);
    await assert.rejects(cachedVaeSweep(null, [{ ...jobs[0], make: 3 as never }], shapes), /Argument 'jobs\[0\]\.make' passed to 'cachedVaeSweep'/);
  });
});
