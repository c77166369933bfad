/**
 * Memory of chart rendering: renders `--n` charts (a line chart of 200 points with axes, a title and
 * a legend: what a notebook draws) with `renderChart`, one after the other, and prints the process's
 * RSS, heap and external memory every `--every` charts, as JSON lines, then a summary. A measurement
 * script (issue 11: RSS grew by about 1.1 MB per chart), not a test: run it before and after a change.
 *
 *   node --import tsx scripts/chart-memory.ts [--n 1000] [--every 100] [--out output/bench/chart-memory.json]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { renderChart } from "elbolab";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const mb = (bytes: number) => Math.round(bytes / 1e4) / 100;

async function main() {
  const n = Number(option("n", "1000")), every = Number(option("every", "100"));
  const out = resolve(__dirname, "..", option("out", "output/bench/chart-memory.json"));
  const values = Array.from({ length: 200 }, (_, i) => ({ x: i, y: Math.sin(i / 10) + (i % 7) / 10, series: i % 2 ? "a" : "b" }));
  const spec = {
    title: "memory probe", width: 400, height: 250, data: { values },
    mark: { type: "line" as const, point: true },
    encoding: { x: { field: "x", type: "quantitative" as const }, y: { field: "y", type: "quantitative" as const }, color: { field: "series", type: "nominal" as const } },
  };
  const rows: { charts: number; rssMB: number; heapUsedMB: number; externalMB: number; seconds: number }[] = [];
  const start = Date.now();
  const sample = (charts: number) => {
    const m = process.memoryUsage();
    const row = { charts, rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), externalMB: mb(m.external), seconds: (Date.now() - start) / 1000 };
    rows.push(row);
    console.log(JSON.stringify(row));
  };
  await renderChart(spec); // warm-up: module loading, fonts, JIT
  sample(0);
  for (let i = 1; i <= n; i++) {
    await renderChart(spec);
    if (i % every === 0) sample(i);
  }
  const first = rows[0], last = rows[rows.length - 1];
  const summary = { charts: n, rssStartMB: first.rssMB, rssEndMB: last.rssMB, rssMaxMB: Math.max(...rows.map((r) => r.rssMB)),
    rssGrowthPerChartKB: Math.round(((last.rssMB - first.rssMB) * 1000 / n) * 10) / 10, secondsPerChart: (last.seconds - first.seconds) / n };
  console.log(JSON.stringify(summary));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ node: process.version, summary, rows }, null, 2) + "\n");
}

main().catch((e) => { console.error(e); process.exit(1); });
