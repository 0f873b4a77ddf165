/** Sequence-to-sequence targets (window, importance) and the transformers that select their tokens. */
export { roll } from './sequence';
export { ImportanceTarget, importanceTarget, ImportanceTargetOptions, SequenceTarget, windowTarget, WindowTargetOptions } from './targets';
export { SampleOptions, sampleSequences, SequenceSample } from './sample_sequences';
