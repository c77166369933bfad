/**
 * Stable JSON: the JSON text of a plain value with the keys of every object sorted, so two objects
 * with the same content give the same text (and the same hash) whatever order their keys were
 * written in. Used for cache keys (`cachedVaeSweep`), where a value that JSON would silently drop or
 * change must not slip through:
 *
 *   accepted   null, booleans, finite numbers, strings, arrays, plain objects (prototype Object or null);
 *              an object property that is `undefined` is left out, as JSON.stringify does (so
 *              `{ binarize: undefined }` and `{}` are the same key: both mean the default)
 *   rejected   functions (a callback cannot be part of a key), NaN and ±∞ (JSON would write null),
 *              bigint, symbols, `undefined` in an array, class instances and typed arrays (hash their
 *              content instead), cycles
 *
 * Errors: ArgumentError naming the path of the offending value (`options.onEpoch`, `settings.ks[2]`)
 * and `fn`.
 */
import { ArgumentError } from "../errors";

export function stableJson(value: unknown, argument: string, fn: string): string {
  const seen = new Set<object>();
  const walk = (v: unknown, path: string): string => {
    if (v === null || typeof v === "boolean" || typeof v === "string") return JSON.stringify(v);
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new ArgumentError(path, fn, `must be a finite number to be part of a key, got ${v}`);
      return JSON.stringify(v);
    }
    if (typeof v !== "object") throw new ArgumentError(path, fn, `cannot be part of a key (a ${typeof v}): pass plain data only, no callbacks`);
    if (seen.has(v)) throw new ArgumentError(path, fn, "is a cycle and cannot be part of a key");
    seen.add(v);
    let text: string;
    if (Array.isArray(v)) {
      text = `[${v.map((x, i) => {
        if (x === undefined) throw new ArgumentError(`${path}[${i}]`, fn, "is undefined and cannot be part of a key");
        return walk(x, `${path}[${i}]`);
      }).join(",")}]`;
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new ArgumentError(path, fn, `must be plain data to be part of a key, got a ${proto?.constructor?.name ?? "class instance"}`);
      }
      const entries = Object.keys(v).sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${walk((v as Record<string, unknown>)[k], `${path}.${k}`)}`);
      text = `{${entries.join(",")}}`;
    }
    seen.delete(v);
    return text;
  };
  return walk(value, argument);
}
