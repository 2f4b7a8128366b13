/**
 * Native RCPSP formats: PSPLIB single-mode `.sm` and Patterson `.rcp`, read and written.
 *
 * Both formats number activities 1..n and resources 1..k, so read instances name
 * activities '1'..'n' and resources 'R1'..'Rk'. Neither format carries the
 * R-ConstraintBench extensions (downtime, release dates, deadlines, disjunctive pairs),
 * so the writers refuse instances that use them rather than drop them silently.
 * Errors are SchedlabError 'input' with the 1-based line and what was expected there;
 * callers add the file name with `error.inFile(path)`.
 */
import { inputError, SchedlabError } from '../../src/errors.js';
import { criticalPathBound } from './bounds.js';
import { type Activity, type RcpspInstance, rcpspLimits } from './instance.js';
import { describeCycle, precedenceCycle } from './topology.js';

/** Options of the readers: the instance name, when the caller knows it (usually the file name). */
export interface ReadOptions {
  name?: string;
}

function fail(line: number, message: string): never {
  throw inputError(message, { line });
}

function toInt(token: string, line: number, what: string): number {
  if (!/^[+-]?\d+$/.test(token)) fail(line, `expected ${what} (a whole number), found '${token}'`);
  return Number(token);
}

/** A whole number from 0 to `max`; the limits are the JSON schema's (`rcpspLimits`), so both formats accept the same instances. */
function nonNegative(token: string, line: number, what: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = toInt(token, line, what);
  if (value < 0) fail(line, `expected ${what} >= 0, found ${value}`);
  if (value > max) fail(line, `expected ${what} from 0 to ${max}, found ${token}`);
  return value;
}

/** The 1-based number of the last line (a final line break does not start another). */
function lastLine(lines: string[]): number {
  return lines.length > 1 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
}

function tokensOf(text: string): string[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
}

/** The index of the first line matching `pattern`; fails at the end of the file when none does. */
function findLine(lines: string[], pattern: RegExp, what: string, required = true): number {
  const index = lines.findIndex((l) => pattern.test(l));
  if (index < 0 && required)
    fail(lastLine(lines), `expected ${what} in the file; is this a PSPLIB single-mode .sm file?`);
  return index;
}

/** The integer after the colon of a `label : value` header line. */
function headerNumber(
  lines: string[],
  pattern: RegExp,
  what: string,
  required = true,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const index = findLine(lines, pattern, `a '${what}' line`, required);
  if (index < 0) return undefined;
  const token = tokensOf(lines[index].slice(lines[index].indexOf(':') + 1))[0] ?? '';
  return nonNegative(token, index + 1, what === 'horizon' ? 'the horizon' : `the number of ${what}`, max);
}

/** `count` numeric rows after a section title, skipping the column headers before them. */
function sectionRows(
  lines: string[],
  title: RegExp,
  what: string,
  count: number,
): { tokens: string[]; line: number }[] {
  let k = findLine(lines, title, `a '${what}' section`) + 1;
  while (k < lines.length && !/^\s*\d/.test(lines[k]) && !/^\s*\*/.test(lines[k])) k++;
  const rows: { tokens: string[]; line: number }[] = [];
  for (let row = 0; row < count; row++, k++) {
    if (k >= lines.length || !/^\s*\d/.test(lines[k])) {
      const found =
        k >= lastLine(lines) ? 'the end of the file' : lines[k].trim() === '' ? 'a blank line' : `'${lines[k].trim()}'`;
      fail(
        Math.min(k + 1, lastLine(lines)),
        `expected row ${row + 1} of ${count} in the ${what} section, found ${found}`,
      );
    }
    rows.push({ tokens: tokensOf(lines[k]), line: k + 1 });
  }
  return rows;
}

/** Refuse a precedence cycle, at the line that lists the successors of a job on it. */
function refuseCycle(successors: number[][], lineOf: (j: number) => number, what: string): void {
  const cycle = precedenceCycle(successors);
  if (cycle === undefined) return;
  fail(
    lineOf(cycle[0]),
    `the precedence relations have a cycle ${describeCycle(cycle, (j) => `${what} ${j + 1}`)}; remove one of its arcs`,
  );
}

