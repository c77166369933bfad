#!/usr/bin/env node
// `npm run test:native`: the unit suite and the quick notebooks on the native backend ("tensorflow",
// built by `npm run native:setup`), the notebooks against tests/snapshots/native/. CI runs it after `npm test`.
//   npm run test:native                      (ELBOLAB_NOTEBOOKS=02,05 narrows the notebooks, as for test:notebooks)
//   npm run test:native -- --update          (re-records tests/snapshots/native/ on purpose; commit it with the reason)
// Fails at once, saying what to run, when the native backend does not start (initBackend never falls back when a
// backend is requested). Prints the time of each part.
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const update = process.argv.includes("--update");
const env = { ...process.env, ELBOLAB_BACKEND: "tensorflow", ...(update ? { ELBOLAB_UPDATE_SNAPSHOTS: "1" } : {}) };
const seconds = (t) => ((Date.now() - t) / 1000).toFixed(0);

function step(what, command, argv) {
  const t = Date.now();
  const r = spawnSync(command, argv, { cwd: root, stdio: "inherit", env });
  console.log(`test:native: ${what} ${r.status === 0 ? "passed" : "FAILED"} in ${seconds(t)} s`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}

step("build", "npm", ["run", "build", "--silent"]);
const probe = "import('./lib/dist/index.js').then(async (m) => { const b = await m.initBackend('tensorflow'); console.log(b.name); })"
  + ".catch((e) => { console.error(e.message); process.exit(1); })";
const r = spawnSync(process.execPath, ["-e", probe], { cwd: root, encoding: "utf8", env });
if (r.status !== 0 || r.stdout.trim() !== "tensorflow") {
  console.error(`test:native: the native backend does not start; run \`npm run native:setup\` first.\n${r.stderr.trim()}`);
  process.exit(1);
}
const t0 = Date.now();
if (!update) step("unit tests on the native backend", process.execPath, ["scripts/run-tests.mjs", "tests/unit"]);
// the notebooks only: tests/notebooks/harness.test.ts and runner.test.ts test the runner itself, not the backend
step(`quick notebooks on the native backend${update ? " (re-recording tests/snapshots/native/)" : ""}`, process.execPath,
  ["scripts/run-tests.mjs", "tests/notebooks/notebooks.test.ts"]);
console.log(`test:native: all passed in ${seconds(t0)} s`);
