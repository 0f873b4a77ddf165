/** The Simulator panel: a shape and a mode, then U's cost table and its error against direct attention on a seeded instance. */
import { byId, sci, showError, table } from '../dom';
import { runJob } from '../worker_client';

const numberOf = (id: string) => Number(byId<HTMLInputElement>(id).value);

/** Builds the panel; it builds and runs U on its button. */
export function simulatorPanel(): void {
  const error = byId('sim-error-message');
  byId<HTMLButtonElement>('sim-run').onclick = async () => {
    showError(error, null);
    try {
      const n = numberOf('sim-n'), d = numberOf('sim-d'), heads = numberOf('sim-heads');
      const mode = byId<HTMLSelectElement>('sim-mode').value as 'hard' | 'softmax';
      const r = await runJob<'simulate'>({
        kind: 'simulate', n, d, heads, causal: byId<HTMLInputElement>('sim-causal').checked, mode,
        coldness: numberOf('sim-coldness'), seed: numberOf('sim-seed'),
      }, `building U for n=${n} d=${d} heads=${heads}`);
      const c = r.cost;
      byId('sim-cost').textContent = `U: ${c.layers} layers, heads per layer [${c.headsPerLayer.join(', ')}], residual width ` +
        `${c.residualWidth}, ${c.tokens} tokens, ${c.pointwiseBlocks} marked pointwise blocks`;
      byId('sim-error').textContent = `max error against direct attention (float64): abs ${sci(r.maxAbsError)}, rel ${sci(r.maxRelError)}`;
      byId('sim-table').replaceChildren(table(['operation', 'shape', 'layers', 'residual width', 'tokens', 'paper'],
        r.table.map((t) => [t.operation, t.shape, String(t.layers), String(t.residualWidth), String(t.tokens), t.paper])));
    } catch (e) {
      showError(error, e);
    }
  };
}
