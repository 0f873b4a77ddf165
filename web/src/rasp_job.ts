/** The worker's RASP jobs: a program run in a restricted session (no load, the page's limits), its values on an input. */
import { rasp, RaspError } from 'attnsim';
import { RaspRow } from './protocol';

/** The page's limits: as the library's untrusted-source mode, tighter where a page would choke on the output. */
export const PAGE_LIMITS: Partial<rasp.RaspLimits> = { maxSteps: 1_000_000, timeoutMs: 5_000, maxListLength: 100_000, maxInputLength: 100 };

/**
 * Runs a program in a fresh session without `load` and with the page's limits, then checks the input against them.
 * @throws {RaspSyntaxError} / {RaspError} as the library does, with line and column.
 */
export function runProgram(source: string, input: string[]): { session: rasp.RaspSession; outputs: rasp.Output[] } {
  const session = new rasp.RaspSession({ allowLoad: false, limits: PAGE_LIMITS });
  const outputs = session.run(source);
  session.guard.input(input.length);
  session.example = input;
  return { session, outputs };
}

/**
 * Every named value of a program, as the reference REPL prints it on the input (each assignment with the value it bound
 * then), with its value as JSON text. The evaluation is the REPL's: its cost is bounded by the program, which the run's
 * limits bounded, on at most maxInputLength tokens.
 */
export function raspRows(source: string, input: string[]): { rows: RaspRow[]; warnings: string[] } {
  const { session, outputs } = runProgram(source, input);
  const rows: RaspRow[] = [];
  for (const out of outputs) {
    if (out.kind !== 'named') continue;
    let json: string | null = null;
    const show = (value: rasp.SOp | rasp.Selector) => {
      if (value instanceof rasp.SOp) {
        const sequence = rasp.evaluateSequence(value, input);
        json = JSON.stringify(sequence.values);
        return sequence;
      }
      const matrix = rasp.evaluateSelector(value, input);
      json = JSON.stringify(matrix);
      return matrix;
    };
    const text = rasp.formatOutput(out, input, show);
    const kind = out.value instanceof rasp.SOp ? 's-op' : out.value instanceof rasp.Selector ? 'selector' : 'other';
    rows.push({ name: out.name, kind, text, json });
  }
  return { rows, warnings: [...session.warnings] };
}

/** The s-op a program binds to a name. @throws {RaspError} when the name is not an s-op. */
export function sopNamed(session: rasp.RaspSession, name: string): rasp.SOp {
  const value = session.get(name);
  if (!(value instanceof rasp.SOp)) throw new RaspError(`'${name}' is not an s-op of the program`);
  return value;
}
