/**
 * `npm run assignments` end to end, through nbgrader and the real tslab kernel: the release strips solutions
 * and hidden tests; autograding gives the instructor's version full marks, the student release as released
 * zero on every graded cell (and no crash), and a copy with one wrong answer loses exactly that exercise's
 * points. Run on tests/fixtures/exercises.ipynb and, by default, on notebook 03 (the quickest with graded cells,
 * so that `npm test` stays short); ELBOLAB_ASSIGNMENT_NOTEBOOKS=all grades every notebook with graded cells (CI
 * does, in a step of its own), =01,05 those, =none the fixture only.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gradedCells, readNotebook, sourceOf, submission } from "./submissions";

const ROOT = join(__dirname, "..", "..");
// under the project, so that the graded notebooks resolve "elbolab" from its node_modules
const WORK = join(ROOT, "output", `test-assignments-${process.pid}`);

interface Scores { [assignment: string]: { score: number; max_score: number; cells: Record<string, { score: number; max_score: number }> } }

function assignments(args: string[], notebooksDir: string): { status: number; out: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "assignments.mjs"), ...args, "--notebooks", notebooksDir], {
    encoding: "utf8",
    env: { ...process.env, ELBOLAB_COURSE_DIR: join(WORK, "course") },
    timeout: 15 * 60_000,
  });
  return { status: r.status ?? 1, out: `${r.stdout}\n${r.stderr}` };
}

function grade(nbPath: string, student: string, notebooksDir: string): Scores[string] {
  const name = basename(nbPath, ".ipynb");
  const r = assignments(["autograde", nbPath, "--student", student], notebooksDir);
  assert.equal(r.status, 0, `autograde of ${student}'s ${name} failed:\n${r.out.slice(-3000)}`);
  const scores: Scores = JSON.parse(readFileSync(join(WORK, "course", "scores", `${student}.json`), "utf8"));
  return scores[name];
}

function cases(): { name: string; path: string }[] {
  const chosen = process.env.ELBOLAB_ASSIGNMENT_NOTEBOOKS ?? "03";
  const notebooks = readdirSync(join(ROOT, "notebooks"))
    .filter((f) => f.endsWith(".ipynb") && gradedCells(readNotebook(join(ROOT, "notebooks", f))).tests.length > 0)
    .filter((f) => chosen === "all" || chosen.split(",").some((p) => f.startsWith(p.trim())));
  return [
    { name: "exercises (fixture)", path: join(ROOT, "tests", "fixtures", "exercises.ipynb") },
    ...(chosen === "none" ? [] : notebooks.map((f) => ({ name: f, path: join(ROOT, "notebooks", f) }))),
  ];
}

test.after(() => rmSync(WORK, { recursive: true, force: true }));

for (const c of cases()) {
  test(`assignments: ${c.name}: release, then autograde the instructor's, the released and a one-wrong copy`, { timeout: 30 * 60_000 }, () => {
    const name = basename(c.path, ".ipynb");
    const instructor = readNotebook(c.path);
    const { solutions, tests } = gradedCells(instructor);
    assert.ok(tests.length > 0 && solutions.length > 0, `${name} has graded test cells and solution cells`);
    const notebooksDir = join(WORK, "notebooks");
    mkdirSync(notebooksDir, { recursive: true });
    copyFileSync(c.path, join(notebooksDir, `${name}.ipynb`));

    const released = assignments(["release", name], notebooksDir);
    assert.equal(released.status, 0, released.out);
    const releasePath = join(WORK, "course", "release", name, `${name}.ipynb`);
    const release = readNotebook(releasePath);
    const text = release.cells.map(sourceOf).join("\n");
    assert.ok(!/BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS/.test(text), "the release keeps no solution or hidden-test markup");
    for (const s of solutions) {
      const cell = release.cells.find((x) => x.metadata.nbgrader?.grade_id === s.metadata.nbgrader!.grade_id)!;
      assert.match(sourceOf(cell), /throw new Error\("not implemented"\)/, `${s.metadata.nbgrader!.grade_id} holds the stub`);
    }

    const full = grade(c.path, "instructor", notebooksDir);
    const points = tests.reduce((s, t) => s + Number(t.metadata.nbgrader!.points), 0);
    assert.equal(full.max_score, points);
    assert.equal(full.score, points, `the instructor's version earns full marks: ${JSON.stringify(full.cells)}`);

    const asReleased = grade(releasePath, "released", notebooksDir);
    for (const [id, cell] of Object.entries(asReleased.cells)) assert.equal(cell.score, 0, `${id} earns nothing unanswered`);

    const wrongId = solutions[0].metadata.nbgrader!.grade_id!;
    const wrongDir = mkdtempSync(join(WORK, "wrong-"));
    const wrongPath = join(wrongDir, `${name}.ipynb`);
    writeFileSync(wrongPath, JSON.stringify(submission(instructor, [wrongId]), null, 1));
    const oneWrong = grade(wrongPath, "one-wrong", notebooksDir);
    // the test cell that grades the wrong solution is the first graded cell after it
    const at = instructor.cells.findIndex((x) => x.metadata.nbgrader?.grade_id === wrongId);
    const gradedBy = instructor.cells.slice(at).find((x) => x.metadata.nbgrader?.grade && x.cell_type === "code")!;
    for (const t of tests) {
      const id = t.metadata.nbgrader!.grade_id!;
      const expected = id === gradedBy.metadata.nbgrader!.grade_id ? 0 : Number(t.metadata.nbgrader!.points);
      assert.equal(oneWrong.cells[id].score, expected, `${id} after a wrong ${wrongId}: ${JSON.stringify(oneWrong.cells)}`);
    }
  });
}
