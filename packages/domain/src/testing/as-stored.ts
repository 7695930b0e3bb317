/**
 * A value as a store keeps it: members whose value is `undefined` left out, as the canonical JSON of every stored
 * event and projection document leaves them out. A spec then compares what a reader will get back, so an expectation
 * need not spell `destinationAddress: undefined` for an item the command did not give.
 */
export function asStored(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asStored);
  if (value === null || typeof value !== 'object' || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = asStored(member);
  return out;
}

const isPlainObject = (value: object) => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};
