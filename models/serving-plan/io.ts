/**
 * Reader `burstgpt` (files ending `.csv`): a BurstGPT trace (Wang et al. 2024; columns
 * `Timestamp, Model, Request tokens, Response tokens, Total tokens, Log Type`) becomes an
 * instance with `burstgptDefaults` (Llama 3 8B on one node of 8 H100, chat SLOs); a schedlab
 * JSON file with `traffic.kind: "trace"` chooses any of these. Rows whose response has 0 tokens
 * (BurstGPT's failed requests) are skipped. Errors name the line (and the column).
 */
import { inputError } from '../../src/errors.js';
import { checkServingInstance } from './check-input.js';
import { parseServingPlanData, servingLimits, type ServingPlanInstance } from './instance.js';

/** What a BurstGPT file does not say: model, cluster, SLOs, time scale. */
export const burstgptDefaults = {
  model: 'llama3-8b',
  cluster: { gpu: 'h100', gpus: 8, gpusPerNode: 8 },
  slo: { ttftS: 0.4, tpotS: 0.1, attainment: 0.9 },
  timeScale: 1,
} as const;

const needed = ['Timestamp', 'Request tokens', 'Response tokens'] as const;

function columnsOf(header: string): Map<string, number> {
  const names = header.split(',').map((name) => name.trim());
  const missing = needed.filter((name) => !names.includes(name));
  if (missing.length > 0)
    throw inputError(
      `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}; a BurstGPT trace starts with 'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type'`,
      { line: 1 },
    );
  return new Map(names.map((name, k) => [name, k]));
}

function numberAt(cells: string[], column: number, line: number, what: string, whole: boolean): number {
  const text = (cells[column] ?? '').trim();
  const value = text === '' ? Number.NaN : Number(text);
  const ok =
    Number.isFinite(value) && value >= 0 && (!whole || (Number.isInteger(value) && value <= servingLimits.tokens));
  if (!ok)
    throw inputError(
      `${what} must be ${whole ? `a whole number from 0 to ${servingLimits.tokens}` : 'a number of seconds >= 0'}, got '${text}'; fix or drop the row`,
      { line, column: column + 1 },
    );
  return value;
}

/**
 * The `[time, prompt, output]` rows of a BurstGPT CSV text.
 *
 * @example
 * ```ts
 * readBurstGptRows('Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n5,ChatGPT,472,18,490,Conversation log\n');
 * // [[5, 472, 18]]
 * ```
 */
export function readBurstGptRows(text: string): [number, number, number][] {
  const lines = text.split(/\r?\n/);
  const columns = columnsOf(lines[0] ?? '');
  const at = (name: string) => columns.get(name) as number;
  const rows: [number, number, number][] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (let k = 1; k < lines.length; k++) {
    if (lines[k].trim() === '') continue;
    const cells = lines[k].split(',');
    const line = k + 1;
    const time = numberAt(cells, at('Timestamp'), line, 'Timestamp', false);
    if (time < previous)
      throw inputError(`Timestamp ${time} comes before the previous row's ${previous}; sort the trace by Timestamp`, {
        line,
        column: at('Timestamp') + 1,
      });
    previous = time;
    const prompt = numberAt(cells, at('Request tokens'), line, 'Request tokens', true);
    const output = numberAt(cells, at('Response tokens'), line, 'Response tokens', true);
    if (output === 0) continue;
    rows.push([time, Math.max(1, prompt), output]);
    if (rows.length > servingLimits.requests)
      throw inputError(`the trace has more than ${servingLimits.requests} requests; cut it into windows`, { line });
  }
  if (rows.length === 0)
    throw inputError('the trace has no request with a response; give at least one row', { line: lines.length });
  return rows;
}

/**
 * An instance of a BurstGPT trace with `burstgptDefaults`.
 *
 * @example
 * ```ts
 * const [instance] = servingPlanReaders.burstgpt.read(readFileSync('BurstGPT_1.csv', 'utf8'));
 * ```
 */
export function instanceFromBurstGpt(text: string, name = 'burstgpt'): ServingPlanInstance {
  const { timeScale, ...rest } = burstgptDefaults;
  const data = parseServingPlanData({
    name,
    ...structuredClone(rest),
    traffic: { kind: 'trace', requests: readBurstGptRows(text), timeScale },
  });
  return checkServingInstance(data);
}

/** The family's native readers. */
export const servingPlanReaders = {
  burstgpt: { extensions: ['csv'], read: (text: string) => [instanceFromBurstGpt(text)] },
};
