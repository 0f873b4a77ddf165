/** `attnsim repl`: an interactive RASP session with history, multi-line input, name completion and `:help`. */
import * as readline from 'readline';
import { RaspSyntaxError, thrownMessage } from '../errors';
import { rasp } from '../index';
import { formatOutput } from '../rasp/lang/format';
import { reservedWords } from '../rasp/lang/prelude';
import { Command } from './command';
import { warningsOf } from './program_file';

const help = `RASP REPL (attnsim). End statements with ';'. Unfinished input continues on the next line.
  x = indices + 1;              assign; s-ops and selectors are shown on the running example
  set example "hello";         change the running example (a string or a list)
  tokens = tokens_int;         read the input as integers (also tokens_float, tokens_bool, tokens_asis)
  load "file.rasp";            run a file; its names starting with _ stay private to it
  Tab completes names; Ctrl-C clears the line (twice on an empty line leaves).
  :help  this text    :quit  leave (or exit; / quit; / Ctrl-D)`;

const usage = `Usage: attnsim repl

An interactive RASP session: statements run as you type them, s-ops and selectors are shown on the
running example ("hello" until you set another). Type :help inside.

Options:
  -h, --help   print this help`;

/** `attnsim repl`. */
export const replCommand: Command = {
  name: 'repl',
  summary: 'an interactive RASP session (:help inside)',
  usage,
  flags: {},
  positionals: [],
  run: async () => {
    await repl();
    process.stdin.destroy();
  },
};

const commands = [':help', ':quit'];

/**
 * Tab completion: the REPL commands at the start of a line, else the names that extend the word before the cursor.
 * @param names the names to offer (the session's and the built-ins).
 * @param line the line up to the cursor.
 * @returns the matches and the word they complete, as readline's completer returns them.
 * @example completeName(['indices', 'length'], 'x = ind'); // [['indices'], 'ind']
 */
export function completeName(names: readonly string[], line: string): [string[], string] {
  const command = /^\s*(:\w*)$/.exec(line)?.[1];
  if (command !== undefined) return [commands.filter((c) => c.startsWith(command)), command];
  const word = /[A-Za-z_]\w*$/.exec(line)?.[0] ?? '';
  return [[...new Set(names)].filter((n) => n.startsWith(word)).sort(), word];
}

/** Input that ended before the statement did (a closing brace, semicolon or expression is missing). */
function unfinished(error: unknown): boolean {
  return error instanceof RaspSyntaxError && /(the end of the input|unexpected end of input|unterminated string)/.test(error.message);
}

/**
 * Runs the REPL on the given streams until :quit, exit;, Ctrl-C twice on an empty line, or the end of input.
 * @param input where lines come from (a terminal when both streams are TTYs: then Tab and Ctrl-C work).
 * @param output where results and prompts go.
 * @returns a promise that settles when the session ends.
 * @example await repl(process.stdin, process.stdout);
 */
export function repl(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const session = new rasp.RaspSession();
  const terminal = (input as { isTTY?: boolean }).isTTY === true && (output as { isTTY?: boolean }).isTTY === true;
  const rl = readline.createInterface({
    input, output, terminal, historySize: 1000,
    completer: (line: string) => completeName([...session.names(), ...reservedWords], line),
  });
  const write = (text: string) => output.write(`${text}\n`);
  let pending = '', interrupted = false, closed = false, warned = 0;
  const prompt = () => {
    rl.setPrompt(pending === '' ? '>> ' : '.. ');
    rl.prompt();
  };
  const run = (line: string) => {
    pending += `${line}\n`;
    try {
      const outputs = session.run(pending);
      pending = '';
      for (const out of outputs) {
        if (out.kind === 'exit') return rl.close();
        write(formatOutput(out, session.example, (v) => (v instanceof rasp.SOp
          ? rasp.evaluateSequence(v, session.example) : rasp.evaluateSelector(v, session.example))));
      }
    } catch (error) {
      if (!unfinished(error)) {
        pending = '';
        write(`\t\t!!ignoring input:\n\t Error: ${thrownMessage(error)}`);
      }
    }
    const warnings = warningsOf(session);
    for (const warning of warnings.slice(warned)) write(`\t warning: ${warning}`);
    warned = warnings.length;
    prompt();
  };
  write(`attnsim RASP REPL. Running example: "${session.example.join('')}". Type :help for help.`);
  prompt();
  return new Promise((resolve) => {
    rl.on('line', (line) => {
      if (closed) return;
      interrupted = false;
      const command = line.trim();
      if (pending !== '' || !command.startsWith(':')) return run(line);
      if (command === ':quit' || command === ':q') return rl.close();
      write(command === ':help' ? help : `unknown command ${command}; try :help`);
      prompt();
    });
    rl.on('SIGINT', () => {
      const empty = pending === '' && rl.line === '';
      if (empty && interrupted) return rl.close();
      interrupted = empty;
      pending = '';
      output.write(empty ? '\n(To leave, press Ctrl-C again or type :quit)\n' : '^C\n');
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      prompt();
    });
    rl.on('close', () => {
      if (pending.trim() !== '') write(`\t\t!!ignoring input:\n\t Error: the input ended inside a statement: ${pending.trim()}`);
      closed = true;
      resolve();
    });
  });
}
