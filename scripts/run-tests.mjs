#!/usr/bin/env node
// Runs every *.test.ts below the given folders with Node's test runner (TypeScript through tsx).
//   node scripts/run-tests.mjs tests/unit [more folders or files]
// Extra options for node --test can follow "--", e.g. -- --test-name-pattern=kl
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const argv = process.argv.slice(2);
const dash = argv.indexOf("--");
const targets = dash >= 0 ? argv.slice(0, dash) : argv;
const extra = dash >= 0 ? argv.slice(dash + 1) : [];

function collect(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).sort().flatMap((name) => {
    const p = join(path, name);
    return statSync(p).isDirectory() ? collect(p) : name.endsWith(".test.ts") ? [p] : [];
  });
}

const files = targets.flatMap(collect);
if (files.length === 0) {
  console.error(`run-tests: no *.test.ts files under ${targets.join(", ")}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...extra, ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
