/**
 * Sends rich output to the Jupyter front end as one MIME bundle (tslab's public `display` sends a
 * single MIME type per message; a chart wants vega-lite for JupyterLab/VS Code and PNG for
 * everything else in the same message). Outside a tslab kernel (plain node, tests) the text/plain
 * part is printed instead, so library code that displays works anywhere.
 *
 * Message budget: tslab's iopub socket (zeromq.js) completes 512 sends synchronously and hands the
 * 513th to the event loop; a send before that one completes threw "Socket is busy writing" (a
 * synchronous loop of display updates failed at about the 500th; two displays in one tick fail
 * whenever the socket's lifetime count reaches 513 at the first). The kernel send queue
 * (lib/notebook/kernel-send-queue.ts) now holds such messages and sends them in order when the loop
 * turns, so none is lost, but in a long synchronous stretch they arrive late, after it. Replaceable
 * displays (progress bars) therefore still thin their
 * updates as a synchronous stretch grows: the first 50 go out, then one whenever the time since the
 * last one is at least 1/40 of the stretch so far, so a stretch of T seconds sends about
 * 50 + 40·ln(T / 10) updates (≈ 380 for ten hours). The newest update held back is sent as soon
 * as the event loop turns.
 */
import { randomBytes } from "node:crypto";
import { installKernelSendQueue } from "./kernel-send-queue";

export type MimeBundle = Record<string, string | object>;

type WriteDisplayData = (data: { data: MimeBundle; metadata: object; transient: object }, update: boolean) => void;

function tslabWriter(): WriteDisplayData | null {
  try {
    // tslab keeps the current cell's writer here; it is null outside a running kernel.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: WriteDisplayData | null };
    // in a kernel, no message may be lost to a busy socket (lib/notebook/kernel-send-queue.ts)
    if (jupyter.lastWriteDisplayData) installKernelSendQueue();
    return jupyter.lastWriteDisplayData;
  } catch {
    return null;
  }
}

/** Text made safe inside HTML, in element content and in double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** True inside a tslab kernel executing a cell. */
export function inKernel(): boolean {
  return tslabWriter() !== null;
}

/** Messages sent in the current synchronous stretch (reset when the event loop turns). */
const stretch = { count: 0, start: 0, lastSend: 0, resetScheduled: false };
const FREE_UPDATES = 50;
const THINNING = 40;

function noteSend(now: number): void {
  if (!stretch.resetScheduled) {
    stretch.resetScheduled = true;
    stretch.count = 0;
    stretch.start = now;
    setImmediate(() => {
      stretch.resetScheduled = false;
      stretch.count = 0;
    });
  }
  stretch.count++;
  stretch.lastSend = now;
}

function updateAllowed(now: number): boolean {
  if (!stretch.resetScheduled || stretch.count < FREE_UPDATES) return true;
  return now - stretch.lastSend >= (now - stretch.start) / THINNING;
}

/**
 * Shows a bundle once. `metadata` goes with it, keyed by MIME type (for example
 * `{ "image/png": { width, height } }`: the size at which front ends and nbconvert show the image).
 */
export function displayBundle(bundle: MimeBundle, metadata: Record<string, object> = {}): void {
  const write = tslabWriter();
  if (write) {
    noteSend(Date.now());
    write({ data: bundle, metadata, transient: {} }, false);
  } else if (typeof bundle["text/plain"] === "string") {
    console.log(bundle["text/plain"]);
  }
}

/** A display that can be replaced in place (Jupyter's display_id / update_display_data). */
export class UpdatableDisplay {
  private readonly id = randomBytes(8).toString("hex");
  private shown = false;
  private held: MimeBundle | null = null;

  /**
   * Shows `bundle`, replacing what this display showed before. Inside a long synchronous stretch
   * an update may be held back (see the message budget above) and is then sent when the event loop
   * turns; `final` sends it regardless (a finished progress bar must show its last state).
   */
  show(bundle: MimeBundle, final = false): void {
    const write = tslabWriter();
    if (!write) {
      if (typeof bundle["text/plain"] === "string") process.stderr.write(`${bundle["text/plain"]}\n`);
      return;
    }
    const now = Date.now();
    if (this.shown && !final && !updateAllowed(now)) {
      if (this.held === null) setImmediate(() => this.flush());
      this.held = bundle;
      return;
    }
    this.held = null;
    this.send(write, bundle, now);
  }

  private flush(): void {
    const write = tslabWriter();
    if (this.held && write) this.send(write, this.held, Date.now());
    this.held = null;
  }

  private send(write: WriteDisplayData, bundle: MimeBundle, now: number): void {
    noteSend(now);
    write({ data: bundle, metadata: {}, transient: { display_id: this.id } }, this.shown);
    this.shown = true;
  }
}
