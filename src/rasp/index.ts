/** The `rasp` namespace: the embedded language, its evaluator, its library and the RASP text language. */
export {
  aggregate, and, categorical, Comparison, ComparisonName, constant, Encoding, full, indices, length, map, MapOptions, not,
  numerical, or, Predicate, RaspExpr, select, Selector, selectorWidth, sequenceMap, SOp, tokens,
} from './dsl';
export { evaluate, EvaluateOptions, evaluateSelector, evaluateSequence, Sequence } from './evaluate';
export { programGraph, ProgramGraph, topologicalOrder } from './graph';
export { Value } from './values';
export { run, RaspSession, SessionOptions } from './lang/session';
import * as lib from './lib/index';
/** The program library. */
export { lib };
