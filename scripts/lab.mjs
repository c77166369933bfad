#!/usr/bin/env node
// `npm run lab`: JupyterLab on 127.0.0.1 with notebooks/ as its root and the project's tslab kernel
// (JUPYTER_PATH=.jupyter/share/jupyter; the user's global Jupyter setup is untouched).
//
//   npm run lab                      JupyterLab from .venv (or $ELBOLAB_PYTHON, as chosen by npm install)
//   npm run lab -- --port 9999       any further options go to `jupyter lab` (--no-browser, --port, ...)
//
// Interactive runs record their results in results/interactive/<notebook>.json (ELBOLAB_RESULTS_DIR for the
// server's kernels), so they never overwrite results/<notebook>.json from `npm run reproduce`.
// Adds --allow-root when run as root, and prints the URL with its token once the server is up.
// `npm run watch` in another terminal rebuilds lib while you edit it; restart the kernel to reload.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { projectJupyter, root } from "./project-jupyter.mjs";

const { python, jupyterPath } = projectJupyter();
const resultsDir = process.env.ELBOLAB_RESULTS_DIR || join(root, "results", "interactive");
mkdirSync(resultsDir, { recursive: true });
const env = {
  ...process.env,
  JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(delimiter),
  ELBOLAB_RESULTS_DIR: resultsDir,
};

const probe = spawnSync(python, ["-m", "jupyter", "lab", "--version"], { env, encoding: "utf8" });
if (probe.status !== 0) {
  console.error(
    `elbolab: JupyterLab is not installed for ${python}.\n` +
    "  Unset ELBOLAB_PYTHON and run `npm run setup` (it installs JupyterLab into .venv), or install it there:\n" +
    `    ${python} -m pip install -r requirements-jupyter.txt\n` +
    `  VS Code: open a notebook and pick the "TypeScript" kernel after adding ${jupyterPath} to JUPYTER_PATH.`,
  );
  process.exit(1);
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const labArgs = [
  "-m", "jupyter", "lab",
  "--ip=127.0.0.1",
  `--ServerApp.root_dir=${join(root, "notebooks")}`,
  ...(isRoot ? ["--allow-root"] : []),
  ...process.argv.slice(2),
];
console.log(`elbolab: JupyterLab ${probe.stdout.trim()} on notebooks/ with the tslab kernel; results of interactive runs go to ${resultsDir}`);
const child = spawn(python, labArgs, { cwd: join(root, "notebooks"), env, stdio: ["inherit", "inherit", "pipe"] });

let announced = false;
let pending = "";
child.stderr.on("data", (chunk) => {
  process.stderr.write(chunk);
  if (announced) return;
  pending += chunk.toString();
  const lines = pending.split("\n");
  pending = lines.pop();
  for (const line of lines) {
    const url = line.match(/http:\/\/127\.0\.0\.1:\d+\/lab(\?token=\w+)?/);
    if (url && !announced) {
      announced = true;
      console.log(`\nelbolab: JupyterLab is running at ${url[0]}\n`);
    }
  }
});
// The terminal's Ctrl-C reaches Jupyter directly (it asks for confirmation); SIGTERM is passed on.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
