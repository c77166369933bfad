#!/usr/bin/env node
// `npm run assignments`: nbgrader on the tslab kernel (scripts/assignments/assignments.py does the work).
//
//   npm run assignments                                   student release of every notebook with graded cells
//   npm run assignments -- release 03-elbo-neural         the release of some notebooks
//   npm run assignments -- autograde a/03-elbo-neural.ipynb [--student alice]
//                                                         grade a submitted copy: score per notebook, feedback HTML
//
// The course directory is output/assignments/ (ELBOLAB_COURSE_DIR overrides it): source/, release/, submitted/,
// autograded/, feedback/, gradebook.db, scores/<student>.json. Uses the project's Jupyter (.venv or ELBOLAB_PYTHON)
// with nbgrader from requirements-jupyter.txt.
import { spawnSync } from "node:child_process";
import { delimiter, join, resolve } from "node:path";
import { projectJupyter, root } from "./project-jupyter.mjs";

const { python, jupyterPath } = projectJupyter();
const probe = spawnSync(python, ["-c", "import nbgrader"], { encoding: "utf8" });
if (probe.status !== 0) {
  console.error(`elbolab: nbgrader is not installed for ${python}; run \`npm run setup\` (requirements-jupyter.txt pins it).`);
  process.exit(1);
}
const args = process.argv.slice(2);
if (args.length === 0 || args[0].startsWith("-")) args.unshift("release");
// submitted files are named relative to where the user typed the command (npm runs scripts in the project root)
const from = process.env.INIT_CWD || process.cwd();
const items = args.map((a, i) => (i > 0 && a.endsWith(".ipynb") ? resolve(from, a) : a));
const course = resolve(process.env.ELBOLAB_COURSE_DIR || join(root, "output", "assignments"));
const r = spawnSync(
  python,
  // defaults first: a --course or --notebooks the user gives comes later and wins
  [join(root, "scripts", "assignments", "assignments.py"), items[0], "--course", course, "--notebooks", join(root, "notebooks"), ...items.slice(1)],
  {
    stdio: "inherit",
    env: { ...process.env, JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(delimiter) },
  },
);
process.exit(r.status ?? 1);
