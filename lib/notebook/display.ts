/**
 * Sends rich output to the Jupyter front end as one MIME bundle (tslab's public `display` sends a
 * single MIME type per message; a chart wants vega-lite for JupyterLab/VS Code and PNG for
 * everything else in the same message). Outside a tslab kernel (plain node, tests) the text/plain
 * part is printed instead, so library code that displays works anywhere.
 */
import { randomBytes } from "node:crypto";

export type MimeBundle = Record<string, string | object>;

type WriteDisplayData = (data: { data: MimeBundle; metadata: object; transient: object }, update: boolean) => void;

function tslabWriter(): WriteDisplayData | null {
  try {
    // tslab keeps the current cell's writer here; it is null outside a running kernel.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: WriteDisplayData | null };
    return jupyter.lastWriteDisplayData;
  } catch {
    return null;
  }
}

/** True inside a tslab kernel executing a cell. */
export function inKernel(): boolean {
  return tslabWriter() !== null;
}

/** Shows a bundle once. */
export function displayBundle(bundle: MimeBundle): void {
  const write = tslabWriter();
  if (write) write({ data: bundle, metadata: {}, transient: {} }, false);
  else if (typeof bundle["text/plain"] === "string") console.log(bundle["text/plain"]);
}

/** A display that can be replaced in place (Jupyter's display_id / update_display_data). */
export class UpdatableDisplay {
  private readonly id = randomBytes(8).toString("hex");
  private shown = false;

  /** Shows `bundle`, replacing what this display showed before. */
  show(bundle: MimeBundle): void {
    const write = tslabWriter();
    if (!write) {
      if (typeof bundle["text/plain"] === "string") process.stderr.write(`${bundle["text/plain"]}\n`);
      return;
    }
    write({ data: bundle, metadata: {}, transient: { display_id: this.id } }, this.shown);
    this.shown = true;
  }
}
