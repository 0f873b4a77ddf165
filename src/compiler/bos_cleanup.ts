/**
 * bos_cleanup (part of assemble): where BOS's own values come back out. Every head sends the BOS query to BOS, so it
 * writes its default (its values from the `bos` dimension) into BOS itself. That matters only to a later head that
 * reads those dimensions (a default copied from BOS, a BOS key's score, the BOS query's own scores); MLP units are
 * switched off at BOS instead (a unit that would fire on what BOS then holds has its input lowered there by that
 * much, plus 1, through the `bos` dimension), so they neither read nor spread it. A clean-up head takes the values out — its BOS query reads BOS's value negated, every other
 * query a non-BOS key whose value is 0 — in a layer between the write and the first head that reads it: the fewest
 * such layers are chosen (earliest deadline first), and values no later head reads are never cleaned.
 */
import { BOS, DimLabel, valueKey } from '../encoder/residual';
import { bos, one } from './blocks/context';
import { AttentionBlock, Entry, MlpBlock } from './stages';

/** A clean-up head per layer that needs one (null where none), and the MLP blocks switched off at BOS. */
export interface BosCleanup {
  heads: (AttentionBlock | null)[];
  mlps: MlpBlock[];
}

const key = (l: DimLabel) => `${l.sop}\u0000${l.value === undefined ? '' : valueKey(l.value)}`;

/**
 * Places the clean-up heads and switches the MLPs off at BOS.
 * @param heads the attention blocks, by layer.
 * @param mlps every MLP block.
 * @param layers the number of layers.
 */
export function bosCleanup(heads: AttentionBlock[], mlps: MlpBlock[], layers: number): BosCleanup {
  const reads = Array.from({ length: layers }, () => new Set<string>());
  for (const h of heads) {
    for (const e of h.qk) reads[h.layer].add(key(e.from)).add(key(e.to));
    for (const e of h.ov) reads[h.layer].add(key(e.from));
  }
  const writes = heads.flatMap((h) => h.ov.filter((e) => e.from.sop === BOS).map((e) => ({ entry: e, layer: h.layer, deadline: -1 })));
  for (const w of writes) {
    for (let m = w.layer + 1; m < layers && w.deadline < 0; m++) if (reads[m].has(key(w.entry.to))) w.deadline = m - 1;
  }
  const cleanedAt = new Map<typeof writes[number], number>(), cleanup: Entry[][] = Array.from({ length: layers }, () => []);
  for (const w of writes.filter((x) => x.deadline >= 0).sort((a, b) => a.deadline - b.deadline)) {
    if (cleanedAt.has(w)) continue;
    for (const other of writes) {
      if (other.deadline >= 0 && !cleanedAt.has(other) && other.layer <= w.deadline && other.deadline >= w.deadline) {
        cleanedAt.set(other, w.deadline);
        cleanup[w.deadline].push({ ...other.entry, weight: -other.entry.weight });
      }
    }
  }
  const cleanupHeads = cleanup.map((ov, layer): AttentionBlock | null => (ov.length === 0 ? null : {
    kind: 'attention', label: 'bos cleanup', layer, hint: { kind: 'bos-cleanup' }, qk: [{ from: bos, to: bos, weight: 1 }, { from: one, to: one, weight: 1 }], ov,
  }));
  const offAtBos = mlps.map((b) => {
    const state = new Map<string, number>([[key(bos), 1]]);
    for (const w of writes) {
      const cleaned = cleanedAt.get(w);
      if (w.layer <= b.layer && (cleaned === undefined || cleaned > b.layer)) state.set(key(w.entry.to), (state.get(key(w.entry.to)) ?? 0) + w.entry.weight);
    }
    const units = b.units.map((u) => {
      const at = u.input.reduce((s, [l, w]) => s + w * (state.get(key(l)) ?? 0), 0);
      return at > 0 ? { ...u, input: [...u.input, [bos, -(at + 1)] as [DimLabel, number]] } : u;
    });
    return { ...b, units };
  });
  return { heads: cleanupHeads, mlps: offAtBos };
}
