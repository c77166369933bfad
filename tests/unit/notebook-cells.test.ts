import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cellSizeProblems, codeCellLines, median, MEDIAN_CELL_LINES, outputProblems, practiseProblems } from "../notebook-style";

const dir = join(__dirname, "..", "..", "notebooks");
const names = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).map((f) => f.replace(/\.ipynb$/, ""));

describe("notebook cells are readable: ≤ 30 lines, ≤ 100 characters a line", () => {
  test("there are notebooks", () => assert.ok(names.length > 0, "no notebooks in notebooks/"));
  for (const name of names) {
    test(name, () => {
      const problems = cellSizeProblems(JSON.parse(readFileSync(join(dir, `${name}.ipynb`), "utf8")));
      assert.deepEqual(problems, [], `${name}:\n${problems.join("\n")}`);
    });
  }
  for (const name of names) {
    test(`${name}: median code cell ≤ ${MEDIAN_CELL_LINES} lines`, () => {
      const lines = codeCellLines(JSON.parse(readFileSync(join(dir, `${name}.ipynb`), "utf8")));
      assert.ok(median(lines) <= MEDIAN_CELL_LINES, `${name}: median code cell ${median(lines)} lines > ${MEDIAN_CELL_LINES}`);
    });
  }
  test(`the median code cell of all notebooks together is ≤ ${MEDIAN_CELL_LINES} lines`, () => {
    const perNotebook = names.map((name) => ({ name, lines: codeCellLines(JSON.parse(readFileSync(join(dir, `${name}.ipynb`), "utf8"))) }));
    const all = perNotebook.flatMap((n) => n.lines);
    const report = perNotebook.map((n) => `${n.name}: median ${median(n.lines)}`).join(", ");
    assert.ok(median(all) <= MEDIAN_CELL_LINES, `median code cell ${median(all)} lines > ${MEDIAN_CELL_LINES} (${report})`);
  });
  test("the median rule can fail", () => {
    const cells = (n: number) => ({ cell_type: "code", source: Array(n).fill("y\n") });
    assert.deepEqual(codeCellLines({ cells: [cells(16), cells(17), { cell_type: "markdown", source: "x" }, cells(1)] }), [16, 17, 1]);
    assert.equal(median([16, 17, 1]), 16);
    assert.equal(median([16, 14]), 15);
    assert.throws(() => median([]), /median: values is empty/);
  });
  test("the rules can fail", () => {
    const long = { cells: [{ cell_type: "code", source: [`${"x".repeat(101)}\n`, ...Array(30).fill("y\n")] }] };
    assert.deepEqual(cellSizeProblems(long), ["cell 0 (code): 31 lines > 30", "cell 0 (code) line 1: 101 characters > 100"]);
    const ok = { cells: [{ cell_type: "markdown", source: ["α".repeat(100), "\n"] }] };
    assert.deepEqual(cellSizeProblems(ok), [], "characters, not bytes, and a trailing newline is not a line");
  });
  test("stderr and bare-number outputs are found in an executed notebook", () => {
    const executed = { cells: [{ cell_type: "code", source: "x", outputs: [
      { output_type: "stream", name: "stderr", text: "WARN Channel size" },
      { output_type: "execute_result", data: { "text/plain": "-4.014877672465238" } },
      { output_type: "display_data", data: { "text/plain": "✓ check: 3 SE" } },
      { output_type: "stream", name: "stdout", text: "0.00009034208182030685\n" },
      { output_type: "stream", name: "stdout", text: "mode quick: 1.5 s" },
    ] }] };
    const problems = outputProblems(executed);
    assert.equal(problems.length, 3, problems.join("\n"));
    assert.match(problems[0], /stderr/);
    assert.match(problems[1], /bare number -4\.014877672465238/);
    assert.match(problems[2], /bare number 0\.00009034208182030685/);
  });
});

describe("every lecture notebook (01–06) has a live control, a try-it section and 2–3 graded exercises", () => {
  const lecture = names.filter((n) => /^0[1-6]-/.test(n));
  test("there are six lecture notebooks", () => assert.equal(lecture.length, 6, lecture.join(", ")));
  for (const name of lecture) {
    // the sources carry no outputs: the control is checked in the executed copies (tests/notebooks); here the rest
    test(`${name}: try-it section and graded exercises`, () => {
      const missing = practiseProblems(JSON.parse(readFileSync(join(dir, `${name}.ipynb`), "utf8")))
        .filter((p) => !p.startsWith("no chart with a bound control"));
      assert.deepEqual(missing, [], `${name}: ${missing.join("; ")}`);
    });
  }
  test("a notebook without them is reported, one line per missing part", () => {
    const chart = (params: unknown[]) => ({ output_type: "display_data", data: { "application/vnd.vegalite.v5+json": { hconcat: [{ params }] } } });
    const graded = (points: number) => ({ cell_type: "code", source: "", outputs: [], metadata: { nbgrader: { grade: true, points } } });
    const ok = { cells: [{ cell_type: "markdown", source: ["## Try it\n", "text"] }, { cell_type: "code", source: "", outputs: [chart([{ name: "k", bind: { input: "range" } }])] },
      graded(2), graded(3)] };
    assert.deepEqual(practiseProblems(ok as never), []);
    const none = { cells: [{ cell_type: "markdown", source: "## Try this" }, { cell_type: "code", source: "", outputs: [chart([{ name: "k", value: 1 }])] }, graded(0), graded(2)] };
    assert.deepEqual(practiseProblems(none as never), [
      "no chart with a bound control (1 vega-lite outputs, none with params[].bind)", "no \"## Try it\" section", "1 graded exercises (2–3 expected)"]);
    assert.deepEqual(practiseProblems({ cells: [...ok.cells, graded(1), graded(1)] } as never), ["4 graded exercises (2–3 expected)"]);
  });
});
