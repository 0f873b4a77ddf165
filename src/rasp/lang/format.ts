/** Text for RASP results as the reference REPL shows them: sequences with their type, selectors as matrices. */
import { thrownMessage } from '../../errors';
import { Selector, SOp } from '../dsl';
import { Sequence } from '../evaluate';
import { sequenceType, Value } from '../values';
import { Output } from './interpret';
import { describeValue, isApplied, isFunction, LangValue } from './values';

function element(v: Value, float: boolean): string {
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (typeof v === 'number') {
    const r = Math.round(v * 1000) / 1000;
    return float && Number.isInteger(r) ? r.toFixed(1) : String(r);
  }
  return v === null ? 'None' : v;
}

/** `[h, e, l, l, o] (strings)`; a constant sequence longer than one shows as `[5]*5`. */
export function formatSequence(seq: Sequence): string {
  const shown = seq.values.map((v, i) => element(v, seq.float[i] === 1));
  const body = shown.length > 1 && shown.every((s) => s === shown[0]) && seq.values.every((v) => v === seq.values[0])
    ? `[${shown[0]}]*${shown.length}` : `[${shown.join(', ')}]`;
  return `${body} (${sequenceType(seq.values, (i) => seq.float[i] === 1, 'display')}s)`;
}

/** A selector on an input: keys across the top, one row per query, 1 where selected. */
export function formatMatrix(input: Value[], matrix: boolean[][]): string {
  const labels = input.map((v) => element(v, false));
  const width = Math.max(1, ...labels.map((l) => l.length));
  const pad = (s: string) => s.padStart(width);
  const lines = [`${' '.repeat(width)}   ${labels.map(pad).join(' ')}`];
  matrix.forEach((row, q) => lines.push(`${pad(labels[q])} | ${row.map((b) => pad(b ? '1' : '0')).join(' ')}`));
  return lines.join('\n');
}

function exampleText(input: Value[]): string {
  return input.every((v) => typeof v === 'string' && [...v].length === 1) ? `"${input.join('')}"` : `[${input.map((v) => element(v, false)).join(', ')}]`;
}

/** One REPL output, evaluated on the running example where it is an s-op or a selector. */
export function formatOutput(out: Output, example: Value[], show: (value: SOp | Selector) => Sequence | boolean[][]): string {
  if (out.kind === 'text') return `\t${out.text}`;
  if (out.kind === 'exit') return '';
  const { name, value } = out;
  return formatValue(name, value, example, show);
}

function formatValue(name: string, value: LangValue, example: Value[], show: (value: SOp | Selector) => Sequence | boolean[][]): string {
  if (value instanceof SOp || value instanceof Selector) {
    const kind = value instanceof SOp ? 's-op' : 'selector';
    let shown: string;
    try {
      const result = show(value);
      shown = Array.isArray(result) ? `\n${indent(formatMatrix(example, result))}` : ` ${formatSequence(result)}`;
    } catch (error) {
      shown = ` (evaluation failed: ${thrownMessage(error)})`;
    }
    return `     ${kind}: ${name}\n \t Example: ${name}(${exampleText(example)}) =${shown}`;
  }
  if (isApplied(value)) return 'sequence' in value ? `\t =  ${formatSequence(value.sequence)}` : `\t = \n${indent(formatMatrix(value.input, value.matrix))}`;
  if (isFunction(value)) return `     ${describeValue(value)}`;
  const kind = Array.isArray(value) ? 'list' : typeof value === 'object' && value !== null ? 'dict' : 'value';
  return `     ${kind}: ${name} = ${describeValue(value)}`;
}

function indent(text: string): string {
  return text.split('\n').map((l) => ` \t \t ${l}`).join('\n');
}
