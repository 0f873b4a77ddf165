#!/usr/bin/env node
/** The attnsim command line: argv to a subcommand; exit 0 on success, 1 when the work fails, 2 for a bad command line. */
import * as fs from 'fs';
import * as path from 'path';
import { Command, readCommandLine, UsageError } from './command';
import { compileCommand } from './compile';
import { demoCommand } from './demo';
import { raspCommand } from './rasp';
import { rateCommand } from './rate';
import { replCommand } from './repl';
import { runJobCommand } from './run_job';
import { simulateCommand } from './simulate';
import { selectCommand } from './select';
import { serveCommand } from './serve';
import { theoryCommand } from './theory';

const commands: readonly Command[] = [
  simulateCommand, raspCommand, compileCommand, replCommand, demoCommand, selectCommand, rateCommand, runJobCommand,
  serveCommand, theoryCommand,
];

const usage = `Usage: attnsim <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run 'attnsim <command> --help' for a command's options; 'attnsim --version' prints the version.
Exit status: 0 on success, 1 when the work fails (a RASP error, a program that does not compile,
a size over the memory budget), 2 for a bad command line.`;

/** The package's version, from the package.json beside dist/. */
function version(): string {
  const file = path.resolve(__dirname, '..', '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

/** An error's message in the command's terms: flags instead of API fields, no API function prefix, no doubled prefix. */
function inUserTerms(message: string, command: Command | undefined): string {
  let text = message.replace(/^attnsim: /, '');
  for (const [from, to] of Object.entries(command?.terms ?? {})) text = text.split(from).join(to);
  return text;
}

/** Prints text (to stdout, or stderr for a failure) and gives back the exit status. */
function say(text: string, status: number): number {
  (status === 0 ? console.log : console.error)(text);
  return status;
}

/** Runs one command line; returns the exit status. */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') return say(version(), 0);
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = commands.find((c) => c.name === rest[0]);
    return say(topic ? topic.usage : usage, 0);
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(name === undefined ? 'missing command' : `unknown command '${name}'`, usage);
    const args = readCommandLine(command, rest);
    if (args === 'help') return say(command.usage, 0);
    await command.run(args);
    return 0;
  } catch (error) {
    const prefix = command ? `attnsim ${command.name}` : 'attnsim';
    if (error instanceof UsageError) return say(`${prefix}: ${error.message}\n\n${error.usage}`, 2);
    const message = error instanceof Error ? error.message : String(error);
    return say(`attnsim: ${inUserTerms(message, command)}`, 1);
  }
}

main(process.argv.slice(2)).then((status) => (process.exitCode = status));
