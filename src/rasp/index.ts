/** The `rasp` namespace: the embedded language, its evaluator, its library and the RASP text language. */
export {
  aggregate, and, categorical, Comparison, ComparisonName, constant, Encoding, full, indices, length, map, MapOptions, not,
  numerical, or, Predicate, ReluForm, RaspExpr, select, Selector, selectorWidth, sequenceMap, SOp, tokens,
} from './dsl';
export { divide, exp, linear, maximum, minimum, product, relu } from './numeric';
export { evaluate, EvaluateOptions, evaluateSelector, evaluateSequence, Sequence } from './evaluate';
export { programGraph, ProgramGraph, topologicalOrder } from './graph';
export { Value } from './values';
export { run, RaspSession, SessionOptions } from './lang/session';
export { defaultLimits, RaspLimits } from './lang/limits';
export { formatOutput } from './lang/format';
export type { Output } from './lang/interpret';
export type { SOpLike, ValueOf, Widen } from './dsl';
import * as lib from './lib/index';
/** The program library. */
export { lib };
