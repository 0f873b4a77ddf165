/** The dense executor: every head as real T×T score and weight matrices on the native core (the model's own forward). */
import { EncoderModel } from '../../encoder/model';
import { Matrix } from '../../linalg/matrix';

/** The final stream of the model on the tokens. */
export function runDense(model: EncoderModel, tokens: number[]): Matrix {
  return model.streamAfter(tokens);
}
