/**
 * attnsim: transformers simulating attention, runnable and checkable. This file is the one public
 * surface; it only re-exports.
 */
export { ArgumentRangeError, ArgumentTypeError, BackendError, ErrorCode, TooLargeError } from './errors';
export { formatBytes, memoryBudget, setMemoryBudget } from './budget';
export { ProgressCallback, ProgressEvent, throttleProgress } from './progress';
export { DType, Matrix } from './linalg/matrix';
export { matmul, matmulAsync, matmulBatched, MatmulOptions } from './linalg/matmul';
export { softmaxRows } from './linalg/softmax_rows';
export { attention, attentionAsync, AttentionInput } from './linalg/attention';
export { AttentionLayer, AttentionLayerWeights, createAttentionLayer } from './linalg/attention_layer';
export { backendInfo, BackendInfo, setBackend, setThreads } from './backend/select';
export { tfjsAttention, tfjsBackends, TfjsAttentionResult, TfjsBackendName } from './reference/tfjs_attention';
export { tfjsEncoder } from './reference/tfjs_encoder';
export { RaspError, RaspSyntaxError } from './errors';
import * as rasp from './rasp/index';
/** RASP: the language (embedded and text), its evaluator and its program library. */
export { rasp };
export { CompileError, CompileProblem } from './errors';
export { compile, CompileOptions } from './compiler/compile';
export { RealFFN } from './compiler/blocks/real_ffn';
export { EncoderModel, ModelConfig, ModelTrace, Readout, TokenEmbedding } from './encoder/model';
export { ModelJSON } from './encoder/model_json';
export { OnnxOptions } from './export/onnx';
export { EncoderLayer, LayerTrace } from './encoder/layer';
export { AttentionHead, AttentionKind, HeadWeights } from './encoder/attention_head';
export { MLP } from './encoder/mlp';
export { PointwiseBlock, POINTWISE_FUNCTIONS } from './encoder/pointwise';
export { DimLabel, ResidualSpace, Token } from './encoder/residual';
export { buildSimulator, RunOptions, SimulatorInput, SimulatorSpec, UniversalSimulator } from './simulator/build';
export { AnySimulatorInput, buildSimulatorAsync, EncoderSimulatorInput, ResolvedSpec } from './simulator/build';
export { WorkerError } from './simulator/worker/messages';
export { releaseSimulatorThread } from './simulator/worker/pool';
export { eluPlusOne, linearAttention, QKV } from './linalg/linear_attention';
export { linformerAttention, LinformerInput } from './linalg/linformer';
export { AffineLayer, groupSortNetwork, maxMinRows } from './linalg/group_sort';
export { conditionNumber, inverse, SINGULAR_PIVOT } from './linalg/inverse';
export { EncoderInput, EncoderLayerWeights, encoderForward, LayerNormPlacement, layerNormRows, LN_EPSILON } from './linalg/encoder_forward';
export { SimulatorCost } from './simulator/cost';
export { simulate, SimulateOperation, SimulateOptions } from './simulator/simulate';
export { AttentionInstance, seededAttentionInstance } from './simulator/seeded_instance';
export { COST_FORMULAS, CostRow, costTable, costTableMarkdown } from './simulator/cost_table';
export { softError, SoftErrorPoint, SoftErrorReport } from './simulator/soft_error';
import * as smoothness from './smoothness/index';
/** γ-smooth function classes: basis, blocks, γ, G(T, γ), a†, rate exponents and seeded targets. */
export { smoothness };
import * as estimation from './estimation/index';
/** Estimation: sieve least squares and rate experiments on smooth targets (Takakura & Suzuki 2023). */
export { estimation };
import * as selection from './selection/index';
/** Shift-equivariant sequence targets and the token-selecting transformers that realise them (Takakura & Suzuki 2023). */
export { selection };
export { ModelInput } from './encoder/model';
export { PositionalEncoding } from './encoder/positional';
export { drawModel } from './draw/model_diagram';
export { drawTrace } from './draw/trace_heatmaps';
