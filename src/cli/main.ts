#!/usr/bin/env node
/** The attnsim command line: argv to a subcommand. */
import { parseArgs } from './args';
import { compileCommand } from './compile';
import { demo } from './demo';
import { raspCommand } from './rasp';
import { repl } from './repl';
import { simulateCommand } from './simulate';
import { selectCommand } from './select';

const usage = `Usage: attnsim <command> [options]

Commands:
  demo [--n 6] [--d 8] [--heads 2] [--seed 1] [--causal]
      direct attention on a seeded random instance, checked against the tfjs oracle
  simulate [--n 8] [--d 4] [--heads 2] [--seed 1] [--causal] [--attention softmax --coldness 50] [--json] [--report]
      build the universal simulator U, run it, compare with direct attention and the tfjs oracle
  rasp FILE.rasp [--eval EXPR] [--input TEXT | --input-json JSON] [--tokens str|int|float] [--causal] [--json]
      run a RASP file and print EXPR (or every s-op it names) on the input
  compile FILE.rasp --sop NAME --vocab a,b,c [--max-len 8] [--causal] [--draw out.svg] [--trace INPUT [--trace-svg FILE]]
      compile an s-op to encoder weights, print its size, draw the model and its attention on INPUT
  repl
      an interactive RASP session (:help inside)
  select --target window|importance [--n 32] [--offsets -2,0,3] [--positional sin:6|onehot] [--u 4] [--k 2] [--margin 0.05] [--coldness 100] [--svg out.svg]
      build a token-selecting transformer on a seeded instance; print and draw its picks and its error against coldness`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'demo') return demo(parseArgs(rest, ['causal']));
  if (command === 'rasp') return raspCommand(parseArgs(rest, ['causal', 'json']));
  if (command === 'compile') return compileCommand(parseArgs(rest, ['causal']));
  if (command === 'simulate') return simulateCommand(parseArgs(rest, ['causal', 'json', 'report']));
  if (command === 'repl') return repl();
  if (command === 'select') return selectCommand(parseArgs(rest, []));
  if (command === undefined || command === '--help' || command === 'help') return void console.log(usage);
  throw new Error(`unknown command '${command}'\n\n${usage}`);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`attnsim: ${error.message}`);
  process.exitCode = 1;
});
