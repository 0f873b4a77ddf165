/** attnsim repl: piped input, exit;, Ctrl-C and Tab on a (fake) terminal, and the completer. */
import * as assert from 'assert';
import { spawn } from 'child_process';
import { PassThrough } from 'stream';
import { completeName, repl } from '../../src/cli/repl';
import { rasp } from '../../src/index';
import { cliMain, runCli } from './run_cli';

/** Streams that claim to be a terminal, so readline handles keys (Ctrl-C, Tab) as it does on a TTY. */
function fakeTerminal(): { input: PassThrough; output: PassThrough; text: () => string } {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
  let text = '';
  output.on('data', (d) => (text += String(d)));
  return { input, output, text: () => text };
}

describe('attnsim repl', () => {
  it('shows s-ops on the example, selectors as matrices, continues unfinished input, and reports errors', async () => {
    const input = new PassThrough(), output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += String(d)));
    const done = repl(input, output);
    input.end('x = indices + 1;\nsel = select(indices, indices, <);\ndef f(a) {\n  return a * 2;\n}\nf(indices);\nnope;\n:quit\n');
    await done;
    assert.match(text, /s-op: x\n \t Example: x\("hello"\) = \[1, 2, 3, 4, 5\] \(ints\)/);
    assert.match(text, /selector: sel\n \t Example: sel\("hello"\) =\n \t \t {5}h e l l o\n \t \t h \| 0 0 0 0 0\n \t \t e \| 1 0 0 0 0/);
    assert.match(text, /console function: f\(a\)/);
    assert.match(text, /out\("hello"\) = \[0, 2, 4, 6, 8\] \(ints\)/);
    assert.match(text, /!!ignoring input:\n\t Error: <console>:1:1: Undefined variable: nope/);
  });
  it('exit; from a pipe stops: later lines are not run', () => {
    const r = runCli(['repl'], { input: 'x = indices;\nexit;\ny = length;\n' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /s-op: x/);
    assert.doesNotMatch(r.stdout, /s-op: y/);
  });
  it('exit; ends the process while the pipe is still open', async () => {
    const child = spawn(process.execPath, [cliMain, 'repl'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.write('exit;\n');
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the REPL did not end after exit;')), 15000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    child.stdin.destroy();
    assert.strictEqual(code, 0);
  });
  it('input that ends inside a statement is reported', () => {
    const r = runCli(['repl'], { input: 'x = indices +\n' });
    assert.match(r.stdout, /Error: the input ended inside a statement: x = indices \+/);
  });
  it('Ctrl-C clears the line; twice on an empty line leaves', async () => {
    const t = fakeTerminal();
    const done = repl(t.input, t.output);
    t.input.write('abc');
    t.input.write('\x03');
    t.input.write('y = length;\r');
    t.input.write('\x03');
    assert.match(t.text(), /\(To leave, press Ctrl-C again or type :quit\)/);
    t.input.write('\x03');
    await done;
    assert.match(t.text(), /abc\^C\n/);
    assert.match(t.text(), /s-op: y\n \t Example: y\("hello"\) = \[5\]\*5/);
    assert.doesNotMatch(t.text(), /Undefined variable: abcy/);
  });
  it('Ctrl-C inside an unfinished statement drops it', async () => {
    const t = fakeTerminal();
    const done = repl(t.input, t.output);
    t.input.write('def f(a) {\r');
    t.input.write('\x03');
    t.input.write('z = indices;\r:quit\r');
    await done;
    assert.match(t.text(), /s-op: z\n/);
    assert.doesNotMatch(t.text(), /!!ignoring input/);
  });
  it('Tab completes a name on the terminal', async () => {
    const t = fakeTerminal();
    const done = repl(t.input, t.output);
    t.input.write('my_long_name = indices;\r');
    t.input.write('my_lo\t');
    t.input.write(';\r:quit\r');
    await done;
    assert.match(t.text(), /s-op: my_long_name\n[\s\S]*s-op: my_long_name\n/);
  });
  it('the completer offers the session\'s names, the library\'s, keywords and REPL commands', () => {
    const session = new rasp.RaspSession();
    session.run('my_rev = aggregate(select(length - indices - 1, indices, ==), tokens);');
    assert.deepStrictEqual(completeName(session.names(), 'y = my_'), [['my_rev'], 'my_']);
    assert.deepStrictEqual(completeName(session.names(), 'x = ind'), [['indices'], 'ind']);
    assert.ok(completeName(session.names(), 'sel')[0].includes('selector_width'));
    assert.deepStrictEqual(completeName(['def'], 'de'), [['def'], 'de']);
    assert.deepStrictEqual(completeName([], ':q'), [[':quit'], ':q']);
    assert.deepStrictEqual(completeName(['indices'], 'x = '), [['indices'], '']);
  });
});
