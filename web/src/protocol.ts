/** The messages between the page and its Web Worker: one request per job, progress while it runs, then a result or an error. */

/** Run a RASP program and show every named value on an input. */
export interface RaspRequest { kind: 'rasp'; source: string; input: string[] }
/** Compile one s-op of a program, draw the model and trace an input. */
export interface CompileRequest { kind: 'compile'; source: string; sop: string; vocab: string[]; maxSeqLen: number; input: string[] }
/** Build the universal simulator U for a shape, run it on a seeded instance against direct attention. */
export interface SimulateRequest {
  kind: 'simulate'; n: number; d: number; heads: number; causal: boolean; mode: 'hard' | 'softmax'; coldness: number; seed: number;
}
/** A token-selecting construction on a seeded instance at one coldness. */
export interface SelectRequest { kind: 'select'; target: 'window' | 'importance'; N: number; seed: number; coldness: number }
/** Plot the text of an `attnsim rate --json` file. */
export interface RatesRequest { kind: 'rates'; text: string; file: string }

export type Request = RaspRequest | CompileRequest | SimulateRequest | SelectRequest | RatesRequest;

/** One named value of a program, as the reference REPL prints it, and its value on the input as JSON (s-ops and selectors). */
export interface RaspRow { name: string; kind: 's-op' | 'selector' | 'other'; text: string; json: string | null }
export interface RaspResult { rows: RaspRow[]; warnings: string[] }

/** The residual stream after the last layer, one value per s-op and position. */
export interface ResidualTable { positions: string[]; rows: { sop: string; values: string[] }[] }
export interface CompileResult {
  config: { layers: number; residualWidth: number; heads: number; mlpHidden: number; parameters: number; [key: string]: unknown };
  diagram: string; heatmaps: string; output: string; residual: ResidualTable;
}

export interface CostRowView { operation: string; shape: string; layers: number; residualWidth: number; tokens: number; paper: string }
export interface SimulateResult {
  cost: { layers: number; headsPerLayer: number[]; residualWidth: number; tokens: number; pointwiseBlocks: number };
  table: CostRowView[]; maxAbsError: number; maxRelError: number;
}

export interface SelectResult {
  gap: number; parameters: number; coldness: number; error: number; bound: number; svg: string;
  curve: { coldness: number; error: number; bound: number }[];
}

export interface RatesResult { svg: string; slopes: Record<string, number>; theory: number }

/** What a request's job returns, by kind. */
export interface ResultOf {
  rasp: RaspResult; compile: CompileResult; simulate: SimulateResult; select: SelectResult; rates: RatesResult;
}

/** Page to worker. */
export interface RequestMessage { id: number; request: Request }

/** Worker to page: progress, the result, or the error (with its line and column in the program when it has them). */
export type ReplyMessage =
  | { id: number; type: 'progress'; stage: string; done: number; total: number }
  | { id: number; type: 'result'; result: unknown }
  | { id: number; type: 'error'; message: string; code: string | null; line: number | null; column: number | null };
