/** assertThrows: the call throws an error whose message matches, with the expected code and class. */
import * as assert from 'assert';

/** Asserts that `call` throws; its `message` (not its name) must match, and `code` / `kind` when given. */
export function assertThrows(call: () => unknown, message: RegExp, code?: string, kind?: new (...args: never[]) => Error): void {
  assert.throws(call, (error: Error & { code?: string }) => {
    assert.match(error.message, message);
    if (code !== undefined) assert.strictEqual(error.code, code);
    if (kind !== undefined) assert.ok(error instanceof kind, `expected a ${kind.name} but got a ${error.constructor.name}`);
    return true;
  });
}

/** Asserts that `promise` rejects (the call itself returned); as assertThrows for the error. */
export async function assertRejects(promise: Promise<unknown>, message: RegExp, code?: string,
  kind?: new (...args: never[]) => Error): Promise<void> {
  await assert.rejects(promise, (error: Error & { code?: string }) => {
    assert.match(error.message, message);
    if (code !== undefined) assert.strictEqual(error.code, code);
    if (kind !== undefined) assert.ok(error instanceof kind, `expected a ${kind.name} but got a ${error.constructor.name}`);
    return true;
  });
}
