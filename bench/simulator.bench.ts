/**
 * `npm run bench -- simulator`: time per task of `simulate` (and of the Chrome export) on
 * DAGs of about 10k and 100k tasks: a 1F1B pipeline with F/B/W passes, p2p lags and
 * activation memory (ordered resources), and a random DAG on 64 resources (greedy dispatch).
 */
import { simulate, traceToChromeJson, type SimTask, type SimulationInput } from '../src/perf/simulator/index.js';

/** The 1F1B pass order of one stage: warm-up forwards, then one forward per backward. */
function oneFOneB(stage: number, stages: number, micro: number): string[] {
  const warmup = Math.min(stages - stage - 1, micro);
  const order: string[] = [];
  for (let m = 0; m < warmup; m++) order.push(`F${m}s${stage}`);
  for (let m = 0; m < micro; m++) {
    if (m + warmup < micro) order.push(`F${m + warmup}s${stage}`);
    order.push(`B${m}s${stage}`, `W${m}s${stage}`);
  }
  return order;
}

function pipelineTasks(stage: number, stages: number, m: number): SimTask[] {
  const device = `gpu${stage}`;
  const act = (bytes: number, at: 'start' | 'end') => [{ device, bytes, at }];
  const fDeps = stage > 0 ? [{ task: `F${m}s${stage - 1}`, lag: 0.1 }] : [];
  const bDeps = stage < stages - 1 ? [`F${m}s${stage}`, { task: `B${m}s${stage + 1}`, lag: 0.1 }] : [`F${m}s${stage}`];
  return [
    { id: `F${m}s${stage}`, resource: device, duration: 1, category: 'F', deps: fDeps, memory: act(1 << 20, 'start') },
    { id: `B${m}s${stage}`, resource: device, duration: 1, category: 'B', deps: bDeps },
    {
      id: `W${m}s${stage}`,
      resource: device,
      duration: 1,
      category: 'W',
      deps: [`B${m}s${stage}`],
      memory: act(-(1 << 20), 'end'),
    },
  ];
}

/** A pipeline of `stages` stages and enough microbatches for about `tasks` tasks. */
export function pipelineDag(tasks: number, stages = 16): SimulationInput {
  const micro = Math.max(1, Math.round(tasks / (3 * stages)));
  const all: SimTask[] = [];
  const order: Record<string, string[]> = {};
  for (let stage = 0; stage < stages; stage++) {
    for (let m = 0; m < micro; m++) all.push(...pipelineTasks(stage, stages, m));
    order[`gpu${stage}`] = oneFOneB(stage, stages, micro);
  }
  return { resources: Array.from({ length: stages }, (_, s) => ({ id: `gpu${s}` })), tasks: all, order };
}

/** A random DAG: each task depends on up to 3 of the 1,000 tasks before it. Seeded LCG. */
export function randomDag(tasks: number, resources = 64, seed = 1): SimulationInput {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const all: SimTask[] = [];
  for (let i = 0; i < tasks; i++) {
    const deps = new Set<string>();
    for (let k = Math.floor(next() * 4); k > 0 && i > 0; k--)
      deps.add(`t${Math.max(0, i - 1 - Math.floor(next() * 1000))}`);
    all.push({
      id: `t${i}`,
      resource: `r${Math.floor(next() * resources)}`,
      duration: 0.5 + next(),
      priority: Math.floor(next() * 3),
      deps: [...deps],
    });
  }
  return {
    resources: Array.from({ length: resources }, (_, r) => ({ id: `r${r}`, capacity: 1 + (r % 2) })),
    tasks: all,
  };
}

function medianMs(action: () => void, repeats: number): number {
  const times: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const begin = performance.now();
    action();
    times.push(performance.now() - begin);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeats / 2)];
}

export async function run(_args: string[]): Promise<void> {
  const rows: string[][] = [['dag', 'tasks', 'simulate ms', 'us/task', 'chrome json ms', 'makespan']];
  for (const size of [10_000, 100_000]) {
    for (const [name, input] of [
      ['pipeline 1F1B', pipelineDag(size)],
      ['random greedy', randomDag(size)],
    ] as const) {
      simulate(input); // warm up the JIT
      const trace = simulate(input);
      const ms = medianMs(() => simulate(input), 5);
      const jsonMs = medianMs(() => traceToChromeJson(trace), 3);
      rows.push([
        name,
        String(input.tasks.length),
        ms.toFixed(1),
        ((ms * 1000) / input.tasks.length).toFixed(2),
        jsonMs.toFixed(1),
        trace.makespan.toFixed(1),
      ]);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padStart(widths[c])).join('  '));
}