function readSuccessors(lines: string[], jobs: number): number[][] {
  const rows = sectionRows(lines, /^\s*PRECEDENCE RELATIONS/, 'PRECEDENCE RELATIONS', jobs);
  const successors = rows.map(({ tokens, line }, j) => {
    if (toInt(tokens[0], line, 'a job number') !== j + 1)
      fail(line, `expected the row of job ${j + 1}, found job ${tokens[0]}`);
    const modes = toInt(tokens[1] ?? '', line, 'the number of modes');
    if (modes !== 1)
      fail(line, `expected 1 mode (single-mode .sm), job ${j + 1} has ${modes}; multi-mode files are not supported`);
    const count = nonNegative(tokens[2] ?? '', line, 'the number of successors');
    if (tokens.length !== 3 + count)
      fail(line, `expected ${count} successors of job ${j + 1}, found ${tokens.length - 3}`);
    return tokens.slice(3).map((token) => {
      const successor = toInt(token, line, 'a successor job number');
      if (successor < 1 || successor > jobs || successor === j + 1)
        fail(line, `expected a successor of job ${j + 1} in 1..${jobs} other than itself, found ${successor}`);
      return successor - 1;
    });
  });
  refuseCycle(successors, (j) => rows[j].line, 'job');
  return successors;
}

function readRequests(lines: string[], jobs: number, resources: number): { duration: number; demand: number[] }[] {
  return sectionRows(lines, /^\s*REQUESTS\/DURATIONS/, 'REQUESTS/DURATIONS', jobs).map(({ tokens, line }, j) => {
    if (toInt(tokens[0], line, 'a job number') !== j + 1)
      fail(line, `expected the row of job ${j + 1}, found job ${tokens[0]}`);
    if (tokens.length !== 3 + resources)
      fail(line, `expected job, mode, duration and ${resources} requests, found ${tokens.length} numbers`);
    return {
      duration: nonNegative(tokens[2], line, `the duration of job ${j + 1}`, rcpspLimits.period),
      demand: tokens
        .slice(3)
        .map((t, r) => nonNegative(t, line, `the request of job ${j + 1} for R${r + 1}`, rcpspLimits.amount)),
    };
  });
}

function readCapacities(lines: string[], resources: number): number[] {
  const [{ tokens, line }] = sectionRows(lines, /^\s*RESOURCEAVAILABILITIES/, 'RESOURCEAVAILABILITIES', 1);
  if (tokens.length !== resources) fail(line, `expected ${resources} resource availabilities, found ${tokens.length}`);
  return tokens.map((t, r) => nonNegative(t, line, `the availability of R${r + 1}`, rcpspLimits.amount));
}

function assemble(
  name: string,
  capacities: number[],
  rows: { duration: number; demand: number[]; successors: number[] }[],
): RcpspInstance {
  return {
    name,
    objective: 'makespan',
    resources: capacities.map((capacity, r) => ({ id: `R${r + 1}`, capacity, downtime: [] })),
    activities: rows.map((row, j): Activity => ({ id: String(j + 1), ...row, release: 0, deadline: Infinity })),
    disjunctive: [],
  };
}

/**
 * Read a PSPLIB single-mode `.sm` file (jobs include the dummy source and sink).
 * The name is `options.name`, else the file's `file with basedata` entry without `.bas`.
 *
 * @example
 * ```ts
 * const instance = readSm(readFileSync('j301_1.sm', 'utf8'), { name: 'j301_1' });
 * instance.activities.length; // 32
 * ```
 */
