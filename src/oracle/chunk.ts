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

/**
 * Run the chunk, reporting each instance's verdict as soon as it is known (a pool process
 * that dies mid-chunk then loses only the instance it was on).
 *
 * @example
 * ```ts
 * await runChunk({ familyId: 'rcpsp', source, skeleton: null, limits: defaultLimits, seed: 1, instances }, (index, run) => console.log(index, run.status));
 * ```
 */
export async function runChunk(
  request: ChunkRequest,
  onResult: (index: number, run: JudgedRun) => void,
  familyOverride?: AnyFamily,
): Promise<void> {
  const family = familyOverride ?? (await getFamily(request.familyId));
  let sandbox: CandidateSandbox | RawOutcome | undefined;
  try {
    for (const { index, dataText } of request.instances) {
      const instance = parsedInstance(family, dataText);
      if (sandbox === undefined || (sandbox instanceof CandidateSandbox && !sandbox.usable))
        sandbox = await openSandbox(family, request);
      const outcome = sandbox instanceof CandidateSandbox ? await sandbox.run(dataText, request.seed) : sandbox;
      onResult(index, judge(family, instance, outcome));
    }
  } finally {
    if (sandbox instanceof CandidateSandbox) sandbox.dispose();
  }
}
