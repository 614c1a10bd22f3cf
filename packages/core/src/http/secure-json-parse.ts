/** Why {@link secureJsonParse} rejected a text; the message is safe to show (it never quotes the text). */
export class UnsafeJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeJsonError';
  }
}

function rejectPollutingKeys(this: unknown, key: string, value: unknown): unknown {
  // `__proto__` (or a `constructor.prototype` pair) in parsed data becomes prototype pollution as
  // soon as someone merges the object with Object.assign or a naive deep merge.
  if (key === '__proto__') throw new UnsafeJsonError('The JSON has a "__proto__" key, which is refused.');
  if (
    key === 'constructor' &&
    value !== null &&
    typeof value === 'object' &&
    Object.hasOwn(value, 'prototype')
  ) {
    throw new UnsafeJsonError('The JSON has a "constructor.prototype" key, which is refused.');
  }
  return value;
}

/**
 * `JSON.parse` for untrusted responses: refuses `__proto__` and `constructor.prototype` keys
 * (also when written with `\u` escapes) instead of handing back an object that can pollute
 * prototypes downstream.
 *
 * @throws SyntaxError when `text` is not JSON.
 * @throws UnsafeJsonError when it contains a prototype-polluting key.
 */
export function secureJsonParse(text: string): unknown {
  return JSON.parse(text, rejectPollutingKeys);
}
