/**
 * The harness: plain JavaScript that runs inside the candidate's isolate before the
 * candidate's module. It captures the intrinsics it needs first, so a candidate that
 * later pollutes prototypes or replaces globals can spoil only its own answer (which the
 * host's evaluator checks anyway), never the harness's checks. It removes what could
 * escape the memory cap or block (WebAssembly, SharedArrayBuffer, Atomics), seeds
 * `Math.random`, captures the console, deep-freezes each instance, and turns the answer
 * into JSON text itself, refusing NaN, the infinities and anything that is not plain JSON
 * with the path where it was found.
 *
 * The script's value is `bind(candidate, skeleton)`, which returns
 * `run(dataText, seed, deadlineMs)`; `run` resolves to one string:
 * `kind \n consoleDropped \n consoleLength \n console text \n payload`, where kind is
 * `returned` (payload: the JSON text), `invalid-output` or `error` (payload: the reason).
 * Strings are the only values that cross back, so no getter or proxy of the candidate
 * ever runs in the host.
 */
import type { SandboxLimits } from './types.js';

// One function scope around everything: declarations at a script's top level would be
// globals that the candidate's module could read and reassign.
const harnessBody = String.raw`(function () {
'use strict';
const G = globalThis;
const freeze = Object.freeze, isFrozen = Object.isFrozen, keys = Object.keys, isArray = Array.isArray;
const getPrototypeOf = Object.getPrototypeOf, objectPrototype = Object.prototype, defineProperty = Object.defineProperty;
const jsonParse = JSON.parse, jsonStringify = JSON.stringify, isFiniteNumber = Number.isFinite;
const toText = String, ErrorClass = Error, imul = Math.imul, dateNow = Date.now, promiseResolve = Promise.resolve.bind(Promise);
delete G.WebAssembly; delete G.SharedArrayBuffer; delete G.Atomics;

// mulberry32, as src/util/random.ts: the same seed gives the same numbers in and out of the sandbox.
let randomState = 0;
function random() {
  randomState = (randomState + 0x6d2b79f5) >>> 0;
  let t = randomState;
  t = imul(t ^ (t >>> 15), t | 1);
  t ^= t + imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
defineProperty(Math, 'random', { value: random, writable: false, configurable: false });

let consoleText = '', consoleDropped = 0;
function show(value) {
  try {
    if (typeof value === 'string') return value;
    const text = jsonStringify(value);
    return text === undefined ? toText(value) : text;
  } catch (e) { return '[unprintable]'; }
}
function log() {
  let line = '';
  for (let i = 0; i < arguments.length; i++) line += (i > 0 ? ' ' : '') + show(arguments[i]);
  line += '\n';
  if (consoleText.length + line.length <= CONSOLE_LIMIT) consoleText += line;
  else consoleDropped += line.length;
}
G.console = freeze({ log: log, info: log, warn: log, error: log, debug: log, trace: log });

function deepFreeze(value) {
  if (value !== null && typeof value === 'object' && !isFrozen(value)) {
    freeze(value);
    const names = keys(value);
    for (let i = 0; i < names.length; i++) deepFreeze(value[names[i]]);
  }
  return value;
}

function Invalid(message) { this.message = message; }
function invalid(message) { throw new Invalid(toText(message)); }
const identifier = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
function child(path, key) { return identifier.test(key) ? path + '.' + key : path + '[' + jsonStringify(key) + ']'; }

function serialize(root) {
  let out = '';
  function put(text) {
    out += text;
    if (out.length > OUTPUT_LIMIT) invalid('the solution is larger than ' + OUTPUT_LIMIT + ' bytes of JSON');
  }
  function write(value, path, depth) {
    if (depth > 64) invalid(path + ' is nested more than 64 levels deep (a cycle?)');
    if (value === null) return put('null');
    const type = typeof value;
    if (type === 'number') {
      if (!isFiniteNumber(value)) invalid(path + ' is ' + toText(value) + '; every number must be finite');
      return put(jsonStringify(value));
    }
    if (type === 'string' || type === 'boolean') return put(jsonStringify(value));
    if (type !== 'object') invalid(path + ' is a ' + type + '; expected JSON (objects, arrays, strings, finite numbers, booleans, null)');
    if (isArray(value)) {
      put('[');
      for (let i = 0; i < value.length; i++) {
        if (i > 0) put(',');
        if (value[i] === undefined) invalid(path + '[' + i + '] is undefined');
        write(value[i], path + '[' + i + ']', depth + 1);
      }
      return put(']');
    }
    const prototype = getPrototypeOf(value);
    if (prototype !== objectPrototype && prototype !== null) invalid(path + ' is not a plain object (a class instance, Map, Set or Date?)');
    put('{');
    const names = keys(value);
    let first = true;
    for (let i = 0; i < names.length; i++) {
      const item = value[names[i]];
      if (item === undefined) continue;
      if (!first) put(',');
      first = false;
      put(jsonStringify(names[i]) + ':');
      write(item, child(path, names[i]), depth + 1);
    }
    return put('}');
  }
  write(root, 'solution', 0);
  return out;
}

function describeError(error) {
  try {
    if (error instanceof ErrorClass) return (error.name || 'Error') + ': ' + toText(error.message);
    return 'threw a non-Error value: ' + show(error).slice(0, 200);
  } catch (e) { return 'threw a value that cannot be printed'; }
}

function reply(kind, payload) {
  return kind + '\n' + consoleDropped + '\n' + consoleText.length + '\n' + consoleText + payload;
}

return function bind(candidate, skeleton) {
  return async function run(dataText, seed, deadlineMs) {
    randomState = seed >>> 0;
    consoleText = '';
    consoleDropped = 0;
    const data = deepFreeze(jsonParse(dataText));
    const ctx = freeze({ seed: seed, random: random, deadlineMs: deadlineMs, now: dateNow });
    let answer;
    try {
      answer = skeleton ? skeleton(data, candidate, ctx, invalid) : await promiseResolve(candidate(data, ctx));
    } catch (error) {
      if (error instanceof Invalid) return reply('invalid-output', error.message);
      return reply('error', describeError(error));
    }
    try {
      return reply('returned', serialize(answer));
    } catch (error) {
      if (error instanceof Invalid) return reply('invalid-output', error.message);
      return reply('error', describeError(error));
    }
  };
};
})()
`;

/**
 * The harness source with the limits filled in.
 *
 * @example
 * ```ts
 * const bind = await isolate.compileScript(harnessSource(defaultLimits)).then((s) => s.run(context, { reference: true }));
 * ```
 */
export function harnessSource(limits: SandboxLimits): string {
  return harnessBody
    .replace(/CONSOLE_LIMIT/g, String(Math.max(0, Math.floor(limits.maxConsoleChars))))
    .replace(/OUTPUT_LIMIT/g, String(Math.max(2, Math.floor(limits.maxOutputBytes))));
}

/** What `run` answered, split back into its parts. */
export interface HarnessReply {
  kind: 'returned' | 'invalid-output' | 'error';
  payload: string;
  console: string;
  consoleDropped: number;
}

/** Split the harness's reply string (see the file header). */
export function parseHarnessReply(text: string): HarnessReply {
  const first = text.indexOf('\n');
  const second = text.indexOf('\n', first + 1);
  const third = text.indexOf('\n', second + 1);
  const kind = text.slice(0, first) as HarnessReply['kind'];
  const consoleDropped = Number(text.slice(first + 1, second));
  const consoleLength = Number(text.slice(second + 1, third));
  const console = text.slice(third + 1, third + 1 + consoleLength);
  return { kind, payload: text.slice(third + 1 + consoleLength), console, consoleDropped };
}
