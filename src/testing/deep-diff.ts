/**
 * Structural comparison for the family checks, as a test runner's `toEqual` does it (a
 * property set to undefined counts as absent, NaN equals NaN), but returning where two
 * values first differ, so that a failed round trip names the field that changed.
 */

function show(value: unknown): string {
  if (typeof value === 'number' || value === undefined) return String(value);
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (ArrayBuffer.isView(value)) return 'typed array';
  return typeof value;
}

function sameNumber(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function definedKeys(value: object): string[] {
  return Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
}

function arrayDifference(a: ArrayLike<unknown>, b: ArrayLike<unknown>, path: string): string | undefined {
  if (a.length !== b.length) return `${path || '(root)'}: length ${a.length} vs ${b.length}`;
  for (let k = 0; k < a.length; k++) {
    const found = firstDifference(a[k], b[k], `${path}[${k}]`);
    if (found !== undefined) return found;
  }
  return undefined;
}

function objectDifference(a: object, b: object, path: string): string | undefined {
  const keysA = definedKeys(a);
  const keysB = new Set(definedKeys(b));
  const missing = keysA.find((key) => !keysB.has(key)) ?? [...keysB].find((key) => !keysA.includes(key));
  if (missing !== undefined) {
    const [left, right] = [(a as Record<string, unknown>)[missing], (b as Record<string, unknown>)[missing]];
    return `${path ? `${path}.` : ''}${missing}: ${show(left)} vs ${show(right)}`;
  }
  for (const key of keysA) {
    const found = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      path ? `${path}.${key}` : key,
    );
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Where `a` and `b` first differ (`activities[3].deadline: Infinity vs null`), or
 * undefined when they are structurally equal.
 *
 * @example
 * ```ts
 * firstDifference({ starts: [0, 2] }, { starts: [0, 3] }); // 'starts[1]: 2 vs 3'
 * ```
 */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  const where = path || '(root)';
  if (typeof a === 'number' && typeof b === 'number') return sameNumber(a, b) ? undefined : `${where}: ${a} vs ${b}`;
  if (a === b) return undefined;
  if (kindOf(a) !== kindOf(b)) return `${where}: ${kindOf(a)} ${show(a)} vs ${kindOf(b)} ${show(b)}`;
  if (Array.isArray(a) || ArrayBuffer.isView(a))
    return arrayDifference(a as ArrayLike<unknown>, b as ArrayLike<unknown>, path);
  if (typeof a === 'object' && a !== null) return objectDifference(a, b as object, path);
  return `${where}: ${show(a)} vs ${show(b)}`;
}
