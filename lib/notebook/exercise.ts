/**
 * The grading line of an exercise's test cell (nbgrader markup, README "Teaching with it"):
 *
 *   exercise("ex_lk_monotone", Math.abs(answer - expected) < 1e-9, `answer ${answer} vs ${expected}`);
 *   // BEGIN HIDDEN TESTS
 *   exercise("ex_lk_monotone_k1", ..., "k = 1", { partOf: "ex_lk_monotone" });
 *
 * Records the result like a check and shows one ✓/✗ line; a wrong answer throws, so the cell fails and
 * nbgrader scores it 0 (a right one prints no stderr, so nbgrader keeps its points). An exercise is neither a
 * claim of the lecture nor a sanity check of the run: the summary counts exercises apart. A further test of
 * the same exercise (a hidden test) names it in `partOf`, so that the summary counts exercises, not tests:
 * an exercise is answered right when every test of it passes.
 *
 * Errors: ArgumentError naming 'options.partOf' and 'exercise' when `partOf` is not the name of an exercise
 * this run has already recorded (the visible test comes first in its cell).
 */
import { ArgumentError } from "../errors";
import { check, currentResults } from "./results";

export function exercise(name: string, passed: boolean, detail: string, options: { partOf?: string } = {}): void {
  const partOf = options?.partOf;
  if (partOf !== undefined) {
    const known = typeof partOf === "string" &&
      currentResults().checks.some((c) => c.kind === "exercise" && c.name === partOf && c.partOf === undefined);
    if (!known) {
      throw new ArgumentError("options.partOf", "exercise",
        `must name an exercise recorded before this test ('${name}'), got ${JSON.stringify(partOf)}`);
    }
  }
  check(name, passed, detail, { kind: "exercise", partOf });
}
