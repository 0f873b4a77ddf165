/** The native backend: forwards typed arrays and integers to the addon. */
import { NativeBinding } from '../native/binding';
import { AttentionArgs, AttentionWeightArgs, Backend, GemmArgs, GemmBatchedArgs } from './backend';
import { allocUnpooled } from './js';

/** Wraps a loaded addon as a Backend. */
export function nativeBackend(addon: NativeBinding): Backend {
  return {
    name: 'native',
    blas: addon.blasInfo().name,
    threads: () => addon.blasInfo().threads,
    setThreads: (n) => addon.setThreads(n),
    allocUnfilled: (bytes) => addon.allocOutput(bytes) ?? allocUnpooled(bytes),
    firstNonFinite: (x) => addon.firstNonFinite(x),
    asyncChecksValues: true,
    gemm: (g: GemmArgs) => addon.gemm(g.a, g.b, g.c, g.m, g.n, g.k, g.transA, g.transB, g.alpha, g.beta),
    gemmAsync: (g: GemmArgs) => addon.gemmAsync(g.a, g.b, g.c, g.m, g.n, g.k, g.transA, g.transB, g.alpha, g.beta,
      g.fresh ?? false),
    gemmBatched: (g: GemmBatchedArgs) => addon.gemmBatched(g.a, g.b, g.c, g.batch, g.m, g.n, g.k,
      g.transA, g.transB, g.alpha, g.beta, g.strideA, g.strideB, g.strideC),
    softmaxRows: (x, out, rows, cols) => addon.softmaxRows(x, out, rows, cols),
    attention: (t: AttentionArgs) => addon.attention(t.x, t.wq, t.wk, t.wv, t.wo, t.out,
      t.n, t.dIn, t.dModel, t.dV, t.dOut, t.heads, t.causal, t.scale, t.packed ?? null),
    attentionAsync: (t: AttentionArgs) => addon.attentionAsync(t.x, t.wq, t.wk, t.wv, t.wo, t.out,
      t.n, t.dIn, t.dModel, t.dV, t.dOut, t.heads, t.causal, t.scale, t.packed ?? null),
    packAttention: (w: AttentionWeightArgs) => addon.attentionPack(w.wq, w.wk, w.wv, w.wo, w.dIn, w.dModel, w.dV, w.dOut),
  };
}
