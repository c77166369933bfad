/**
 * Reading files with errors a user can act on: the path and the function the user called, never a bare
 * EISDIR, ENOTDIR, ENOENT or JSON SyntaxError from deep inside Node.
 *
 *   readFileNamed(path, argument, fn)   the bytes of `path`
 *   readJsonNamed(path, argument, fn)   `JSON.parse` of its UTF-8 text
 *   assertDirectory(dir, argument, fn)  `dir` is (or is made, with `create`) a directory
 *
 * Errors: ArgumentError naming `argument`, `fn`, the path and the system's reason ("ENOENT: no such file
 * or directory", "EISDIR: illegal operation on a directory") or, for JSON, "is not valid JSON (…)".
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { ArgumentError } from "../errors";

/** The message of a caught error (the system's reason, e.g. "ENOTDIR: not a directory, open '…'"). */
export function errorReason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The bytes of `path`; an unreadable path (missing, a directory, under a file) is an ArgumentError naming it. */
export function readFileNamed(path: string, argument: string, fn: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new ArgumentError(argument, fn, `names a file that could not be read (${path}): ${errorReason(e)}`);
  }
}

/** The parsed JSON of `path`; unreadable or not JSON is an ArgumentError naming the path. */
export function readJsonNamed(path: string, argument: string, fn: string): unknown {
  const text = readFileNamed(path, argument, fn).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ArgumentError(argument, fn, `names a file that is not valid JSON (${path}): ${errorReason(e)}`);
  }
}

/**
 * Checks that `dir` is a directory; with `create`, makes it (and its parents) first when missing. A path
 * that is a file, lies under a file or cannot be created is an ArgumentError naming it.
 */
export function assertDirectory(dir: string, argument: string, fn: string, create = false): void {
  if (typeof dir !== "string" || dir === "") throw new ArgumentError(argument, fn, "must be a non-empty directory path");
  try {
    if (create) mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error("it exists and is not a directory");
  } catch (e) {
    throw new ArgumentError(argument, fn, `must be a usable directory (${dir}): ${errorReason(e)}`);
  }
}
