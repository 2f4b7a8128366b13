/**
 * Input and output types of the discrete-event simulator. Times are plain numbers in
 * whatever unit the caller uses (seconds by convention); memory is in bytes.
 */

/**
 * A resource that runs tasks: a GPU compute stream (capacity 1), a link (capacity 1 or more).
 *
 * @example
 * ```ts
 * const stream: SimResource = { id: 'gpu0/compute', capacity: 1, group: 'gpu0' };
 * ```
 */
export interface SimResource {
  id: string;
  /** How many tasks may run on it at once, a positive integer; 1 when omitted. */
  capacity?: number;
  /** A device or group the resource belongs to; the Chrome export draws one process per group. */
  group?: string;
}

/**
 * An edge of the DAG: the task waits for `task` to end, then `lag` more time units
 * (e.g. the time of a point-to-point transfer that is not modelled as its own task).
 *
 * @example
 * ```ts
 * const edge: SimDependency = { task: 'F0@stage0', lag: 0.002 };
 * ```
 */
export interface SimDependency {
  task: string;
  /** Extra delay after the predecessor ends, >= 0; 0 when omitted. */
  lag?: number;
}

/**
 * A change of memory on a device when a task starts or ends. Negative bytes free memory,
 * so memory allocated by one task can be released by another: "activations are allocated
 * at F start and released at W end" is `+A at 'start'` on the F task and `-A at 'end'`
 * on the W task.
 *
 * @example
 * ```ts
 * const alloc: SimMemoryEvent = { device: 'gpu0', bytes: 2 ** 30, at: 'start' };
 * const free: SimMemoryEvent = { device: 'gpu0', bytes: -(2 ** 30), at: 'end' };
 * ```
 */
export interface SimMemoryEvent {
  device: string;
  bytes: number;
  at: 'start' | 'end';
}

/**
 * A task: it occupies one slot of `resource` for `duration` once its dependencies allow.
 *
 * @example
 * ```ts
 * const task: SimTask = {
 *   id: 'B0@stage1', resource: 'gpu1', duration: 2, category: 'B',
 *   deps: ['F0@stage1'],
 *   memory: [{ device: 'gpu1', bytes: -100, at: 'end' }],
 * };
 * ```
 */
export interface SimTask {
  id: string;
  resource: string;
  /** Time the task holds its slot, finite and >= 0. */
  duration: number;
  /** Predecessors, by id or with a lag. */
  deps?: readonly (string | SimDependency)[];
  /** Earliest start, >= 0; 0 when omitted. */
  release?: number;
  /** Tie-break among ready tasks of an unordered resource: larger runs first; 0 when omitted. */
  priority?: number;
  /** A label for colouring and grouping, e.g. 'F', 'B', 'W', 'comm'. */
  category?: string;
  memory?: readonly SimMemoryEvent[];
}

/**
 * A whole simulation: resources, tasks, and optionally a prescribed start order per resource.
 *
 * A resource listed in `order` starts its tasks exactly in that sequence (the list must
 * name every task of the resource once); this is how a pipeline schedule's per-device
 * pass order is imposed. Other resources dispatch greedily: among tasks ready at the
 * current time, earliest ready time first, then larger `priority`, then smaller id
 * (compared by UTF-16 code units, not locale).
 *
 * @example
 * ```ts
 * const input: SimulationInput = {
 *   resources: [{ id: 'gpu0' }],
 *   tasks: [{ id: 'a', resource: 'gpu0', duration: 1 }, { id: 'b', resource: 'gpu0', duration: 1 }],
 *   order: { gpu0: ['b', 'a'] },
 * };
 * ```
 */
export interface SimulationInput {
  resources: readonly SimResource[];
  tasks: readonly SimTask[];
  order?: Readonly<Record<string, readonly string[]>>;
  /** Memory already in use on a device before any task runs (weights, optimizer states). */
  initialMemory?: Readonly<Record<string, number>>;
}

/** Why a task started when it did, as found by the simulator. */
export type BindingKind =
  /** It started as soon as its last dependency (plus lag) or its release time allowed. */
  | 'dependency'
  /** It was ready earlier but waited for a slot of its resource, freed by `task`. */
  | 'resource'
  /** It was ready earlier but waited for `task`, its predecessor in the prescribed order. */
  | 'order';

/**
 * One simulated task.
 *
 * @example
 * ```ts
 * const record: TaskRecord = { id: 'a', resource: 'gpu0', lane: 0, start: 0, end: 1, boundBy: null };
 * ```
 */
