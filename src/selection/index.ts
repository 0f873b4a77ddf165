/** Sequence-to-sequence targets (window, importance) and the transformers that select their tokens. */
export { roll } from './sequence';
export {
  ImportanceTarget, importanceTarget, ImportanceTargetOptions, SequenceTarget, windowTarget, WindowTargetOptions,
} from './targets';
export { SampleOptions, sampleSequences, SequenceSample } from './sample_sequences';
export { buildWindowExtractor, Construction, offTargetWeights, WindowExtractorOptions } from './window_extractor';
export { buildTopKSelector, TopKSelectorOptions } from './top_k_selector';
export { drawSelection, SelectionDemo, selectionDemo, SelectionDemoOptions } from './demo';
export { Importance, ImportanceMLP } from './importance';
