/** RASP in CodeMirror 6: highlighting (a stream tokenizer over the language's words) and an error mark at a line and column. */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { EditorState, StateEffect, StateField } from '@codemirror/state';
import { Decoration, DecorationSet, EditorView, keymap, lineNumbers } from '@codemirror/view';
import { tags } from '@lezer/highlight';

const keywords = new Set(['if', 'else', 'not', 'and', 'or', 'def', 'return', 'for', 'in', 'load', 'set', 'example', 'lambda']);
const atoms = new Set(['True', 'False', 'None']);
const builtins = new Set([
  'select', 'aggregate', 'selector_width', 'numerical', 'categorical', 'tokens', 'indices', 'length', 'zip', 'len', 'range', 'get',
  'tokens_str', 'tokens_int', 'tokens_float', 'tokens_bool', 'tokens_asis', 'full_s', 'out',
]);

/** The tokenizer: comments from `#`, strings in either quotes, numbers, words by class, comparison and other operators. */
const raspLanguage = StreamLanguage.define<null>({
  name: 'rasp',
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match('#')) {
      stream.skipToEnd();
      return 'comment';
    }
    const quote = stream.match(/^["']/);
    if (quote) {
      const q = (quote as RegExpMatchArray)[0];
      while (!stream.eol()) if (stream.next() === q) break;
      return 'string';
    }
    if (stream.match(/^\d+(\.\d+)?/)) return 'number';
    const word = stream.match(/^[A-Za-z_]\w*/);
    if (word) {
      const w = (word as RegExpMatchArray)[0];
      return keywords.has(w) ? 'keyword' : atoms.has(w) ? 'atom' : builtins.has(w) ? 'builtin' : 'variableName';
    }
    if (stream.match(/^(==|!=|<=|>=|[<>+\-*/%^=])/)) return 'operator';
    stream.next();
    return null;
  },
});

const style = HighlightStyle.define([
  { tag: tags.comment, color: '#6a737d', fontStyle: 'italic' },
  { tag: tags.string, color: '#032f62' },
  { tag: tags.number, color: '#005cc5' },
  { tag: tags.keyword, color: '#d73a49', fontWeight: 'bold' },
  { tag: tags.atom, color: '#005cc5' },
  { tag: tags.standard(tags.variableName), color: '#6f42c1' },
  { tag: tags.operator, color: '#d73a49' },
]);

/** Sets (or, with null, clears) the error mark. */
export const setErrorMark = StateEffect.define<{ line: number; column: number } | null>();

const errorMark = Decoration.mark({ class: 'cm-rasp-error' });

/** The error mark: from the error's column to the end of its word (at least one character), on its line. */
const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) {
      if (!effect.is(setErrorMark)) continue;
      if (effect.value === null) return Decoration.none;
      const doc = tr.state.doc, line = doc.line(Math.min(Math.max(1, effect.value.line), doc.lines));
      const from = Math.min(line.from + effect.value.column - 1, line.to);
      const word = /^\w+/.exec(doc.sliceString(from, line.to))?.[0].length ?? 1;
      const to = Math.min(Math.max(from + word, from + 1), doc.length);
      return from < to ? Decoration.set([errorMark.range(from, to)]) : Decoration.none;
    }
    return tr.docChanged ? Decoration.none : marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/**
 * A RASP editor in `parent`.
 * @param doc the initial source; @param onChange called with the source after each edit.
 * @returns the editor view.
 */
export function raspEditor(parent: HTMLElement, doc: string, onChange: (source: string) => void): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(), history(), keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]), raspLanguage, syntaxHighlighting(style), errorField, EditorView.lineWrapping,
        EditorView.updateListener.of((u) => { if (u.docChanged) onChange(u.state.doc.toString()); }),
      ],
    }),
  });
}
