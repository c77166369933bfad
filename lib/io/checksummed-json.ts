/**
 * JSON that carries its own checksum, so a reader can tell a complete, unaltered file from anything else:
 *
 *   checksummedJson(value)  the JSON text of `value` (2-space indented) with one more top-level field,
 *                           "sha256": the SHA-256 of `stableJson(value)` (sorted keys), last
 *   parseChecksummedJson(text, path, fn)  the value again, without "sha256", after verifying it
 *
 * The shape stays readable by readers that ignore the field (results files keep `{ notebook, mode,
 * backend, seed, metrics, tolerances, checks }`). The digest is over the stable JSON, not the text, so a
 * re-indented file still verifies while a changed number, name or verdict does not.
 *
 * Errors (ArgumentError naming `path` and `fn`): text that is not JSON, not an object, has no "sha256"
 * (not written by `checksummedJson`), or whose content does not match its "sha256"; from
 * `checksummedJson`, a value that is not plain data (see `stableJson`) or already has a "sha256" field.
 */
import { ArgumentError } from "../errors";
import { sha256Hex } from "./atomic-file";
import { stableJson } from "./stable-json";

export const CHECKSUM_FIELD = "sha256";

/** The JSON text of `value` (a plain object) with its checksum field appended; ends in a newline. */
export function checksummedJson(value: object, argument: string, fn: string): string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ArgumentError(argument, fn, "must be a plain object");
  if (Object.hasOwn(value, CHECKSUM_FIELD)) throw new ArgumentError(argument, fn, `must not have a '${CHECKSUM_FIELD}' field of its own`);
  const digest = sha256Hex(stableJson(value, argument, fn));
  return JSON.stringify({ ...value, [CHECKSUM_FIELD]: digest }, null, 2) + "\n";
}

/** Parses text written by `checksummedJson` and verifies its checksum; `path` names the file in errors. */
export function parseChecksummedJson(text: string, path: string, fn: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ArgumentError("path", fn, `names a file that is not valid JSON (${path}): ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ArgumentError("path", fn, `names a file that does not hold a JSON object (${path})`);
  }
  const { [CHECKSUM_FIELD]: stored, ...rest } = parsed as Record<string, unknown>;
  if (typeof stored !== "string") {
    throw new ArgumentError("path", fn, `names a file without its '${CHECKSUM_FIELD}' checksum (${path}): it was not written whole by elbolab`);
  }
  let actual: string;
  try {
    actual = sha256Hex(stableJson(rest, "content", fn));
  } catch (e) {
    throw new ArgumentError("path", fn, `names a file whose content cannot be checksummed (${path}): ${(e as Error).message}`);
  }
  if (actual !== stored) {
    throw new ArgumentError("path", fn, `names a file whose content does not match its SHA-256 (${path}): it was changed or corrupted after it was written`);
  }
  return rest;
}
