import { describe, expect, it } from 'vitest';
import { jsonErrorLine } from '../../../src/family/json-position.js';

describe('jsonErrorLine', () => {
  it('is undefined for every text JSON.parse accepts', () => {
    for (const text of [
      '{}',
      '[]',
      ' {"a": [1, -2.5e3, true, false, null, "x\\"y\\u00e9"]}\n',
      '"s"',
      '0',
      '{"a":{"b":[{}]}}',
    ]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonErrorLine(text)).toBeUndefined();
    }
  });

  it('names the line of the first error', () => {
    const cases: [string, number][] = [
      ['{\n  "a": 1,\n  "b": [\n}', 4],
      ['{\n  "a": 1,\n}', 3],
      ['{\n  "a" 1\n}', 2],
      ['[1,\n 2,\n 03]', 3],
      ['{"a": 1}\n\n{"b": 2}', 3],
      ['{\n "a": "line\nbreak"\n}', 2],
      ['', 1],
    ];
    for (const [text, line] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      expect(jsonErrorLine(text), JSON.stringify(text)).toBe(line);
    }
  });
});
