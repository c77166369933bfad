#!/usr/bin/env node
// Registers the tslab kernel in a project-local Jupyter path (.jupyter/ in the project),
// so the user's global Jupyter configuration is never touched.
//
//   node scripts/setup-kernel.mjs                    find a Python with Jupyter and register the kernel
//   node scripts/setup-kernel.mjs --install-jupyter  first install Debian's Jupyter packages when missing (root only)
//   node scripts/setup-kernel.mjs --require          exit non-zero when no Jupyter is found (CI, tests)
//
// `npm install` runs it with --install-jupyter (postinstall), so on Debian as root one command
// installs everything; elsewhere it prints what to install and the library still works.
//
// The Python interpreter that has Jupyter is chosen as: $ELBOLAB_PYTHON, then `python3` on PATH,
// then /usr/bin/python3 (Debian's, where apt installs python3-nbclient). The choice is written to
// .jupyter/elbolab-jupyter.json, which the notebook runner reads.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const jupyterDir = join(root, ".jupyter");
const args = new Set(process.argv.slice(2));
const DEBIAN_PACKAGES = ["jupyter-nbconvert", "python3-nbclient", "jupyter-client", "python3-ipykernel"];

function hasJupyter(python) {
  const r = spawnSync(python, ["-c", "import nbclient, nbconvert, jupyter_client; print(nbconvert.__version__)"], {
    encoding: "utf8",
  });
  return r.status === 0 ? r.stdout.trim() : null;
}

function findPython() {
  const candidates = [process.env.ELBOLAB_PYTHON, "python3", "/usr/bin/python3"].filter(Boolean);
  for (const python of candidates) {
    const version = hasJupyter(python);
    if (version) return { python, nbconvert: version };
  }
  return null;
}

function installDebianJupyter() {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) return false;
  console.log(`elbolab: installing Debian's ${DEBIAN_PACKAGES.join(" ")} ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  let r = spawnSync("apt-get", ["update"], { stdio: "inherit", env });
  if (r.status !== 0) return false;
  r = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...DEBIAN_PACKAGES], { stdio: "inherit", env });
  return r.status === 0;
}

let found = findPython();
if (!found && args.has("--install-jupyter") && installDebianJupyter()) found = findPython();
if (!found) {
  const message =
    "elbolab: no Python with Jupyter (nbclient, nbconvert, jupyter_client) was found, so the tslab kernel is not registered.\n" +
    "  The library works without it; to run the notebooks install Jupyter, then run `npm run setup`:\n" +
    `    Debian/Ubuntu: sudo apt-get install ${DEBIAN_PACKAGES.join(" ")}\n` +
    "    elsewhere:     python3 -m pip install nbconvert nbclient jupyter_client   (or set ELBOLAB_PYTHON to a Python that has them)";
  console.error(message);
  process.exit(args.has("--require") ? 1 : 0);
}

const tslabBinary = join(root, "node_modules", ".bin", "tslab");
if (!existsSync(tslabBinary)) {
  console.error(`elbolab: ${tslabBinary} is missing; run npm install first.`);
  process.exit(1);
}
mkdirSync(jupyterDir, { recursive: true });
const r = spawnSync(
  tslabBinary,
  ["install", `--python=${found.python}`, `--binary=${tslabBinary}`, `--prefix=${jupyterDir}`],
  { encoding: "utf8" },
);
if (r.status !== 0) {
  console.error(`elbolab: tslab install failed:\n${r.stdout}${r.stderr}`);
  process.exit(1);
}
writeFileSync(
  join(jupyterDir, "elbolab-jupyter.json"),
  JSON.stringify({ python: found.python, nbconvert: found.nbconvert, jupyterPath: join(jupyterDir, "share", "jupyter") }, null, 2) + "\n",
);
console.log(`elbolab: tslab kernel registered in ${join(jupyterDir, "share", "jupyter")} (Python: ${found.python}, nbconvert ${found.nbconvert})`);
