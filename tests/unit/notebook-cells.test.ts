import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cellSizeProblems, codeCellLines, median, MEDIAN_CELL_LINES, outputProblems } from "../notebook-style";

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
