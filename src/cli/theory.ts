/** `attnsim theory`: what the theory says of a class F^γ_{p,θ}: its rate, C_mix, and the level-T transformer's size. */
import { selection, smoothness } from '../index';
import { choiceFlag, Command, CommandArgs, integerFlag, normFlag, smoothnessFlag, stringFlag, UsageError } from './command';
import { infinityReplacer } from './infinity_json';

const usage = `Usage: attnsim theory [--kind anisotropic|mixed] [--a 1,2] [--p 2] [--theta 2]
                     [--T T | --epsilon E | --n N] [--token-dim 1] [--offsets LIST] [--seq-len 64] [--json]

Prints what the theory says of the γ-smooth class F^γ_{p,θ} (blocks δ_s f measured in L^p, summed in
ℓ^θ): a†, v = (1/p − 1/2)₊, the rate exponent 2(a†−v)/(2(a†−v)+1) with its conditions and log factor
(coded warnings on stderr), C_mix for mixed smoothness, and the size of the level-T transformer:
heads, embedding width (counted), depth, feed-forward width, nonzero parameters and weight bound (orders).

Options:
  --kind K          anisotropic (max a_i s_i, default) or mixed (Σ a_i s_i)
  --a LIST          smoothness per coordinate, comma-separated positive numbers or inf (default 1,2)
  --p P             the L^p norm of each block, a number ≥ 1 or inf (default 2)
  --theta Q         the ℓ^θ sum over blocks, a number ≥ 1 or inf (default 2)
  --T T             the level: blocks with γ(s) < T (default 8 when none of --T, --epsilon, --n is given)
  --epsilon E       a target accuracy in L²: the least T whose error bound is at most E
  --n N             a sample size: the T where the squared error meets the variance G(T)/n (constants,
                    σ² and log factors dropped)
  --token-dim D     coordinates per token: heads count tokens, not coordinates (default 1)
  --offsets LIST    build the package's window extractor for these offsets (one token each) and print its
                    heads, parameter count and largest weight beside the theory's
  --seq-len N       the extractor's sequence length (default 64; its counts do not depend on it)
  --json            print everything as JSON
  -h, --help        print this help`;

/** `attnsim theory`. */
export const theoryCommand: Command = {
  name: 'theory',
  summary: 'the rate, C_mix and network size the theory gives for a smoothness class',
  usage,
  flags: {
    kind: { type: 'string' }, a: { type: 'string' }, p: { type: 'string' }, theta: { type: 'string' }, T: { type: 'string' },
    epsilon: { type: 'string' }, n: { type: 'string' }, 'token-dim': { type: 'string' }, offsets: { type: 'string' },
    'seq-len': { type: 'string' }, json: { type: 'boolean' },
  },
  positionals: [],
  terms: { 'smoothness.networkSize: ': '', 'smoothness.rate: ': '', tokenDim: '--token-dim', epsilon: '--epsilon' },
  run: (args) => theory(args),
};

/** The one of --T / --epsilon / --n given (--T 8 when none is). */
function readLevel(args: CommandArgs): { T?: number; epsilon?: number; n?: number } {
  const given = (['T', 'epsilon', 'n'] as const).filter((k) => stringFlag(args, k) !== undefined);
  if (given.length > 1) throw new UsageError(`--T, --epsilon and --n exclude each other (received ${given.map((k) => `--${k}`).join(', ')})`, usage);
  const key = given[0] ?? 'T', text = stringFlag(args, key) ?? '8', value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(`--${key} expects a positive number but received '${text}'`, usage);
  return { [key]: value };
}

function theory(args: CommandArgs): void {
  const kind = choiceFlag(args, 'kind', ['anisotropic', 'mixed'] as const, usage), a = smoothnessFlag(args, '1,2', 64, usage);
  const p = normFlag(args, 'p', usage), theta = normFlag(args, 'theta', usage);
  const tokenDim = integerFlag(args, 'token-dim', 1, { min: 1, max: 64, usage });
  const r = smoothness.rate({ kind, a, p, theta });
  const size = smoothness.networkSize({ kind, a, p, theta, tokenDim, ...readLevel(args) });
  const extractor = readExtractor(args, a.length, tokenDim);
  for (const w of r.warnings) console.error(`attnsim theory: warning ${w.code}: ${w.message}`);
  if (args.values.json === true) {
    console.log(JSON.stringify({ rate: r, networkSize: size, ...(extractor ? { windowExtractor: extractor } : {}) }, infinityReplacer, 1));
    return;
  }
  const log = r.logFactor.power > 0 ? ` · (log n)^${r.logFactor.power.toFixed(3)} (${r.logFactor.sources.join('; ')})` : '';
  console.log(`class: ${kind} a = ${a.join(',')}, p = ${r.p}, θ = ${r.theta}: a† = ${r.effectiveSmoothness.toPrecision(4)}, v = ${r.v.toPrecision(4)}`);
  console.log(`rate: risk ≲ n^${r.slope.toFixed(4)}${log}`);
  console.log('conditions:');
  for (const c of r.conditions) console.log(`  - ${c}`);
  if (size.cMix !== undefined) console.log(`C_mix = ${size.cMix.toPrecision(6)} (G(T) ≤ C_mix·2^(T/a†) for every T)`);
  console.log(`level T = ${size.T.toPrecision(4)} (from --${size.chosenBy}): error ≤ ${size.approximationError.toPrecision(4)}` +
    (size.errorLogFactor > 0 ? ` × T^${size.errorLogFactor.toPrecision(3)}` : ''));
  console.log(`  G(T) = ${size.basisFunctions} basis functions on ${size.activeCoordinates.length} active coordinates ` +
    `(${size.activeCoordinates.join(',')})`);
  for (const key of ['heads', 'embeddingWidth', 'depth', 'feedForwardWidth', 'nonzeroParameters', 'weightBound'] as const) {
    const e = size[key];
    console.log(`  ${key}: ${e.value !== undefined ? `${e.value} (${e.order})` : e.order} [${e.source}]`);
  }
  if (extractor) {
    console.log(`window extractor (offsets ${extractor.offsets.join(',')}, N = ${extractor.N}, one-hot code of period ` +
      `${extractor.period}): ${extractor.heads} heads, ${extractor.parameters} parameters, largest weight ${extractor.largestWeight}`);
  }
}

/** The window extractor for --offsets (one token of --token-dim coordinates each), or undefined without --offsets. */
function readExtractor(args: CommandArgs, J: number, d: number):
  { offsets: number[]; N: number; period: number; heads: number; parameters: number; largestWeight: number } | undefined {
  const text = stringFlag(args, 'offsets'), N = integerFlag(args, 'seq-len', 64, { min: 2, max: 4096, usage });
  if (text === undefined) {
    if (stringFlag(args, 'seq-len') !== undefined) throw new UsageError('--seq-len goes with --offsets', usage);
    return undefined;
  }
  const offsets = text.split(',').map(Number);
  if (text.trim() === '' || !offsets.every(Number.isInteger) || offsets.length * d !== J) {
    throw new UsageError(`--offsets expects ${J / d} comma-separated integers (one per token of --a) but received '${text}'`, usage);
  }
  const built = selection.buildWindowExtractor({ N, d, offsets, positional: 'onehot', coldness: 1 });
  return { offsets, N, period: built.period, heads: built.model.config.heads, parameters: built.model.parameterCount,
    largestWeight: built.model.largestWeight };
}
