/**
 * Each family's `reportView` on a small instance and a heuristic's solution: the view is plain
 * JSON with finite numbers, and its data says what the solution and the evaluator say (one
 * bar per activity at its start, every pod in its node, each stage's memory as the
 * performance model's, the heat map's worst GPU as the evaluator's imbalance).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { GanttData, HeatmapData, PackingData, ReportView, StagesData } from '../../src/family/report-view.js';
import { heuristicContext } from '../support/heuristics.js';
import { type ViewCase, viewCases } from './views-fixtures.js';

type Cases = ReturnType<typeof viewCases>;
let cases: Cases;
beforeAll(() => {
  cases = viewCases();
});

function dataOf<K extends ReportView['kind']>(view: ReportView, kind: K): Extract<ReportView, { kind: K }> {
  expect(view.kind).toBe(kind);
  return view as Extract<ReportView, { kind: K }>;
}
const gantt = (view: ReportView): GanttData => dataOf(view, 'gantt').data;
const packing = (view: ReportView): PackingData => dataOf(view, 'packing').data;
const heatmap = (view: ReportView): HeatmapData => dataOf(view, 'heatmap').data;
const stages = (view: ReportView): StagesData => dataOf(view, 'stages').data;

/** Every number in a JSON value, with its path. */
function numbers(value: unknown, path = 'view'): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, k) => numbers(v, `${path}[${k}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  return [];
}

/** The usage of a step profile at time t (each point holds until the next). */
function usageAt(points: { time: number; usage: number }[], t: number): number {
  return points.filter((p) => p.time <= t).at(-1)?.usage ?? 0;
}

/** Plain JSON, finite numbers, a title, bars on the view's lanes and items in its bins. */
function expectSound(id: string, view: ReportView): void {
  expect(JSON.parse(JSON.stringify(view)), id).toEqual(view);
  for (const [path, n] of numbers(view)) expect(Number.isFinite(n), `${id} ${path} = ${n}`).toBe(true);
  expect(view.title.length, id).toBeGreaterThan(0);
  if (view.kind === 'gantt') for (const bar of view.data.bars) expect(view.data.lanes, id).toContain(bar.lane);
  if (view.kind === 'packing') {
    const bins = view.data.bins.map((b) => b.name);
    for (const item of view.data.items) if (item.bin !== null) expect(bins, id).toContain(item.bin);
  }
}

describe('every family', () => {
  it('has a reportView whose view is plain JSON with finite numbers, its bars on its lanes and items in its bins', () => {
    for (const [id, { view }] of Object.entries(cases)) expectSound(id, view);
  });

  it('gives the solution of every heuristic a sound view', () => {
    for (const [id, { family, instance }] of Object.entries(cases)) {
      const run = family as unknown as ViewCase<unknown, unknown>['family'];
      // The V-shape pipeline schedules refuse a loop-placed instance; every other heuristic runs.
      const names = Object.keys(run.heuristics).filter((name) => !/(^|-)v-/.test(name));
      for (const name of names)
        expectSound(`${id} ${name}`, run.reportView!(instance, run.heuristics[name](instance, heuristicContext(1, 5))));
    }
  });
});

describe('rcpsp', () => {
  it('draws one bar per activity from its start to its finish, and each resource usage as the demands running then', () => {
    const { instance, solution, view, family } = cases.rcpsp;
    const data = gantt(view);
    expect(data.bars).toHaveLength(instance.activities.length);
    instance.activities.forEach((activity, j) => {
      const bar = data.bars.find((b) => b.lane === activity.id);
      expect(bar).toMatchObject({ start: solution.starts[j], end: solution.starts[j] + activity.duration });
    });
    expect(Math.max(...data.bars.map((b) => b.end))).toBe(family.evaluate(instance, solution).objective);
    expect(data.profiles).toHaveLength(instance.resources.length);
    instance.resources.forEach((resource, r) => {
      const profile = data.profiles![r];
      expect(profile).toMatchObject({ name: resource.id, capacity: resource.capacity });
      for (let t = 0; t < Math.max(...data.bars.map((b) => b.end)); t++) {
        const running = instance.activities.reduce(
          (sum, a, j) => sum + (solution.starts[j] <= t && t < solution.starts[j] + a.duration ? a.demand[r] : 0),
          0,
        );
        expect(usageAt(profile.points, t), `${resource.id} at ${t}`).toBe(running);
      }
    });
  });
});

describe('rcpsp with downtime', () => {
  it('lowers the profile capacity in the downtime window and restores it after', () => {
    const { family } = cases.rcpsp;
    const instance = family.parse({
      resources: [{ id: 'crew', capacity: 2, downtime: [{ start: 3, end: 5, capacity: 0 }] }],
      activities: [
        { id: 'a', duration: 3, demand: { crew: 2 }, successors: ['b'] },
        { id: 'b', duration: 2, demand: { crew: 1 } },
      ],
    });
    const view = family.reportView!(instance, { starts: [0, 5] });
    const points = gantt(view).profiles![0].points;
    expect(points).toEqual([
      { time: 0, usage: 2, capacity: 2 },
      { time: 3, usage: 0, capacity: 0 },
      { time: 5, usage: 1, capacity: 2 },
      { time: 7, usage: 0, capacity: 2 },
    ]);
  });
});

describe('pipeline', () => {
  it('draws every pass of each device order on its lane, coloured by kind, with the evaluator span and memory peaks', () => {
    const { instance, solution, view, family } = cases.pipeline;
    const data = gantt(view);
    const metrics = family.evaluate(instance, solution).metrics;
    expect(data.lanes).toHaveLength(instance.devices);
    solution.orders.forEach((order, d) => {
      const bars = data.bars.filter((b) => b.lane === data.lanes[d]).sort((a, b) => a.start - b.start);
      expect(bars.map((b) => `${b.group}${b.label}`)).toEqual(order.map((pass) => `${pass.kind}${pass.microbatch}`));
      const span = bars.at(-1)!.end - bars[0].start;
      expect(span).toBeLessThanOrEqual(metrics.maxSpan + 1e-9);
    });
    expect(Math.max(...data.lanes.map((lane) => laneSpan(data, lane)))).toBeCloseTo(metrics.maxSpan, 9);
    data.profiles!.forEach((profile, d) => {
      expect(profile.capacity).toBe(instance.memoryLimit[d]);
      expect(Math.max(...profile.points.map((p) => p.usage))).toBeCloseTo(metrics[`peakMemory.device${d}`], 9);
    });
  });
});

function laneSpan(data: GanttData, lane: string): number {
  const bars = data.bars.filter((b) => b.lane === lane);
  return Math.max(...bars.map((b) => b.end)) - Math.min(...bars.map((b) => b.start));
}

describe('pod-packing', () => {
  it('puts every placed pod in its node, lists the pending ones with the scheduler reason, priority as the group', () => {
    const { instance, solution, view } = cases['pod-packing'];
    const data = packing(view);
    expect(data.dimensions.map((d) => d.name)).toEqual(['cpu', 'memory', 'nvidia.com/gpu']);
    expect(data.bins.map((b) => b.capacity)).toEqual(
      instance.nodes.map((n) => ({ cpu: n.cpu / 1000, memory: n.memory / 2 ** 30, 'nvidia.com/gpu': 4 })),
    );
    instance.pods.forEach((pod, p) => {
      const item = data.items.find((i) => i.name === pod.name)!;
      expect(item.bin).toBe(solution.assignment[p] >= 0 ? instance.nodes[solution.assignment[p]].name : null);
      expect(item.group).toBe(`priority ${pod.priority}`);
      expect(item.request['nvidia.com/gpu']).toBe(pod.resources?.['nvidia.com/gpu']);
    });
    const pending = data.items.filter((i) => i.bin === null);
    expect(pending.length).toBeGreaterThan(0);
    for (const item of pending) expect(item.note).toMatch(/nodes are available|Insufficient|pending/);
    expect(data.groups).toEqual(['priority 100', 'priority 50', 'priority 0']);
    expect(data.bins[1].labels).toContain('zone=b');
  });
});

describe('expert-placement', () => {
  it('has a cell per layer and GPU whose worst GPU per layer averages to the evaluator imbalance', () => {
    const { instance, solution, view, family } = cases['expert-placement'];
    const data = heatmap(view);
    expect(data.cells).toHaveLength(instance.layers * instance.gpus);
    const worst = data.rows!.map((row) => Math.max(...data.cells.filter((c) => c.row === row).map((c) => c.value)));
    const imbalance = worst.reduce((a, b) => a + b, 0) / worst.length;
    expect(imbalance).toBeCloseTo(family.evaluate(instance, solution).metrics.imbalance, 9);
    solution.placement.forEach((layer, l) =>
      layer.forEach((experts, g) => {
        const cell = data.cells.find((c) => c.row === `layer ${l}` && c.column === `GPU ${g}`)!;
        for (const e of experts) expect(cell.note).toMatch(new RegExp(`\\b${e} \\(`));
      }),
    );
  });
});

describe('parallel-plan', () => {
  it('has one stage per pipeline stage whose largest memory is the evaluator peak, under the usable memory line', () => {
    const { instance, solution, view, family } = cases['parallel-plan'];
    const data = stages(view);
    const metrics = family.evaluate(instance, solution).metrics;
    expect(data.stages).toHaveLength(solution.pp);
    const memory = data.metrics.filter((m) => m.stack === 'memory per GPU');
    expect(memory.map((m) => m.limit)).toEqual(memory.map(() => metrics.usableMemoryBytes / 1e9));
    const totals = data.stages.map((s) => memory.reduce((sum, m) => sum + s.values[m.name], 0));
    expect(Math.max(...totals)).toBeCloseTo(metrics.peakMemoryBytes / 1e9, 9);
    data.stages.forEach((stage, s) => expect(stage.note).toContain(`${solution.stageLayers[s]} layers`));
  });
});

describe('serving-plan', () => {
  it('has one stage per instance with its role, GPUs and the simulation busy share the evaluator averages', () => {
    const { instance, solution, view, family } = cases['serving-plan'];
    const data = stages(view);
    const metrics = family.evaluate(instance, solution).metrics;
    expect(data.stages.map((s) => s.group)).toEqual(solution.instances.map((p) => p.role));
    expect(data.stages.map((s) => s.values.GPUs)).toEqual(solution.instances.map((p) => p.tp * p.pp));
    const busy = data.stages.map((s) => s.values.busy);
    expect(busy.reduce((a, b) => a + b, 0) / busy.length).toBeCloseTo(100 * metrics.meanUtilization, 9);
    expect(Math.max(...busy)).toBeCloseTo(100 * metrics.maxUtilization, 9);
  });
});

describe('sequence-parallel', () => {
  it('runs every sequence once, each group on its GPUs, and ends at the evaluator step time', () => {
    const { instance, solution, view, family } = cases['sequence-parallel'];
    const data = gantt(view);
    const evaluation = family.evaluate(instance, solution);
    expect(evaluation.feasible).toBe(true);
    const groups = solution.microBatches.flatMap((mb) => mb.groups.filter((g) => g.sequences.length > 0));
    expect(data.bars).toHaveLength(groups.reduce((sum, g) => sum + g.degree, 0));
    for (const group of groups)
      for (let r = group.firstGpu; r < group.firstGpu + group.degree; r++)
        expect(data.bars.some((b) => b.lane === `GPU ${r}` && b.note?.includes(`GPUs ${group.firstGpu}-`))).toBe(true);
    expect(Math.max(...data.bars.map((b) => b.end))).toBeCloseTo(evaluation.objective, 9);
    const peak = Math.max(...data.profiles![0].points.map((p) => p.usage));
    expect(peak).toBeCloseTo(evaluation.metrics.peakTokensPerGpu, 9);
    expect(data.profiles![0].capacity).toBe(instance.tokenCapacity);
  });
});

describe('a solution the evaluator cannot score', () => {
  it('pipeline orders that deadlock give the devices, no bar, and a title that says why', () => {
    const { family } = cases.pipeline;
    const instance = family.parse({ devices: 2, microbatches: 1, times: { F: 1, B: 1, W: 1 } });
    // Device 0 waits for B0 on stage 0, which needs B0 on stage 1, which needs F0 on stage 0: a cycle.
    const orders = [
      [
        { stage: 0, microbatch: 0, kind: 'B' as const },
        { stage: 0, microbatch: 0, kind: 'F' as const },
        { stage: 0, microbatch: 0, kind: 'W' as const },
      ],
      [
        { stage: 1, microbatch: 0, kind: 'F' as const },
        { stage: 1, microbatch: 0, kind: 'B' as const },
        { stage: 1, microbatch: 0, kind: 'W' as const },
      ],
    ];
    expect(family.evaluate(instance, { orders }).violations.map((v) => v.constraint)).toContain('deadlock');
    const view = family.reportView!(instance, { orders });
    expect(gantt(view)).toMatchObject({ lanes: ['device 0', 'device 1'], bars: [] });
    expect(view.title).toMatch(/no run/);
  });

  it('a parallel plan the performance model refuses has no stage and a title that says why', () => {
    const { family, instance, solution } = cases['parallel-plan'];
    const broken = { ...solution, tp: 3 };
    expect(family.evaluate(instance, broken).violations.map((v) => v.constraint)).toContain('plan');
    const view = family.reportView!(instance, broken);
    expect(stages(view).stages).toEqual([]);
    expect(view.title).toMatch(/no estimate/);
  });

  it('rcpsp activities without a usable start are left out and counted in the title', () => {
    const { family, instance, solution } = cases.rcpsp;
    const starts = solution.starts.map((s, j) => (j === 1 ? -1 : s));
    const view = family.reportView!(instance, { starts });
    expect(gantt(view).bars.map((b) => b.lane)).not.toContain(instance.activities[1].id);
    expect(view.title).toContain('(1 without a usable start)');
  });
});
