/**
 * The grading line of an exercise's test cell (nbgrader markup, README "Teaching with it"):
 *
 *   exercise("ex_lk_monotone", Math.abs(answer - expected) < 1e-9, `answer ${answer} vs ${expected}`);
 *
 * Records the result like a check and shows one ✓/✗ line; a wrong answer throws, so the cell fails and
 * nbgrader scores it 0 (a right one prints no stderr, so nbgrader keeps its points). An exercise is neither a
 * claim of the lecture nor a sanity check of the run: the summary counts exercises apart.
 */
import { check } from "./results";

export function exercise(name: string, passed: boolean, detail: string): void {
  check(name, passed, detail, { kind: "exercise" });
}
