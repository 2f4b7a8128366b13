/**
 * How the hostile sweep judges a run. Good: exit 2 within 5 s whose message names the file
 * with a line or a path (or the flag at fault), or exit 0 with a correct answer in time (no
 * NaN or Infinity, claims that agree with the evaluator, an exported model that reads back).
 * Weak: a refusal that is slow or does not say where, an answer past its time, a backend
 * fault named as such. Bad: anything else (exit 1 or another code, an internal error, a stack
 * trace, a NaN, wrong claims, a hang, a crash).
 */
import { readFileSync } from 'node:fs';
import { readInstanceText } from '../../src/family/instance-file.js';
import { readLp, readMps } from '../../src/formats/index.js';
import { type ReportClaims, reportProblem } from '../../test/properties/report-claims.js';
import type { CliCase } from './cases.js';
import type { RunResult } from './runner.js';

export type Verdict = 'good' | 'weak' | 'bad';

export interface Judgement {
  verdict: Verdict;
  why: string;
}

const refusalSec = 5;
const good = (why: string): Judgement => ({ verdict: 'good', why });
const weak = (why: string): Judgement => ({ verdict: 'weak', why });
const bad = (why: string): Judgement => ({ verdict: 'bad', why });

/** What is wrong with a solve/heuristic report on the instance, or undefined. */
async function claimsProblem(instanceFile: string, report: ReportClaims): Promise<string | undefined> {
  const [{ family, instance }] = await readInstanceText(readFileSync(instanceFile, 'utf8'), instanceFile);
  return reportProblem(family, instance, report);
}

/** What is wrong with an answer (exit 0), or undefined. */
async function answerProblem(c: CliCase, stdout: string): Promise<string | undefined> {
  if (c.argv[0] === 'export') {
    const lp = c.argv.includes('lp');
    const out = c.argv[c.argv.indexOf('--out') + 1];
    try {
      (lp ? readLp : readMps)(c.argv.includes('--out') ? readFileSync(out, 'utf8') : stdout);
    } catch (error) {
      return `the exported model does not read back: ${(error as Error).message}`;
    }
    return undefined;
  }
  if (!c.argv.includes('--json')) return /\bNaN\b|Infinity/.test(stdout) ? 'NaN or Infinity printed' : undefined;
  let printed: unknown;
  try {
    printed = JSON.parse(stdout);
  } catch {
    return `--json printed what is not JSON: ${stdout.slice(0, 200)}`;
  }
  if (c.instanceFile && (c.argv[0] === 'solve' || c.argv[0] === 'heuristic'))
    return claimsProblem(c.instanceFile, printed as ReportClaims);
  return undefined;
}

/** Whether a refusal says where: the file with a line or a path (or alone, for a missing file or a folder), or the flag. */
function located(c: CliCase, stderr: string): boolean {
  const blame = c.blame;
  if (!blame) return stderr.trim() !== '';
  if ('flag' in blame) return stderr.includes(blame.flag);
  if (blame.bare) return stderr.includes(blame.file);
  const escaped = blame.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}(:\\d| \\(at )`).test(stderr);
}

/** The verdict on one CLI run. */
export async function judgeCli(c: CliCase, result: RunResult, seconds: number): Promise<Judgement> {
  if (result.ended) return bad(result.detail);
  const { code, stdout, stderr } = result;
  const first = stderr.trim().split('\n')[0]?.slice(0, 200) ?? '';
  if (/internal error/.test(stderr) || /\n\s+at .+:\d+:\d+\)?/.test(stderr)) return bad(`trace: ${first}`);
  if (code === 0) {
    const problem = await answerProblem(c, stdout).catch((error: Error) => `checking the answer: ${error.message}`);
    if (problem) return bad(problem);
    const allowed = c.answerSec ?? refusalSec;
    return seconds > allowed ? weak(`answer after ${seconds.toFixed(1)} s (allowed ${allowed} s)`) : good('answer');
  }
  if (code === 2) {
    if (stderr.trim() === '') return bad('exit 2 without a message');
    if (!located(c, stderr)) return weak(`refused without saying where: ${first}`);
    return seconds > refusalSec ? weak(`refused after ${seconds.toFixed(1)} s: ${first}`) : good(first);
  }
  if (code === 1 && /backend .* --solver highs/.test(stderr)) return weak(`backend fault: ${first}`);
  return bad(`exit ${code}: ${first}`);
}

/** The verdict on one library call: a value, or a SchedlabError that says what is wrong. */
export function judgeLibrary(result: RunResult, seconds: number): Judgement {
  if (result.ended) return bad(result.detail);
  if (result.refusedNot) return weak('returned a value for arguments it should refuse');
  if (!result.thrown) return seconds > 30 ? weak(`returned after ${seconds.toFixed(1)} s`) : good('returned');
  const { kind, message } = result.thrown;
  if (kind === 'foreign') return bad(message.split('\n')[0]);
  if (kind === 'internal') return bad(`internal: ${message}`);
  return seconds > refusalSec
    ? weak(`${kind} error after ${seconds.toFixed(1)} s`)
    : good(`${kind}: ${message.slice(0, 160)}`);
}
