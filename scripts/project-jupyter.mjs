// The project's Jupyter, as `npm install` registered it (scripts/setup-kernel.mjs writes .jupyter/elbolab-jupyter.json):
// the project root, the Python that has Jupyter, and the folder to put on JUPYTER_PATH for the tslab kernel.
// Exits with one line saying to run `npm run setup` when the kernel is not registered.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** { python, jupyterPath } of the registered kernel, or exit(1) with what to run. */
export function projectJupyter() {
  const config = join(root, ".jupyter", "elbolab-jupyter.json");
  if (!existsSync(config)) {
    console.error("elbolab: the tslab kernel is not registered (.jupyter/elbolab-jupyter.json is missing); run `npm run setup`.");
    process.exit(1);
  }
  return JSON.parse(readFileSync(config, "utf8"));
}
