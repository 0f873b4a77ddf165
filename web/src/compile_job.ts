/** The worker's compile job: one s-op compiled, its diagram, its size, and its trace on an input (heatmaps, residual stream). */
import { compile, drawModel, drawTrace, EncoderModel, ModelTrace, ProgressCallback } from 'attnsim';
import { CompileRequest, CompileResult, ResidualTable } from './protocol';
import { runProgram, sopNamed } from './rasp_job';

/** A number as the tables show it: three decimals at most. */
const short = (v: number) => String(Math.round(v * 1000) / 1000);

/** The final stream read per s-op and position: a one-hot group's value (its largest entry, if above 0.5), a scalar's number. */
function residualTable(model: EncoderModel, trace: ModelTrace): ResidualTable {
  const last = trace.layers.length === 0 ? trace.embedded : trace.layers[trace.layers.length - 1].afterMlp;
  const width = model.residual.width, groups = new Map<string, number[]>();
  model.residual.labels.forEach((label, i) => groups.set(label.sop, [...(groups.get(label.sop) ?? []), i]));
  const rows = [...groups].map(([sop, dims]) => ({
    sop,
    values: trace.tokens.map((_, p) => {
      const at = (dim: number) => last.data[p * width + dim];
      const label = model.residual.labels[dims[0]];
      if (dims.length === 1 && label.value === undefined) return short(at(dims[0]));
      const best = dims.reduce((a, b) => (at(b) > at(a) ? b : a));
      return at(best) > 0.5 ? String(model.residual.labels[best].value) : '·';
    }),
  }));
  return { positions: trace.tokens.map((t, p) => `${p}: ${String(t)}`), rows };
}

/**
 * Compiles the request's s-op, draws it, and traces the input.
 * @returns the model's size (model.config), the diagram and heatmaps as SVG, the output and the decoded stream.
 */
export async function compileJob(r: CompileRequest, onProgress: ProgressCallback): Promise<CompileResult> {
  const { session } = runProgram(r.source, r.input);
  const model = compile(sopNamed(session, r.sop), { vocab: r.vocab, maxSeqLen: r.maxSeqLen, onProgress });
  const trace = model.trace(r.input);
  const title = `${r.sop} on ${JSON.stringify(r.input.join(' '))}`;
  const [diagram, heatmaps] = await Promise.all([
    drawModel(model, `${r.sop} compiled (vocab ${r.vocab.join(',')})`), drawTrace(model, trace, title),
  ]);
  return {
    config: { ...model.config }, diagram, heatmaps,
    output: JSON.stringify(model.forward(r.input)), residual: residualTable(model, trace),
  };
}
