/** The "Why attention works" panel: a token-selecting construction, a coldness slider against its bound, and dropped rate files. */
import { byId, el, sci, showError, showSvg } from '../dom';
import { latestOnly, runJob } from '../worker_client';

/** The slider's position (log₁₀ of the coldness) as a coldness. */
const coldnessAt = (position: string) => 10 ** Number(position);

/** Plots each dropped `attnsim rate --json` file under the drop zone. */
function rateDrop(): void {
  const zone = byId('rates-drop'), plots = byId('rates-plots'), error = byId('rates-error'), picker = byId<HTMLInputElement>('rates-file');
  const plot = async (files: FileList | null) => {
    showError(error, null);
    for (const file of Array.from(files ?? [])) {
      try {
        const r = await runJob<'rates'>({ kind: 'rates', text: await file.text(), file: file.name }, `plotting ${file.name}`);
        const figure = el('figure'), picture = el('div');
        showSvg(picture, r.svg);
        const slopes = Object.entries(r.slopes).map(([name, s]) => `${name} ${s.toFixed(3)}`).join(', ');
        figure.append(picture, el('figcaption', `${file.name}: fitted slopes ${slopes}; theory ${r.theory.toFixed(3)}`));
        plots.prepend(figure);
      } catch (e) {
        showError(error, e);
      }
    }
  };
  zone.ondragover = (e) => { e.preventDefault(); zone.classList.add('over'); };
  zone.ondragleave = () => zone.classList.remove('over');
  zone.ondrop = (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    void plot(e.dataTransfer?.files ?? null);
  };
  picker.onchange = () => void plot(picker.files);
}

/**
 * Builds the panel; the construction is rebuilt when the target, length or seed change and re-measured as the slider moves.
 * @returns a function that measures it the first time the panel is shown (nothing runs for a page that never shows it).
 */
export function selectionPanel(): () => void {
  const slider = byId<HTMLInputElement>('select-coldness'), error = byId('select-error-message');
  const submit = latestOnly<'select'>('measuring the construction');
  const update = async () => {
    const coldness = coldnessAt(slider.value);
    byId('select-coldness-value').textContent = coldness.toPrecision(3);
    let r;
    try {
      r = await submit({
        kind: 'select', target: byId<HTMLSelectElement>('select-target').value as 'window' | 'importance',
        N: Number(byId<HTMLInputElement>('select-n').value), seed: Number(byId<HTMLInputElement>('select-seed').value), coldness,
      });
    } catch (e) {
      return showError(error, e);
    }
    if (r === null) return;
    showError(error, null);
    byId('select-error').textContent = sci(r.error);
    byId('select-bound').textContent = sci(r.bound);
    byId('select-gap').textContent = `gap Δ = ${r.gap.toPrecision(4)}, ${r.parameters} parameters`;
    showSvg(byId('select-picture'), r.svg);
  };
  slider.oninput = update;
  for (const id of ['select-target', 'select-n', 'select-seed']) byId(id).onchange = update;
  rateDrop();
  let shown = false;
  return () => {
    if (!shown) void update();
    shown = true;
  };
}
