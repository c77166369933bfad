#!/usr/bin/env node
// Opens JupyterLab (or the classic notebook) on notebooks/ with the project's tslab kernel, by
// setting JUPYTER_PATH to .jupyter/share/jupyter; the user's global Jupyter setup is untouched.
// `npm run watch` in another terminal rebuilds lib while you edit it; restart the kernel to reload.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const config = join(root, ".jupyter", "elbolab-jupyter.json");
if (!existsSync(config)) {
  console.error("The tslab kernel is not registered; run `npm run setup` first.");
  process.exit(1);
}
const { python, jupyterPath } = JSON.parse(readFileSync(config, "utf8"));
const env = { ...process.env, JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(":") };
for (const app of ["lab", "notebook"]) {
  const probe = spawnSync(python, ["-m", "jupyter", app, "--version"], { env, encoding: "utf8" });
  if (probe.status === 0) {
    const r = spawnSync(python, ["-m", "jupyter", app, ...process.argv.slice(2)], { cwd: join(root, "notebooks"), env, stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
}
console.error(
  `Neither JupyterLab nor the classic notebook is installed for ${python}.\n` +
  "  Debian: apt-get install python3-notebook (classic) ; elsewhere: python3 -m pip install jupyterlab\n" +
  `  VS Code: open a notebook and pick the "TypeScript" kernel after adding ${jupyterPath} to JUPYTER_PATH.`,
);
process.exit(1);
