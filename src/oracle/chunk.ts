/**
 * Score one candidate on a run of instances in one sandbox: what a pool process does
 * with each job (and what `workers: 0` does in the calling process). The module is
 * evaluated once per chunk; a sandbox that died (timeout by the watchdog, heap limit) is
 * replaced by a fresh one for the next instance, so one bad instance costs only itself.
 */
import type { AnyFamily } from '../family/contract.js';
import { getFamily } from '../family/registry.js';
import { judge } from './judge.js';
import { parsedInstance } from './parsed-instances.js';
import { BadCandidateError, CandidateSandbox, classifyFailure, type RawOutcome } from './sandbox.js';
import type { JudgedRun, SandboxLimits } from './types.js';

/** One job: a candidate and the instances it runs on, in order. */
export interface ChunkRequest {
  familyId: string;
  source: string;
  skeleton: string | null;
  limits: SandboxLimits;
  seed: number;
  instances: { index: number; dataText: string }[];
}

/** The skeleton's source by name; the caller has checked that it exists. */
function skeletonSource(family: AnyFamily, name: string | null): string | undefined {
  return name === null ? undefined : family.skeletons?.[name]?.source;
}

/** Open a sandbox, or the outcome every instance gets when the module's top-level code fails. */
async function openSandbox(family: AnyFamily, request: ChunkRequest): Promise<CandidateSandbox | RawOutcome> {
  try {
    return await CandidateSandbox.open(request.source, skeletonSource(family, request.skeleton), request.limits);
  } catch (error) {
    if (error instanceof BadCandidateError) throw error;
    const failure = classifyFailure(error);
    return { ...failure, message: `the module's top-level code failed: ${failure.message}`, console: '', timeMs: 0 };
  }
}

/** What makes two chunks' sandboxes interchangeable: the same candidate, skeleton, family and limits. */
function sandboxKey(request: ChunkRequest): string {
  return JSON.stringify([request.familyId, request.skeleton, request.limits, request.source]);
}

/**
 * The sandbox a pool process keeps after a chunk, for the next chunk of the same candidate:
 * a fresh isolate costs its creation and a cold JIT (measured: about 85 ms of CPU for a
 * j30 serial SGS, as much as 60 evaluations), which a batch split into chunks would pay
 * once per chunk. Any other candidate's chunk disposes it.
 */
let kept: { key: string; sandbox: CandidateSandbox } | undefined;

function takeKept(key: string): CandidateSandbox | undefined {
  const found = kept;
  kept = undefined;
  if (found?.key === key && found.sandbox.usable) return found.sandbox;
  found?.sandbox.dispose();
  return undefined;
}

/**
 * Run the chunk, reporting each instance's verdict as soon as it is known (a pool process
 * that dies mid-chunk then loses only the instance it was on). With `keepSandbox` (pool
 * processes) the sandbox stays open for the candidate's next chunk.
 *
 * @example
 * ```ts
 * await runChunk({ familyId: 'rcpsp', source, skeleton: null, limits: defaultLimits, seed: 1, instances }, (index, run) => console.log(index, run.status));
 * ```
 */
export async function runChunk(
  request: ChunkRequest,
  onResult: (index: number, run: JudgedRun) => void,
  options: { family?: AnyFamily; keepSandbox?: boolean } = {},
): Promise<void> {
  const family = options.family ?? (await getFamily(request.familyId));
  const key = sandboxKey(request);
  let sandbox: CandidateSandbox | RawOutcome | undefined = takeKept(key);
  try {
    for (const { index, dataText } of request.instances) {
      const instance = parsedInstance(family, dataText);
      if (sandbox === undefined || (sandbox instanceof CandidateSandbox && !sandbox.usable))
        sandbox = await openSandbox(family, request);
      const outcome = sandbox instanceof CandidateSandbox ? await sandbox.run(dataText, request.seed) : sandbox;
      onResult(index, judge(family, instance, outcome));
    }
  } finally {
    if (sandbox instanceof CandidateSandbox) {
      if (options.keepSandbox && sandbox.usable) kept = { key, sandbox };
      else sandbox.dispose();
    }
  }
}
