/** The RASP panel: the editor, the input, and every named value of the program on it, as the reference REPL prints them. */
import { EditorView } from '@codemirror/view';
import { byId, el, showError } from '../dom';
import { RaspRow } from '../protocol';
import { raspEditor, setErrorMark } from '../rasp_language';
import { HashState, tokensOf } from '../state';
import { JobError, latestOnly } from '../worker_client';

/** The program a fresh page shows: the README's reverse. */
export const DEFAULT_PROGRAM = `# Reverse: each position reads the token at the mirrored position.
flip = select(length - indices - 1, indices, ==);
reverse = aggregate(flip, tokens);
`;

/** What the other panels read from this one. */
export interface RaspPanel {
  source(): string;
  input(): string[];
  /** The s-op names of the last successful run, in program order. */
  sops(): string[];
  /** The chosen s-op (a row clicked, or the hash's `sop`), else the last s-op. */
  sop(): string | undefined;
}

/** One row: name, kind, the REPL's text, and the value as JSON (in an element with id `value-<name>` on a name's last row). */
function row(r: RaspRow, last: boolean, chosen: boolean, choose: (name: string) => void): HTMLTableRowElement {
  const tr = el('tr', '', { 'data-name': r.name });
  if (chosen) tr.className = 'chosen';
  tr.append(el('td', r.name), el('td', r.kind));
  const text = el('td'), value = el('td');
  text.append(el('pre', r.text));
  if (r.json !== null) value.append(el('code', r.json, last ? { id: `value-${r.name}` } : {}));
  tr.append(text, value);
  tr.onclick = () => choose(r.name);
  return tr;
}

/**
 * Builds the panel from the hash state and runs the program once.
 * @param onState called when the source, input or chosen s-op change (to update the hash and the other panels).
 */
export function raspPanel(initial: HashState, onState: () => void): RaspPanel {
  const input = byId<HTMLInputElement>('rasp-input'), body = byId('rasp-rows'), error = byId('rasp-error'), warnings = byId('rasp-warnings');
  input.value = initial.input ?? 'a b c';
  let rows: RaspRow[] = [], chosen = initial.sop, timer: ReturnType<typeof setTimeout> | undefined;
  const submit = latestOnly<'rasp'>('running the program');
  const isLast = (i: number) => !rows.slice(i + 1).some((later) => later.name === rows[i].name);
  const render = () => body.replaceChildren(...rows.map((r, i) => row(r, isLast(i), r.name === chosen && isLast(i), (name) => {
    chosen = name;
    render();
    onState();
  })));
  const run = async () => {
    let result;
    try {
      result = await submit({ kind: 'rasp', source: editor.state.doc.toString(), input: tokensOf(input.value) });
    } catch (e) {
      showError(error, e);
      if (e instanceof JobError && e.line !== null) editor.dispatch({ effects: setErrorMark.of({ line: e.line, column: e.column ?? 1 }) });
      return;
    }
    if (result === null) return;
    showError(error, null);
    editor.dispatch({ effects: setErrorMark.of(null) });
    rows = result.rows;
    warnings.textContent = result.warnings.join('\n');
    render();
    onState();
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
    onState();
  };
  const editor: EditorView = raspEditor(byId('rasp-editor'), initial.rasp ?? DEFAULT_PROGRAM, later);
  input.oninput = later;
  byId<HTMLButtonElement>('rasp-run').onclick = run;
  void run();
  const sops = () => [...new Set(rows.filter((r) => r.kind === 's-op').map((r) => r.name))];
  return {
    source: () => editor.state.doc.toString(),
    input: () => tokensOf(input.value),
    sops,
    sop: () => chosen ?? sops().at(-1),
  };
}
