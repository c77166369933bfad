#!/usr/bin/env node
// `npm run test:browser`: the tests in tests/browser when Chromium is there, else one line saying they were
// skipped (a failure instead when ELBOLAB_REQUIRE_BROWSER=1, as in CI). Chromium: $ELBOLAB_CHROMIUM or
// /usr/bin/chromium (Debian's `apt-get install chromium`), driven by playwright-core.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const chromium = process.env.ELBOLAB_CHROMIUM || "/usr/bin/chromium";
if (!existsSync(chromium)) {
  const line = `browser tests skipped: no Chromium at ${chromium} (apt-get install chromium, or set ELBOLAB_CHROMIUM)`;
  if (process.env.ELBOLAB_REQUIRE_BROWSER === "1") {
    console.error(`${line}; ELBOLAB_REQUIRE_BROWSER=1 requires them`);
    process.exit(1);
  }
  console.log(line);
  process.exit(0);
}
const scripts = dirname(fileURLToPath(import.meta.url));
const r = spawnSync(process.execPath, [join(scripts, "run-tests.mjs"), join(scripts, "..", "tests", "browser")], { stdio: "inherit" });
process.exit(r.status ?? 1);