export interface TaskRecord {
  id: string;
  resource: string;
  /** Which slot of the resource ran it (0 .. capacity - 1); the lowest free slot is taken. */
  lane: number;
  start: number;
  end: number;
  category?: string;
  /** The constraint that fixed its start; null for a task that started at its release time 0 with no dependency. */
  boundBy: { kind: BindingKind; task: string | null } | null;
}

/**
 * Busy and idle time of one resource, in slot-time (time x slots).
 *
 * @example
 * ```ts
 * const stats: ResourceStats = { id: 'gpu0', capacity: 1, busy: 3, firstStart: 0, lastEnd: 4,
 *   idleInSpan: 1, idle: 1, utilization: 0.75, tasks: 2 };
 * ```
 */
export interface ResourceStats {
  id: string;
  capacity: number;
  group?: string;
  /** Sum of the durations of its tasks. */
  busy: number;
  /** First start and last end of its tasks; NaN for a resource with no task. */
  firstStart: number;
  lastEnd: number;
  /** capacity x (lastEnd - firstStart) - busy: the bubbles between its first and last task. */
  idleInSpan: number;
  /** capacity x makespan - busy: idle time against the whole run. */
  idle: number;
  /** busy / (capacity x makespan); 0 when the makespan is 0. */
  utilization: number;
  tasks: number;
}

/**
 * Memory of one device over time.
 *
 * @example
 * ```ts
 * const mem: DeviceMemory = { device: 'gpu0', initialBytes: 0, peakBytes: 100, peakTime: 0,
 *   finalBytes: 0, timeline: [{ time: 0, bytes: 100 }, { time: 1, bytes: 0 }] };
 * ```
 */
export interface DeviceMemory {
  device: string;
  initialBytes: number;
  /**
   * The largest amount in use. At one instant the events of tasks that end apply before
   * those of tasks that start, so a task may reuse memory freed at the moment it starts.
   */
  peakBytes: number;
  peakTime: number;
  finalBytes: number;
  /** Bytes in use after all events at each distinct time, starting with time 0. */
  timeline: { time: number; bytes: number }[];
}

/**
 * The longest chain of tasks through dependencies and lags, ignoring resources: a lower
 * bound on the makespan that no amount of hardware can beat.
 *
 * @example
 * ```ts
 * const path: CriticalPath = { tasks: ['F0', 'B0'], length: 3 };
 * ```
 */
export interface CriticalPath {
  tasks: string[];
  /** Release of the first task, plus durations and lags along the chain. */
  length: number;
}

/**
 * The result of a simulation. Same input, same trace, byte for byte in `JSON.stringify`.
 *
 * @example
 * ```ts
 * const trace = simulate(input);
 * console.log(trace.makespan, trace.resources[0].idle, trace.memory[0]?.peakBytes);
 * ```
 */
export interface Trace {
  /** One record per task, in input order. */
  tasks: TaskRecord[];
  makespan: number;
  /** One entry per resource, in input order. */
  resources: ResourceStats[];
  /** One entry per device that has a memory event or initial memory, sorted by device id. */
  memory: DeviceMemory[];
  criticalPath: CriticalPath;
  /**
   * The chain of binding constraints that explains the makespan in this schedule, from
   * the last task to end back to a task that started unconstrained (listed first).
   * Unlike `criticalPath` it goes through resource waits and order waits.
   */
  bindingPath: string[];
}

/**
 * The `cause` of the error `simulate` throws when prescribed orders deadlock: for each
 * stuck order, the task next in it and the unfinished dependencies it waits on. An
 * evaluator can turn these into violation records.
 *
 * @example
 * ```ts
 * try { simulate(input); } catch (error) {
 *   const info = (error as SchedlabError).cause as DeadlockInfo;
 *   info.blocked[0]; // { task: 'B0', resource: 'gpu0', waitingOn: ['F0'] }
 * }
 * ```
 */
export interface DeadlockInfo {
  blocked: { task: string; resource: string; waitingOn: string[] }[];
}

/**
 * The `cause` of the error `simulate` throws for a dependency cycle: its task ids in
 * execution order, starting with the one listed first in the input.
 *
 * @example
 * ```ts
 * const info: CycleInfo = { cycle: ['a', 'b', 'c'] }; // a -> b -> c -> a
 * ```
 */
export interface CycleInfo {
  cycle: string[];
}
