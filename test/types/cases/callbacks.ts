/** The DSL's callbacks take the value types of their s-ops; wrong ones are compile errors (each @ts-expect-error must hold). */
import { rasp } from 'attnsim';

const { tokens, indices, length, map, sequenceMap, select, aggregate, full, Comparison } = rasp;

const shifted: rasp.SOp<number> = map((i) => i + 1, indices);
const isEven: rasp.SOp<boolean> = map((i) => i % 2 === 0, shifted);
const both: rasp.SOp<boolean> = sequenceMap((a, b) => a && b, isEven, isEven);
const label: rasp.SOp<string> = sequenceMap((t, i, n) => `${String(t)}${i}/${n}`, tokens, indices, length);
const later = select(indices, shifted, (k, q) => k > q);
const mean: rasp.SOp<number> = aggregate(later, shifted);
const padded: rasp.SOp<string | number> = aggregate(later, label, { default: 0 });
const word: rasp.SOp<string> = map((s) => s.toUpperCase(), full('ab'));
console.log(both, mean, padded, word, Comparison.EQ);

// @ts-expect-error indices holds numbers, not strings
map((s: string) => s.length, indices);
// @ts-expect-error a map of indices is numeric: it is not an s-op of strings
const notText: rasp.SOp<string> = map((i) => i * 2, indices);
// @ts-expect-error the predicate's key is a number (indices), not a string
select(indices, tokens, (k: string, q) => k === q);
console.log(notText);
