/**
 * Damage for the reader properties: random bytes, truncations of a valid file, and one to six
 * random edits of it (a token replaced, deleted, inserted or repeated; a number replaced by an
 * edge value such as 1e999 or NaN; invalid UTF-8 bytes). Shared by `readers-robust.test.ts`
 * (fixed seeds) and `bench/robust-sweep.bench.ts` (fresh seeds).
 */
import fc from 'fast-check';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

const edgeTokens = [
  '1e308',
  '1e999',
  '-1e999',
  '-1',
  '0',
  '0.5',
  '1e-400',
  'NaN',
  'Infinity',
  'infinity',
  'inf',
  '-inf',
  '99999999999999999999',
  '1e18',
  '1000000001',
  '2147483648',
  '9007199254740993',
  '""',
  'null',
  'true',
  '[]',
  '{}',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '"',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '-',
  '+',
  'e',
  'x',
  '<=',
  '>=',
  '=',
  'free',
  'End',
  'ENDATA',
  'RHS',
  'BOUNDS',
  '\\',
  '*',
  '"a"',
  '"__proto__"',
].map(bytesOf);
const badBytes = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf], [0x00]].map(
  (b) => new Uint8Array(b),
);
const insertable = [...edgeTokens, ...badBytes];

interface Edit {
  op: 'replace' | 'delete' | 'insert' | 'number' | 'repeat';
  at: number;
  length: number;
  token: number;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Replace the k-th number of the text (mod their count) with an edge token. */
function editNumber(bytes: Uint8Array, k: number, token: Uint8Array): Uint8Array {
  const source = new TextDecoder().decode(bytes);
  const numbers = [...source.matchAll(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)];
  if (numbers.length === 0 || source.length !== bytes.length) return concat(bytes, token);
  const match = numbers[k % numbers.length];
  return concat(bytes.subarray(0, match.index), token, bytes.subarray(match.index + match[0].length));
}

function applyEdit(bytes: Uint8Array, edit: Edit): Uint8Array {
  const at = bytes.length === 0 ? 0 : edit.at % (bytes.length + 1);
  const end = Math.min(bytes.length, at + edit.length);
  const token = insertable[edit.token % insertable.length];
  switch (edit.op) {
    case 'replace':
      return concat(bytes.subarray(0, at), token, bytes.subarray(end));
    case 'delete':
      return concat(bytes.subarray(0, at), bytes.subarray(end));
    case 'insert':
      return concat(bytes.subarray(0, at), token, bytes.subarray(at));
    case 'number':
      return editNumber(bytes, edit.at, edgeTokens[edit.token % 16]);
    case 'repeat':
      return concat(
        bytes.subarray(0, end),
        bytes.subarray(at, Math.min(bytes.length, at + 8 * edit.length)),
        bytes.subarray(end),
      );
  }
}

const editArbitrary = fc.record({
  op: fc.constantFrom<Edit['op']>('replace', 'delete', 'insert', 'number', 'number', 'repeat'),
  at: fc.nat(),
  length: fc.nat({ max: 12 }),
  token: fc.nat(),
});

/** What kind of damage an input carries, for the sweep's counts. */
export type Damage = 'bytes' | 'truncation' | 'edits';

/** Random bytes, a truncated seed file, or a seed file with one to six edits. */
export function damagedInput(seeds: Uint8Array[]): fc.Arbitrary<{ damage: Damage; bytes: Uint8Array }> {
  const seed = fc.nat({ max: seeds.length - 1 }).map((k) => seeds[k]);
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ damage: 'bytes' as const, bytes })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(seed, fc.nat())
        .map(([bytes, cut]) => ({ damage: 'truncation' as const, bytes: bytes.subarray(0, cut % (bytes.length + 1)) })),
    },
    {
      weight: 5,
      arbitrary: fc.tuple(seed, fc.array(editArbitrary, { minLength: 1, maxLength: 6 })).map(([bytes, edits]) => ({
        damage: 'edits' as const,
        bytes: edits.reduce(applyEdit, bytes),
      })),
    },
  );
}

/** A failing input as text a test can hold: JSON-escaped when it is UTF-8, else its bytes in hex. */
export function showInput(bytes: Uint8Array): string {
  try {
    return JSON.stringify(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return `hex ${Buffer.from(bytes).toString('hex')}`;
  }
}