export function readSm(text: string, options: ReadOptions = {}): RcpspInstance {
  const lines = text.split(/\r?\n/);
  const jobs = headerNumber(lines, /^\s*jobs\s*\(incl/, 'jobs')!;
  if (jobs < 1) fail(findLine(lines, /^\s*jobs\s*\(incl/, 'jobs') + 1, 'expected at least one job');
  const horizon = headerNumber(lines, /^\s*horizon\s*:/, 'horizon', false, rcpspLimits.period);
  const renewable = headerNumber(lines, /^\s*-\s*renewable\s*:/, 'renewable resources')!;
  for (const [pattern, what] of [
    [/^\s*-\s*nonrenewable\s*:/, 'nonrenewable resources'],
    [/^\s*-\s*doubly constrained\s*:/, 'doubly constrained resources'],
  ] as const) {
    const count = headerNumber(lines, pattern, what, false);
    if (count)
      fail(
        findLine(lines, pattern, what) + 1,
        `expected 0 ${what}; only renewable resources are supported, found ${count}`,
      );
  }
  const successors = readSuccessors(lines, jobs);
  const requests = readRequests(lines, jobs, renewable);
  const capacities = readCapacities(lines, renewable);
  const baseLine = lines.find((l) => /^\s*file with basedata\s*:/.test(l));
  const fileName = baseLine
    ?.slice(baseLine.indexOf(':') + 1)
    .trim()
    .replace(/\.bas$/, '');
  const instance = assemble(
    options.name ?? (fileName || 'psplib'),
    capacities,
    requests.map((r, j) => ({ ...r, successors: successors[j] })),
  );
  return horizon === undefined ? instance : { ...instance, horizon };
}

/** Tokens of a whole file, each with its 1-based line, read one after the other. */
class TokenStream {
  private readonly tokens: { text: string; line: number }[] = [];
  private next = 0;

  constructor(text: string) {
    text
      .split(/\r?\n/)
      .forEach((content, k) => tokensOf(content).forEach((t) => this.tokens.push({ text: t, line: k + 1 })));
  }

  take(what: string, max?: number): number {
    const token = this.tokens[this.next++];
    if (token === undefined) fail(this.lastLine(), `expected ${what}, found the end of the file`);
    return nonNegative(token.text, token.line, what, max);
  }

  /** How many tokens are left to read. */
  remaining(): number {
    return this.tokens.length - this.next;
  }

  /** The line of the token just taken, for messages about its value. */
  line(): number {
    return this.tokens[this.next - 1]?.line ?? 1;
  }

  finish(): void {
    const extra = this.tokens[this.next];
    if (extra) fail(extra.line, `expected the end of the file after the last activity, found '${extra.text}'`);
  }

  private lastLine(): number {
    return this.tokens[this.tokens.length - 1]?.line ?? 1;
  }
}

/**
 * Read a Patterson `.rcp` file: `n k`, the k capacities, then per activity its duration,
 * k demands, the number of successors and their numbers (1-based; any line breaks).
 *
 * @example
 * ```ts
 * const instance = readRcp('2 1\n3\n2 1 1 2\n0 0 0\n');
 * instance.activities[0].successors; // [1]
 * ```
 */
export function readRcp(text: string, options: ReadOptions = {}): RcpspInstance {
  const stream = new TokenStream(text);
  const count = stream.take('the number of activities');
  if (count < 1) fail(stream.line(), 'expected at least one activity');
  const resources = stream.take('the number of resources');
  // The counts come from the file, so nothing is allocated for them up front: a count larger
  // than the file holds ends at its last number with "found the end of the file".
  const capacities = takeMany(resources, (r) => stream.take(`the capacity of resource ${r + 1}`, rcpspLimits.amount));
  const rows = takeMany(count, (j) => readRcpActivity(stream, j, count, capacities.length));
  stream.finish();
  refuseCycle(
    rows.map((row) => row.successors),
    (j) => rows[j].line,
    'activity',
  );
  return assemble(
    options.name ?? 'rcp',
    capacities,
    rows.map(({ duration, demand, successors }) => ({ duration, demand, successors })),
  );
}

/** `count` values read one at a time (a count from a file may be far larger than the file). */
function takeMany<T>(count: number, read: (k: number) => T): T[] {
  const values: T[] = [];
  for (let k = 0; k < count; k++) values.push(read(k));
  return values;
}

/** One activity of a `.rcp` file: duration, demands, the number of successors and their numbers. */
function readRcpActivity(stream: TokenStream, j: number, count: number, resources: number) {
  const duration = stream.take(`the duration of activity ${j + 1}`, rcpspLimits.period);
  const demand = takeMany(resources, (r) =>
    stream.take(`the demand of activity ${j + 1} for resource ${r + 1}`, rcpspLimits.amount),
  );
  const successorCount = stream.take(`the number of successors of activity ${j + 1}`);
  const successors = takeMany(successorCount, () => {
    const successor = stream.take(`a successor of activity ${j + 1}`);
    if (successor < 1 || successor > count || successor === j + 1)
      fail(
        stream.line(),
        `expected a successor of activity ${j + 1} in 1..${count} other than itself, found ${successor}`,
      );
    return successor - 1;
  });
  return { duration, demand, successors, line: stream.line() };
}

/** Refuse what the native formats cannot say, naming the first offending entity. */
function assertPlain(instance: RcpspInstance, format: string): void {
  const refuse = (what: string): never => {
    throw new SchedlabError(
      'unsupported',
      `instance '${instance.name}' cannot be written as ${format}: ${what}; write the JSON instance format instead`,
    );
  };
  const down = instance.resources.find((r) => r.downtime.length > 0);
  if (down) refuse(`resource '${down.id}' has downtime windows`);
  const windowed = instance.activities.find((a) => a.release > 0 || Number.isFinite(a.deadline));
  if (windowed) refuse(`activity '${windowed.id}' has a release date or deadline`);
  if (instance.disjunctive.length > 0) refuse('it has disjunctive pairs');
}

const pad = (value: number | string, width: number) => String(value).padStart(width);
const STARS = '*'.repeat(72);

/**
 * Write an instance as PSPLIB `.sm` text that `readSm` reads back to an equal instance
 * when the ids are '1'..'n' and 'R1'..'Rk' (other ids become those numbers).
 *
 * @example
 * ```ts
 * const again = readSm(writeSm(instance)); // equal to instance for PSPLIB-read instances
 * ```
 */
export function writeSm(instance: RcpspInstance): string {
  assertPlain(instance, '.sm');
  const { activities, resources } = instance;
  const horizon = instance.horizon ?? activities.reduce((sum, a) => sum + a.duration, 0);
  const criticalPath = criticalPathBound(instance);
  const mpm = Number.isFinite(criticalPath) ? criticalPath : 0;
  const resourceHeader = resources.map((_, r) => `  R${pad(r + 1, 2)}`).join('');
  return [
    STARS,
    `file with basedata            : ${instance.name}.bas`,
    'initial value random generator: 0',
    STARS,
    'projects                      :  1',
    `jobs (incl. supersource/sink ):  ${activities.length}`,
    `horizon                       :  ${horizon}`,
    'RESOURCES',
    `  - renewable                 :  ${resources.length}   R`,
    '  - nonrenewable              :  0   N',
    '  - doubly constrained        :  0   D',
    STARS,
    'PROJECT INFORMATION:',
    'pronr.  #jobs rel.date duedate tardcost  MPM-Time',
    `    1  ${pad(Math.max(0, activities.length - 2), 5)}      0  ${pad(mpm, 6)}       0  ${pad(mpm, 6)}`,
    STARS,
    'PRECEDENCE RELATIONS:',
    'jobnr.    #modes  #successors   successors',
    ...activities.map((a, j) =>
      `${pad(j + 1, 4)}        1  ${pad(a.successors.length, 9)}        ${a.successors.map((s) => pad(s + 1, 4)).join('')}`.trimEnd(),
    ),
    STARS,
    'REQUESTS/DURATIONS:',
    `jobnr. mode duration ${resourceHeader}`,
    '-'.repeat(72),
    ...activities.map(
      (a, j) => `${pad(j + 1, 3)}      1  ${pad(a.duration, 4)}    ${a.demand.map((q) => pad(q, 5)).join('')}`,
    ),
    STARS,
    'RESOURCEAVAILABILITIES:',
    resourceHeader,
    `  ${resources.map((r) => pad(r.capacity, 5)).join('')}`,
    STARS,
    '',
  ].join('\n');
}

/**
 * Write an instance as Patterson `.rcp` text that `readRcp` reads back.
 *
 * @example
 * ```ts
 * writeRcp(readRcp('2 1\n3\n2 1 1 2\n0 0 0\n')); // '2 1\n3\n2 1 1 2\n0 0 0\n'
 * ```
 */
export function writeRcp(instance: RcpspInstance): string {
  assertPlain(instance, '.rcp');
  const lines = [
    `${instance.activities.length} ${instance.resources.length}`,
    instance.resources.map((r) => r.capacity).join(' '),
    ...instance.activities.map((a) =>
      [a.duration, ...a.demand, a.successors.length, ...a.successors.map((s) => s + 1)].join(' '),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
