/** JSON for jobs and results whose smoothness holds ∞ (an irrelevant coordinate): written as the string "Infinity". */

/** A JSON.stringify replacer that keeps Infinity (JSON has no such number). */
export function infinityReplacer(_key: string, value: unknown): unknown {
  return value === Infinity ? 'Infinity' : value;
}

/** The JSON.parse reviver that undoes infinityReplacer. */
export function infinityReviver(_key: string, value: unknown): unknown {
  return value === 'Infinity' ? Infinity : value;
}
