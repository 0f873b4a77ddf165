/** The compiler's size limits, shared by compile and buildSimulator (one limit, one check), and the model's memory estimate. */
import * as v8 from 'v8';
import { checkMemory, formatBytes, memoryBudget } from '../budget';
import { labelText } from '../encoder/residual';
import { FullSOp, IndicesSOp, LengthSOp, MapSOp, SelectorWidthSOp, SOp } from '../rasp/dsl';
import { Blocks, Settings } from './stages';

/** The longest input a compiled model may accept (compile's maxSeqLen, buildSimulator's token stack). */
export const MAX_TOKENS = 1 << 20;

const FLOAT64 = 8;
/** JavaScript heap bytes per position of a position-dependent s-op's values while they are inferred (measured ~17, retained). */
const POSITIONAL_ENTRY = 24;
/** Heap bytes per value of a selector width or length (0 … maxSeqLen): its value, its one-hot label, its lookup units. */
const WIDTH_ENTRY = 256;

/**
 * Refuses, before infer_values, a program that would not fit the memory budget or the JavaScript heap while it is
 * compiled: position-dependent s-ops (indices, constants and maps of them) keep a value per position, and selector
 * widths and length have maxSeqLen + 1 values, each with its dimension and lookup units.
 * @param nodes the program's s-ops, inputs before users.
 * @throws {TooLargeError} naming how many such s-ops and positions.
 */
export function checkInferenceMemory(nodes: readonly SOp[], maxSeqLen: number): void {
  const positional = new Set<SOp>();
  let widths = 0;
  for (const n of nodes) {
    if (n instanceof IndicesSOp || n instanceof FullSOp || (n instanceof MapSOp && n.inputs.every((i) => positional.has(i)))) positional.add(n);
    if (n instanceof SelectorWidthSOp || n instanceof LengthSOp) widths++;
  }
  const heap = v8.getHeapStatistics(), free = heap.heap_size_limit - heap.used_heap_size;
  const where = free < memoryBudget() ? ` in the JavaScript heap (${formatBytes(free)} free; node --max-old-space-size raises it)` : '';
  checkMemory('compile', `holding the values of ${positional.size} position-dependent s-ops and ${widths} selector widths at ` +
    `${maxSeqLen} positions (maxSeqLen)${where}`, (positional.size * POSITIONAL_ENTRY + widths * WIDTH_ENTRY) * (maxSeqLen + 1),
  Math.min(memoryBudget(), free));
}

/**
 * The bytes the assembled model's matrices take: the position and token tables, each head's four factors (width ×
 * distinct source dimensions) and each layer's MLP (two width × hidden matrices).
 */
export function modelBytes(blocks: Blocks, settings: Settings): number {
  const d = blocks.labels.length, vocab = settings.vocab?.length ?? 1;
  let entries = (settings.maxSeqLen + 1 + vocab) * d;
  const hidden = new Map<number, number>();
  for (const b of blocks.blocks) {
    if (b.kind === 'attention') for (const e of [b.qk, b.ov]) entries += 2 * d * new Set(e.map((x) => labelText(x.from))).size;
    if (b.kind === 'mlp') hidden.set(b.layer, (hidden.get(b.layer) ?? 0) + b.units.length);
  }
  for (const h of hidden.values()) entries += 2 * d * h + h + d;
  return entries * FLOAT64;
}

/**
 * Refuses a model whose matrices would exceed the memory budget, before any is allocated.
 * @throws {TooLargeError} naming the width, layers and maxSeqLen.
 */
export function checkModelMemory(blocks: Blocks, settings: Settings, layers: number): void {
  checkMemory('compile', `the model (residual width ${blocks.labels.length}, ${layers} layers, maxSeqLen ${settings.maxSeqLen})`,
    modelBytes(blocks, settings));
}
