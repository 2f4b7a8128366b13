/**
 * Per-device memory timelines from the memory events of a simulated schedule. At one
 * instant the events of tasks that end apply before those of tasks that start (a task
 * may reuse what was freed as it starts), and the balance is checked only once the
 * whole instant has applied, so a zero-length task that allocates at start and frees at
 * end is not mistaken for a free of memory never allocated.
 */
import { SchedlabError } from '../../errors.js';
import type { CompiledDag } from './compile.js';
import type { Schedule } from './engine.js';
import type { DeviceMemory } from './types.js';

interface Change {
  time: number;
  /** 0 for events at a task's end, 1 at its start: ends apply first within an instant. */
  phase: number;
  task: number;
  bytes: number;
}

function collectChanges(dag: CompiledDag, schedule: Schedule): Map<string, Change[]> {
  const byDevice = new Map<string, Change[]>();
  dag.tasks.forEach((task, i) => {
    for (const event of task.memory ?? []) {
      const atEnd = event.at === 'end';
      const change = {
        time: atEnd ? schedule.end[i] : schedule.start[i],
        phase: atEnd ? 0 : 1,
        task: i,
        bytes: event.bytes,
      };
      const list = byDevice.get(event.device);
      if (list) list.push(change);
      else byDevice.set(event.device, [change]);
    }
  });
  return byDevice;
}

/** A tolerance for sums of byte counts that need not be integers. */
function slack(bytes: number): number {
  return 1e-9 * Math.max(1, Math.abs(bytes));
}

function deviceTimeline(device: string, initialBytes: number, changes: Change[], dag: CompiledDag): DeviceMemory {
  // Stable sort on (time, phase): ties keep task-index order, so the result is deterministic.
  changes.sort((a, b) => a.time - b.time || a.phase - b.phase);
  const memory: DeviceMemory = {
    device,
    initialBytes,
    peakBytes: initialBytes,
    peakTime: 0,
    finalBytes: initialBytes,
    timeline: [{ time: 0, bytes: initialBytes }],
  };
  let bytes = initialBytes;
  let largestFree = 0;
  for (let k = 0; k < changes.length; k++) {
    const change = changes[k];
    bytes += change.bytes;
    largestFree = Math.min(largestFree, change.bytes);
    const next = changes[k + 1];
    const phaseEnds = next === undefined || next.time !== change.time || next.phase !== change.phase;
    if (phaseEnds && bytes > memory.peakBytes) {
      memory.peakBytes = bytes;
      memory.peakTime = change.time;
    }
    if (next === undefined || next.time !== change.time) {
      if (bytes < -slack(largestFree)) throw overFreeError(device, change, bytes, dag);
      pushPoint(memory.timeline, change.time, bytes);
    }
  }
  memory.finalBytes = bytes;
  return memory;
}

function pushPoint(timeline: { time: number; bytes: number }[], time: number, bytes: number): void {
  const last = timeline[timeline.length - 1];
  if (last.time === time) last.bytes = bytes;
  else if (last.bytes !== bytes) timeline.push({ time, bytes });
}

function overFreeError(device: string, change: Change, bytes: number, dag: CompiledDag): SchedlabError {
  return new SchedlabError(
    'model',
    `device '${device}' would hold ${bytes} bytes at time ${change.time} (after task '${dag.tasks[change.task].id}'): ` +
      'memory is freed that was never allocated. Check that every free (negative bytes) follows, through dependencies, the task that allocated it.',
  );
}

/**
 * Timelines and peaks of every device that has memory events or initial memory, sorted by
 * device id; throws a 'model' error when a device's balance goes below zero.
 */
export function memoryTimelines(
  dag: CompiledDag,
  schedule: Schedule,
  initialMemory: Readonly<Record<string, number>> = {},
): DeviceMemory[] {
  const byDevice = collectChanges(dag, schedule);
  for (const [device, bytes] of Object.entries(initialMemory)) {
    if (!Number.isFinite(bytes) || bytes < 0) {
      throw new SchedlabError(
        'model',
        `initial memory of device '${device}' must be a finite number >= 0, got ${bytes}`,
        { location: { path: `initialMemory.${device}` } },
      );
    }
    if (!byDevice.has(device)) byDevice.set(device, []);
  }
  const devices = [...byDevice.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return devices.map((device) => deviceTimeline(device, initialMemory[device] ?? 0, byDevice.get(device)!, dag));
}
