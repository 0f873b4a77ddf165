/** The Compile panel: vocabulary and maximum length, then the model's size, its diagram, its attention and residual stream. */
import { byId, el, showError, showSvg, table } from '../dom';
import { runJob } from '../worker_client';
import { RaspPanel } from './rasp_panel';

/** Comma-separated vocabulary text as tokens. */
function vocabOf(text: string): string[] {
  return text.split(',').map((t) => t.trim()).filter((t) => t !== '');
}

/**
 * Builds the panel; it compiles on its button, reading the program, input and chosen s-op from the RASP panel.
 * @returns a function to call when the RASP panel's state changes (it refreshes the s-op list and the default vocabulary).
 */
export function compilePanel(raspPanel: RaspPanel): () => void {
  const sopSelect = byId<HTMLSelectElement>('compile-sop'), vocab = byId<HTMLInputElement>('compile-vocab');
  const maxLen = byId<HTMLInputElement>('compile-maxlen'), error = byId('compile-error');
  let vocabEdited = false;
  vocab.oninput = () => { vocabEdited = true; };
  const refresh = () => {
    const names = raspPanel.sops(), chosen = raspPanel.sop();
    sopSelect.replaceChildren(...names.map((n) => el('option', n, { value: n })));
    if (chosen !== undefined && names.includes(chosen)) sopSelect.value = chosen;
    if (!vocabEdited) vocab.value = [...new Set(raspPanel.input())].sort().join(',');
  };
  byId<HTMLButtonElement>('compile-run').onclick = async () => {
    showError(error, null);
    try {
      const r = await runJob<'compile'>({
        kind: 'compile', source: raspPanel.source(), sop: sopSelect.value, vocab: vocabOf(vocab.value),
        maxSeqLen: Number(maxLen.value), input: raspPanel.input(),
      }, `compiling ${sopSelect.value}`);
      byId('compile-layers').textContent = String(r.config.layers);
      byId('compile-width').textContent = String(r.config.residualWidth);
      byId('compile-config').textContent = JSON.stringify(r.config);
      byId('compile-output').textContent = r.output;
      showSvg(byId('compile-diagram'), r.diagram);
      showSvg(byId('compile-heatmaps'), r.heatmaps);
      byId('compile-residual').replaceChildren(table(['s-op', ...r.residual.positions], r.residual.rows.map((row) => [row.sop, ...row.values])));
      byId('compile-result').hidden = false;
    } catch (e) {
      showError(error, e);
    }
  };
  refresh();
  return refresh;
}
