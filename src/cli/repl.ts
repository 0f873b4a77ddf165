/** `attnsim repl`: an interactive RASP session with history, multi-line input and `:help`. */
import * as readline from 'readline';
import { RaspSyntaxError } from '../errors';
import { rasp } from '../index';
import { formatOutput } from '../rasp/lang/format';

const help = `RASP REPL (attnsim). End statements with ';'. Unfinished input continues on the next line.
  x = indices + 1;              assign; s-ops and selectors are shown on the running example
  set example "hello";         change the running example (a string or a list)
  tokens = tokens_int;         read the input as integers (also tokens_float, tokens_bool, tokens_asis)
  load "file.rasp";            run a file; its names starting with _ stay private to it
  :help  this text    :quit  leave (or exit; / quit;)`;

/** Input that ended before the statement did (a closing brace, semicolon or expression is missing). */
function unfinished(error: unknown): boolean {
  return error instanceof RaspSyntaxError && /(the end of the input|unexpected end of input|unterminated string)/.test(error.message);
}

/** Runs the REPL on the given streams until :quit, exit; or the end of input. */
export function repl(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const session = new rasp.RaspSession();
  const rl = readline.createInterface({ input, output, terminal: (output as { isTTY?: boolean }).isTTY === true, historySize: 1000 });
  const write = (text: string) => output.write(`${text}\n`);
  let pending = '';
  write(`attnsim RASP REPL. Running example: "${session.example.join('')}". Type :help for help.`);
  rl.setPrompt('>> ');
  rl.prompt();
  return new Promise((resolve) => {
    rl.on('line', (line) => {
      if (pending === '' && line.trim().startsWith(':')) {
        const command = line.trim();
        if (command === ':quit' || command === ':q') return rl.close();
        write(command === ':help' ? help : `unknown command ${command}; try :help`);
        return rl.prompt();
      }
      pending += `${line}\n`;
      try {
        const outputs = session.run(pending);
        pending = '';
        for (const warning of session.warnings.splice(0)) write(`warning: ${warning}`);
        for (const out of outputs) {
          if (out.kind === 'exit') return rl.close();
          write(formatOutput(out, session.example, (v) => (v instanceof rasp.SOp
            ? rasp.evaluateSequence(v, session.example) : rasp.evaluateSelector(v, session.example))));
        }
      } catch (error) {
        if (unfinished(error)) {
          rl.setPrompt('.. ');
          return rl.prompt();
        }
        pending = '';
        write(`\t\t!!ignoring input:\n\t Error: ${(error as Error).message}`);
      }
      rl.setPrompt('>> ');
      rl.prompt();
    });
    rl.on('close', () => resolve());
  });
}
