/**
 * Files written whole or not at all, and a checksum to verify them by.
 *
 * `writeFileAtomic(path, data, fn)` writes `data` to a temporary file beside `path`
 * (`<name>.tmp-<pid>-<counter>`, same folder, so the rename never crosses a file system), flushes it to
 * disk (fsync), then renames it over `path`. A process killed at any moment leaves either the previous
 * complete file or the new complete one at `path`, never a 0-byte or half-written file; at worst a
 * `*.tmp-*` file is left beside it, which `removeStaleTemporaries` cleans. The rename is atomic on
 * POSIX file systems (rename(2)); on Windows Node replaces the target too.
 *
 * `sha256Hex(data)` is the SHA-256 digest in hex, for readers that verify what they read.
 *
 * Errors: a path that is not a non-empty string, or a write that fails (EISDIR, ENOTDIR, EACCES, ENOSPC),
 * is an ArgumentError naming `path`, the function `fn` the caller was in, and the system's reason; the
 * temporary file is removed.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { ArgumentError } from "../errors";
import { errorReason } from "./read-file";

let counter = 0;

/** The SHA-256 digest of `data` (a string is hashed as UTF-8), as 64 hex digits. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Writes `data` to `path` atomically (see the module comment), creating the parent folder when missing.
 * `fn` names the caller for error messages (e.g. "record").
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, fn: string): void {
  if (typeof path !== "string" || path === "") throw new ArgumentError("path", fn, "must be a non-empty file path");
  const dir = dirname(path);
  const tmp = join(dir, `${basename(path)}.tmp-${process.pid}-${counter++}`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, "w");
    try {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      let written = 0;
      while (written < bytes.byteLength) written += writeSync(fd, bytes, written, bytes.byteLength - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try { rmSync(tmp, { force: true }); } catch { /* the folder itself is unusable: nothing was written */ }
    throw new ArgumentError("path", fn, `could not be written (${path}): ${errorReason(e)}`);
  }
}

/**
 * Removes the temporary files that killed writers left beside `path` (`<name>.<marker>-<pid>-<n>`, by
 * default `<name>.tmp-<pid>-<n>`, whose process `pid` no longer runs; a directory is removed with its
 * content, so the VAE cache cleans its `<entry>.partial-<pid>` directories with marker "partial").
 * Returns how many it removed. A missing folder removes nothing.
 */
export function removeStaleTemporaries(path: string, marker = "tmp"): number {
  const dir = dirname(path);
  const prefix = `${basename(path)}.${marker}-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split("-")[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !processRuns(pid)) {
      rmSync(join(dir, name), { force: true, recursive: true });
      removed++;
    }
  }
  return removed;
}

/** Whether a process with this id runs (signal 0 probes without sending anything). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
