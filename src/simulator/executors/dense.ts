/** The dense executor: every head as real T×T score and weight matrices on the native core (the model's own forward). */
import { EncoderModel } from '../../encoder/model';
import { Matrix } from '../../linalg/matrix';

/** The final stream of the model on the tokens; `layerDone(i)` is called after each layer i (1-based). */
export function runDense(model: EncoderModel, tokens: number[], layerDone: (done: number) => void = () => undefined): Matrix {
  let x = model.embed(tokens);
  layerDone(0);
  model.layers.forEach((layer, i) => {
    x = layer.forward(x, model.residual, model.settings.causal).afterMlp;
    layerDone(i + 1);
  });
  return x;
}
