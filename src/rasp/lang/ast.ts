/** The syntax tree of the RASP text language; every node keeps its line and column. */

/** Where a node starts in its source. */
export interface Position {
  line: number;
  column: number;
}

/** An expression of the RASP text language. */
export type Expr = Position & (
  | { type: 'number'; value: number; float: boolean }
  | { type: 'string'; value: string }
  | { type: 'var'; name: string }
  | { type: 'list'; items: Expr[] }
  | { type: 'dict'; entries: [Expr, Expr][] }
  | { type: 'listComp'; value: Expr; names: string[]; iterable: Expr }
  | { type: 'dictComp'; key: Expr; value: Expr; names: string[]; iterable: Expr }
  | { type: 'unary'; op: 'not' | '-' | '+' | 'round' | 'indicator'; operand: Expr }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { type: 'ternary'; then: Expr; cond: Expr; otherwise: Expr }
  | { type: 'in'; item: Expr; container: Expr }
  | { type: 'select'; keys: Expr; queries: Expr; op: SelectOp }
  | { type: 'aggregate'; selector: Expr; sop: Expr; fallback: Expr | null }
  | { type: 'range'; args: Expr[] }
  | { type: 'zip'; lists: Expr[] }
  | { type: 'len'; list: Expr }
  | { type: 'index'; target: Expr; index: Expr }
  | { type: 'call'; callee: Expr; args: Expr[] }
);

/** Binary operators outside select. */
export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '==' | '<=' | '>=' | '<' | '>' | 'and' | 'or';

/** The comparisons select accepts. */
export type SelectOp = '==' | '!=' | '<' | '>' | '<=' | '>=';

/** A statement of the RASP text language (file or REPL). */
export type Statement = Position & (
  | { type: 'expr'; expr: Expr }
  | { type: 'assign'; names: string[]; values: Expr[] }
  | { type: 'def'; name: string; params: string[]; body: Statement[]; returns: Expr[] }
  | { type: 'for'; names: string[]; iterable: Expr; body: Statement[] }
  | { type: 'load'; file: string }
  | { type: 'setExample'; subset: 's-op' | 'selector' | null; example: Expr }
  | { type: 'showExample'; subset: 's-op' | 'selector' | null }
  | { type: 'toggle'; what: 'examples' | 's-op examples' | 'selector examples' | 'full seq display'; on: boolean }
  | { type: 'draw'; sop: Expr; input: Expr | null }
  | { type: 'exit' }
);
