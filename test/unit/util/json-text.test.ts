/** Strict JSON reading: duplicate keys and numbers out of range are input errors with line, column and path. */
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../support/errors.js';
import { checkJsonText, lineAndColumn, parseJsonText } from '../../../src/util/json-text.js';

describe('parseJsonText', () => {
  it('reads what JSON.parse reads when keys are unique and numbers are doubles', () => {
    const text = '{"a": [1, -2.5e3, 1e308, 1e-999, true, null, "x\\"y"], "b": {"a": {}}, "c": [{"a": 1}, {"a": 2}]}';
    expect(parseJsonText(text, 'x.json')).toEqual(JSON.parse(text));
    expect(checkJsonText(text)).toBeUndefined();
  });

  it('refuses a key given twice in one object, at the second, naming the first', () => {
    const error = errorOf(() =>
      parseJsonText('{\n  "starts": {\n    "a": 1,\n    "b": 2,\n    "a": 3\n  }\n}', 's.json'),
    );
    expect(error.kind).toBe('input');
    expect(error.location).toEqual({ file: 's.json', line: 5, column: 5, path: 'starts.a' });
    expect(error.describe()).toBe(
      's.json:5:5 (at starts.a): the key "a" appears twice in one object (first at line 3, column 5); JSON keeps only the last value, so remove or rename one of them',
    );
  });

  it('compares keys after their escapes and names odd keys in brackets', () => {
    expect(checkJsonText('{"x": [0, {"a.b": 1, "a\\u002eb": 2}]}')?.path).toBe('x[1]["a.b"]');
    expect(checkJsonText('[{"a": 1}, {"a": 1}]')).toBeUndefined();
  });

  it('refuses a number beyond a double instead of reading Infinity', () => {
    const error = errorOf(() => parseJsonText('{"data": {"activities": [\n  {"duration": -1e999}]}}', 'i.json'));
    expect(error.location).toEqual({ file: 'i.json', line: 2, column: 16, path: 'data.activities[0].duration' });
    expect(error.message).toMatch(/the number -1e999 is outside the range of a double/);
  });

  it('locates a syntax error by its line', () => {
    const error = errorOf(() => parseJsonText('{\n  "a": 1,\n}', 'b.json'));
    expect(error.location).toEqual({ file: 'b.json', line: 3 });
    expect(error.message).toMatch(/^not valid JSON/);
  });

  it('counts lines and columns from one', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
