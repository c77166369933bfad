#!/usr/bin/env node
// `npm run protocol:table [-- --out DIR]`: the NLL-against-passes table of a protocol run (output/protocol/stages.json,
// read and checksum-verified by readProtocolStages) in the layout of README and docs/benchmarks.md: test NLL ± SE per
// model, the paired differences per stage, active units, then training and L_5000 seconds per model and stage.
import { resolve } from "node:path";
import { protocolPairedDifferences, readProtocolStages } from "../lib/dist/index.js";

const at = process.argv.indexOf("--out");
const out = resolve(at > 0 ? process.argv[at + 1] : "output/protocol");
const stages = readProtocolStages(out);
if (stages === null) {
  console.error(`protocol:table: no stages.json in ${out}; run \`npm run protocol -- --passes N\` first`);
  process.exit(1);
}
const { results } = stages;
const models = ["vae", "iwae5", "iwae50"];
const passes = [...new Set(results.map((r) => r.passes))].sort((a, b) => a - b);
const find = (model, p) => results.find((r) => r.model === model && r.passes === p);
const pm = (m, s) => `${m.toFixed(2)} ± ${s.toFixed(2)}`;
const diffs = protocolPairedDifferences(results);
const diff = (a, b, p) => { const d = diffs.find((x) => x.a === a && x.b === b && x.passes === p); return d ? pm(d.mean, d.se) : ""; };
console.log("| passes (stage) | VAE test NLL | IWAE k = 5 | IWAE k = 50 | k50 − VAE (paired) | k5 − VAE | k50 − k5 | active units VAE / k5 / k50 |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const p of passes) {
  const rows = models.map((m) => find(m, p));
  const stage = rows.find(Boolean).stage;
  console.log(`| ${p} (${stage}) | ${rows.map((r) => (r ? pm(-r.testLogLikelihood, r.se) : "—")).join(" | ")} | ` +
    `${diff("iwae50", "vae", p)} | ${diff("iwae5", "vae", p)} | ${diff("iwae50", "iwae5", p)} | ${rows.map((r) => (r ? r.activeUnits : "—")).join(" / ")} |`);
}
console.log("\n| per model | " + passes.map((p) => `training to ${p} pass${p === 1 ? "" : "es"} | L_5000 at ${p}`).join(" | ") + " |");
console.log("| --- |" + " --- | --- |".repeat(passes.length));
for (const m of models) {
  console.log(`| ${m} | ` + passes.map((p) => { const r = find(m, p); return r ? `${r.trainingSeconds.toFixed(0)} s | ${r.evaluationSeconds.toFixed(0)} s` : "— | —"; }).join(" | ") + " |");
}
