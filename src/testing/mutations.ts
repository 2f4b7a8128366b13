/**
 * Generic damage to a JSON document (an instance's `data` or a solution), so that the
 * input checks work for every family without knowing its schema. The document is walked
 * once; nodes are grouped by shape (array indices and entity ids folded, so `starts.a` and
 * `starts.b` are one group) and the first and last node of each group is damaged.
 *
 * A mutation is `strict` when no honest reader may accept it (NaN, an array where an
 * object was, a solution naming an entity the instance lacks); the others may be accepted,
 * as long as what is accepted is sound (the checks say what sound means).
 */

export interface Mutation {
  /** Where and what, e.g. `starts.a: NaN`. */
  description: string;
  json: unknown;
  strict: boolean;
}

/** A solution names entities; an instance defines them (renaming one may be harmless there). */
export type DocumentRole = 'instance' | 'solution';

type Key = string | number;

interface JsonNode {
  path: Key[];
  value: unknown;
  /** Path with indices and entity ids folded, plus the JSON kind. */
  group: string;
  /** True for an object whose keys all name entities (e.g. starts by activity id). */
  entityKeyed: boolean;
}

/** The name used for entities no instance has. */
export const unknownEntity = 'no-such-entity-in-this-instance';
const remove = Symbol('remove');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Every string value in a document: the names its entities may be referred to by. */
export function stringValues(json: unknown, into = new Set<string>()): Set<string> {
  if (typeof json === 'string') into.add(json);
  else if (Array.isArray(json)) for (const item of json) stringValues(item, into);
  else if (isRecord(json)) for (const item of Object.values(json)) stringValues(item, into);
  return into;
}

function walk(value: unknown, path: Key[], shape: string, entities: ReadonlySet<string>, out: JsonNode[]): void {
  const keys = isRecord(value) ? Object.keys(value) : [];
  const entityKeyed = keys.length > 0 && keys.every((key) => entities.has(key));
  out.push({ path, value, group: `${shape}:${jsonKind(value)}`, entityKeyed });
  if (Array.isArray(value)) value.forEach((item, k) => walk(item, [...path, k], `${shape}[*]`, entities, out));
  else if (isRecord(value))
    for (const key of keys) walk(value[key], [...path, key], `${shape}.${entityKeyed ? '*' : key}`, entities, out);
}

/** The first and last node of each group. */
function representatives(nodes: JsonNode[]): JsonNode[] {
  const groups = new Map<string, JsonNode[]>();
  for (const node of nodes) groups.set(node.group, [...(groups.get(node.group) ?? []), node]);
  return [...groups.values()].flatMap((members) => [...new Set([members[0], members[members.length - 1]])]);
}

function pathText(path: Key[]): string {
  const text = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('');
  return text.startsWith('.') ? text.slice(1) : text || '(root)';
}

/** A copy of `root` with the node at `path` replaced (or removed). */
function replaced(root: unknown, path: Key[], next: unknown): unknown {
  if (path.length === 0) return next;
  const copy = structuredClone(root);
  let parent = copy as Record<Key, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<Key, unknown>;
  const last = path[path.length - 1];
  if (next !== remove) parent[last] = next;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

type Variant = [what: string, next: unknown, strict: boolean];

function leafVariants(value: unknown, role: DocumentRole, entities: ReadonlySet<string>): Variant[] {
  const solution = role === 'solution';
  if (typeof value === 'number')
    return [
      ['NaN', Number.NaN, true],
      ['Infinity', Number.POSITIVE_INFINITY, solution],
      ['a string', 'seven', solution],
      ['-1', -1, false],
      ['0.5', 0.5, false],
      // An instance's numbers may be sizes a parser allocates for: 1000 is large but plausible there.
      solution ? ['1e9', 1e9, false] : ['1000', 1000, false],
    ];
  if (typeof value === 'string') {
    const named = entities.has(value);
    return [
      ['a number', 7, solution],
      [named ? 'an unknown entity' : 'another string', unknownEntity, solution && named],
      ['an empty string', '', false],
    ];
  }
  if (typeof value === 'boolean') return [['a string', 'yes', solution]];
  return value === null ? [['a number', 7, false]] : [];
}

function containerVariants(node: JsonNode): Variant[] {
  const { value } = node;
  if (Array.isArray(value))
    return [
      ['an object', { ...value }, true],
      ['an empty array', [], false],
      ...(value.length > 0
        ? ([
            ['without its first element', remove, false],
            ['with its first element twice', [value[0], ...value], false],
          ] as Variant[])
        : []),
    ];
  if (!isRecord(value)) return [];
  const keys = Object.keys(value);
  const extra: Variant = [
    `with the key '${unknownEntity}'`,
    { ...value, [unknownEntity]: value[keys[0]] ?? 1 },
    node.entityKeyed,
  ];
  return [
    ['an array', Object.values(value), true],
    extra,
    ...(keys.length > 0 ? ([[`without '${keys[0]}'`, remove, false]] as Variant[]) : []),
  ];
}

/**
 * Damaged copies of `json`: the root replaced by null, a number and a string, and each
 * representative node changed in every way that applies to its kind.
 *
 * @example
 * ```ts
 * const entities = stringValues(family.serialize(instance));
 * for (const m of mutationsOf(family.serializeSolution(instance, solution), entities, 'solution')) { ... }
 * ```
 */
export function mutationsOf(json: unknown, entities: ReadonlySet<string>, role: DocumentRole): Mutation[] {
  const nodes: JsonNode[] = [];
  walk(json, [], '', entities, nodes);
  const mutations: Mutation[] = [
    { description: '(root): null', json: null, strict: true },
    { description: '(root): a number', json: 42, strict: true },
    { description: '(root): a string', json: 'text', strict: true },
  ];
  for (const node of representatives(nodes)) {
    const variants = [...leafVariants(node.value, role, entities), ...containerVariants(node)];
    for (const [what, next, strict] of variants) {
      if (node.path.length === 0 && next === remove) continue;
      mutations.push({ description: `${pathText(node.path)}: ${what}`, json: replaced(json, node.path, next), strict });
    }
  }
  return mutations;
}
