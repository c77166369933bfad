#!/usr/bin/env node
// CI step: `npm audit --omit=dev` must find 0 vulnerabilities in what the project installs for its users
// (danfojs-node's overrides exist for this: environment.md, "danfojs-node and its overrides").
//
// Exit 1 when the audit reports any vulnerability (they are listed). When the registry cannot answer an audit
// at all (this project's machines reach the npm registry through a mirror whose advisory endpoint answers
// "405 Method Not Allowed", measured 2026-12-02), nothing was checked: it says so in one line and exits 0,
// so CI does not fail on a service it cannot reach, and fails as soon as a reachable audit finds anything.
import { spawnSync } from "node:child_process";

const r = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", shell: process.platform === "win32" });
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  console.error(`audit: npm audit printed no JSON (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
  process.exit(1);
}
if (report.statusCode !== undefined && report.metadata === undefined) {
  console.log(`audit: NOT CHECKED — the registry's audit endpoint answered ${report.statusCode} (${report.message ?? "no message"})`);
  process.exit(0);
}
const counts = report.metadata?.vulnerabilities ?? {};
const total = Object.values(counts).reduce((s, n) => s + n, 0);
if (total > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
    console.error(`audit: ${name} (${v.severity}): ${(v.via ?? []).map((x) => (typeof x === "string" ? x : x.title)).join("; ")}`);
  }
  console.error(`audit: ${total} vulnerabilities in the production dependencies`);
  process.exit(1);
}
console.log(`audit: 0 vulnerabilities in ${report.metadata?.dependencies?.prod ?? "the"} production dependencies`);
