/** The labelled residual stream: every dimension names the s-op it carries and, for a one-hot encoding, the value. */
import { invalidRange } from '../check';

/** A token or an s-op value, as the encoder stores it (the values of RASP). */
export type Token = number | string | boolean | null;

/** One residual dimension: `{ sop }` for a scalar, `{ sop, value }` for one entry of a one-hot encoding. */
export interface DimLabel {
  sop: string;
  value?: Token;
}

/** The name of the dimension that is 1 at every position except BOS (biases go through it, so BOS stays 0). */
export const ONE = 'one';
/** The name of the dimension that is 1 at the BOS position only. */
export const BOS = 'bos';

/** A stable text key of a value that keeps 1, "1" and True apart. */
export function valueKey(value: Token): string {
  return value === null ? 'null' : `${typeof value}:${String(value)}`;
}

/** The text of a label, as drawings and messages show it: `tokens:a`, `frac_prevs`. */
export function labelText(label: DimLabel): string {
  return label.value === undefined ? label.sop : `${label.sop}:${String(label.value)}`;
}

/** The residual stream's dimensions with their labels. */
export class ResidualSpace {
  readonly width: number;
  private readonly index = new Map<string, number>();

  /** @param labels one per dimension; no two alike. */
  constructor(readonly labels: readonly DimLabel[]) {
    this.width = labels.length;
    labels.forEach((l, i) => {
      const key = ResidualSpace.key(l.sop, l.value);
      if (this.index.has(key)) throw invalidRange('ResidualSpace', `expected distinct labels but '${labelText(l)}' appears twice`);
      this.index.set(key, i);
    });
  }

  private static key(sop: string, value: Token | undefined): string {
    return value === undefined ? `${sop}#` : `${sop}#${valueKey(value)}`;
  }

  /** The dimension of a scalar s-op (no value) or of one value of a one-hot s-op. */
  dim(sop: string, value?: Token): number {
    const i = this.index.get(ResidualSpace.key(sop, value));
    if (i === undefined) throw invalidRange('ResidualSpace.dim', `expected a dimension for '${labelText({ sop, value })}' but there is none`);
    return i;
  }

  /** Whether the stream has that dimension. */
  has(sop: string, value?: Token): boolean {
    return this.index.has(ResidualSpace.key(sop, value));
  }
}
