/**
 * releaseTapeOnError(run): runs `run` (a tf.variableGrads or optimizer.minimize call) and, when its
 * forward pass throws, frees the gradient tape that tfjs leaves behind.
 *
 * tfjs-core 4.x (`engine.gradients`) records the forward pass on a tape whose nodes keep the tensors
 * the kernels saved for the backward pass; it disposes them only at the end of the backward pass. When
 * the forward pass throws (one of this library's NaN checks in a diverging training, for instance), the
 * tape is abandoned and its saved tensors are never disposed: 109 tensors leaked per diverged
 * `trainVae` step of a small VAE, measured. This disposes them and drops the tape, so a caught error
 * leaves the tensor count where it was. It reads the engine's internal state (`state.activeTape`,
 * `state.gradientDepth`, as of tfjs-core 4.22): re-check on a tfjs upgrade.
 */
import * as tf from "@tensorflow/tfjs";

interface EngineState {
  gradientDepth: number;
  activeTape: { saved?: tf.Tensor[] }[] | null;
}

export function releaseTapeOnError<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    const state = (tf.engine() as unknown as { state: EngineState }).state;
    // depth 0: no outer gradient is being recorded, so the tape left behind belongs to the failed call
    if (state.gradientDepth === 0 && state.activeTape) {
      for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
      state.activeTape = null;
    }
    throw e;
  }
}
