/**
 * The kube-scheduler baseline at cluster scale (issue 12): wall time of the generator, the
 * scheduler and the evaluator, and the process's peak resident memory, on the paper grid's
 * generator at 5,000 nodes x 20 pods per node (100,000 pods, half of them pending) and at
 * 100 nodes with 20,000 pending pods (200 per node against 110 slots).
 *
 * Environment: POD_SCALE_CASES ("nodes x podsPerNode" pairs, default "5000x20,100x400").
 */
import { evaluatePodPacking } from '../models/pod-packing/evaluate.js';
import { generatePodPacking } from '../models/pod-packing/generate.js';
import { kubeScheduler } from '../models/pod-packing/heuristics/kube-scheduler.js';

function timed<T>(run: () => T): [T, number] {
  const started = performance.now();
  const value = run();
  return [value, (performance.now() - started) / 1000];
}

/** Run the scale cases; see the header. */
export async function run(_args: string[]): Promise<void> {
  const cases = (process.env.POD_SCALE_CASES ?? '5000x20,100x400')
    .split(',')
    .map((pair) => pair.split('x').map(Number));
  console.log('| nodes | pods | pending | generate | kube-scheduler | evaluate | left pending | peak RSS |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [nodes, podsPerNode] of cases) {
    const [instance, generateSec] = timed(() =>
      generatePodPacking({ nodes, podsPerNode, priorities: 4, utilization: 1.05 }, 1),
    );
    const pending = instance.pods.filter((pod) => pod.node === undefined).length;
    const [solution, scheduleSec] = timed(() => kubeScheduler(instance));
    const [evaluation, evaluateSec] = timed(() => evaluatePodPacking(instance, solution));
    if (!evaluation.feasible) throw new Error(`scale ${nodes}x${podsPerNode}: ${evaluation.violations[0].message}`);
    const rss = process.resourceUsage().maxRSS / 1024;
    console.log(
      `| ${nodes} | ${instance.pods.length} | ${pending} | ${generateSec.toFixed(1)} s | ${scheduleSec.toFixed(1)} s | ${evaluateSec.toFixed(1)} s | ${evaluation.metrics.pending} | ${rss.toFixed(0)} MB |`,
    );
  }
}
