/**
 * Building block → schedule, for the V-shape placement (Qi, Wan, Amar, Lin, "Pipeline
 * Parallelism with Controllable Memory", NeurIPS 2024). A block gives, for one microbatch,
 * the unit-time slot of each pass on each device; repeating it every 6 slots (a device runs
 * six passes per microbatch: F and B of its two chunks and their W) gives a schedule whose
 * warm-up and cool-down are then squeezed. Follows the authors' reference implementation in
 * sail-sg/zero-bubble-pipeline-parallelism (the module headed "Implementation of vhalf and
 * vmin schedules of Pipeline Parallelism with Controllable Memory": `put_w`, `mem_of_stage`,
 * `reorder`, `eager_execution_time`, `schedule_from_pattern`).
 *
 * Slot lists are indexed `[device][type][microbatch]`; types are 0 F of chunk 0 (stage d),
 * 1 F of chunk 1 (stage 2p−1−d), 2 B of chunk 1, 3 B of chunk 0, then the W passes: one
 * queue (type 4) while squeezing, or per chunk (4 W of chunk 1, 5 W of chunk 0) at the end.
 */

/** Per device, per pass type, the slot of every microbatch's pass (ascending). */
export type SlotTable = number[][][];

/** Slots per microbatch on one device: F, B and W of both chunks. */
export const period = 6;

const last = (list: number[]) => list[list.length - 1];

/** The block repeated for `microbatches` microbatches, one period apart. */
export function repeatBlock(block: number[][], microbatches: number): SlotTable {
  return block.map((offsets) =>
    offsets.map((start) => Array.from({ length: microbatches }, (_, j) => start + period * j)),
  );
}

/** The type of the earliest remaining pass of a device (ties: lower type), or −1 when none is left. */
function nextType(lists: number[][], cursor: number[], types: number): number {
  let best = -1;
  for (let t = 0; t < types; t++) {
    if (cursor[t] >= lists[t].length) continue;
    if (best < 0 || lists[t][cursor[t]] < lists[best][cursor[best]]) best = t;
  }
  return best;
}

/**
 * Adds the W passes to one device's F and B slots: each empty slot takes the oldest pending W
 * (the reference's `put_w`), so a W runs as soon as its device has nothing else to do. With
 * `split` the W passes of the two chunks form two queues (chunk 1's first).
 */
export function putW(lists: number[][], split: boolean): number[][] {
  const out = [...lists.slice(0, 4).map((l) => [...l]), [] as number[], ...(split ? [[] as number[]] : [])];
  const bound = Math.max(...out.slice(0, 4).map(last));
  const pending = [0, 0];
  const cursor = [0, 0, 0, 0];
  let slot = 0;
  for (; slot <= bound; slot++) {
    const t = nextType(out, cursor, 4);
    if (out[t][cursor[t]] === slot) {
      cursor[t]++;
      if (t >= 2) pending[split ? t - 2 : 0]++;
      continue;
    }
    const w = pending[0] > 0 ? 0 : pending[1] > 0 ? 1 : -1;
    if (w >= 0) {
      out[4 + w].push(slot);
      pending[w]--;
    }
  }
  for (let w = 0; w < 2; w++) for (; pending[w] > 0; pending[w]--) out[4 + w].push(slot++);
  return out;
}

/**
 * Peak activations of one device in chunk units (the reference's `mem_of_stage`): an F holds
 * one unit until its W frees it. Without W slots, each empty slot frees one pending unit, as
 * `putW` would place a W there.
 */
export function deviceMemory(lists: number[][]): number {
  const hasW = lists.length > 4;
  const delta = [1, 1, 0, 0, -1, -1];
  const bound = Math.max(...lists.map((l) => (l.length ? last(l) : 0)));
  const cursor = lists.map(() => 0);
  let pending = 0;
  let current = 0;
  let peak = 0;
  for (let slot = 0; slot <= bound; slot++) {
    const t = nextType(lists, cursor, lists.length);
    if (t >= 0 && lists[t][cursor[t]] === slot) {
      cursor[t]++;
      current += delta[t];
      if (t === 2 || t === 3) pending++;
    } else if (!hasW && pending > 0) {
      current--;
      pending--;
    }
    peak = Math.max(peak, current);
  }
  return peak;
}

interface PassRef {
  device: number;
  type: number;
  microbatch: number;
  slot: number;
}

/** Every pass of the table, in slot order (ties: device, type, microbatch — the reference's tuple order). */
function passesInSlotOrder(table: SlotTable): PassRef[] {
  const out: PassRef[] = [];
  table.forEach((lists, device) =>
    lists.forEach((list, type) => list.forEach((slot, microbatch) => out.push({ device, type, microbatch, slot }))),
  );
  return out.sort((a, b) => a.slot - b.slot || a.device - b.device || a.type - b.type || a.microbatch - b.microbatch);
}

/**
 * The passes a pass waits for, as [device, type, microbatch]: F of chunk 0 and B of chunk 1
 * come from the previous device, F of chunk 1 and B of chunk 0 from the next; each of types
 * 1–3 follows the previous type on its own device (the turns of the V), a pass follows the same
 * type's previous microbatch, and a W (single queue) its device's j-th B.
 */
function predecessors(table: SlotTable, pass: PassRef, wAfterB = true): number[] {
  const { device, type, microbatch } = pass;
  const lists = table[device];
  const slots: number[] = [];
  if ((type === 0 || type === 2) && device > 0) slots.push(table[device - 1][type][microbatch]);
  if ((type === 1 || type === 3) && device + 1 < table.length) slots.push(table[device + 1][type][microbatch]);
  if (type > 0 && type < 4) slots.push(lists[type - 1][microbatch]);
  if (type === 4 && lists.length === 5 && wAfterB)
    slots.push([...lists[2], ...lists[3]].sort((a, b) => a - b)[microbatch]);
  if (type >= 4 && lists.length === 6 && wAfterB) slots.push(lists[type === 4 ? 2 : 3][microbatch]);
  if (microbatch > 0) slots.push(lists[type][microbatch - 1]);
  return slots;
}

/**
 * Moves the warm-up (and, with `squeezeWarmUp` false, only the cool-down) passes as early as
 * their predecessors allow, into free slots, as long as the device's peak stays within the
 * block's (the reference's `reorder`). The steady phase — from device 0's first chunk-0 B to its
 * last F — keeps its slots: it is what the block's memory was sized for. Then every pass runs
 * as early as the slot order allows (unit times), which closes the gaps left behind.
 */
export function squeeze(table: SlotTable, squeezeWarmUp: boolean): SlotTable {
  const out = table.map((lists) => lists.map((l) => [...l]));
  const cap = Math.max(...out.map(deviceMemory));
  const horizon = Math.max(...out.flat(2)) + 1;
  const occupied = out.map(() => new Uint8Array(horizon));
  const lastMicrobatch = out[0][0].length - 1;
  let phase = 0;
  for (const pass of passesInSlotOrder(out)) {
    const { device, type, microbatch, slot } = pass;
    if (phase === 0 && type === 3 && device === 0) phase = 1;
    // With few microbatches device 0's last F precedes its first B: then there is no steady phase.
    if (phase === 1 && out[0][0][lastMicrobatch] < slot) phase = 2;
    const fixed = phase === 1 || (phase === 0 && !squeezeWarmUp);
    if (!fixed) out[device][type][microbatch] = earliestSlot(out, pass, occupied[device], cap);
    occupied[device][out[device][type][microbatch]] = 1;
    if (phase === 1 && type === 0 && device === 0 && microbatch === lastMicrobatch) phase = 2;
  }
  // Without W slots the reference places them before timing, so that they take device time.
  return eagerSlots(out[0].length === 4 ? out.map((lists) => putW(lists, false)) : out);
}

/** The first free slot after the pass's predecessors that keeps the device within `cap`; else its own slot. */
function earliestSlot(table: SlotTable, pass: PassRef, occupied: Uint8Array, cap: number): number {
  const lists = table[pass.device];
  const ready = Math.max(-1, ...predecessors(table, pass)) + 1;
  for (let slot = ready; slot < pass.slot; slot++) {
    if (occupied[slot]) continue;
    lists[pass.type][pass.microbatch] = slot;
    if (deviceMemory(lists) <= cap) return slot;
  }
  return pass.slot;
}

/** Unit-time as-soon-as-possible start of every pass, keeping each device's slot order (the reference's `eager_execution_time` with unit costs). */
export function eagerSlots(table: SlotTable): SlotTable {
  const out = table.map((lists) => lists.map((l) => l.map(() => 0)));
  const deviceFree = table.map(() => 0);
  for (const pass of passesInSlotOrder(table)) {
    const { device, type, microbatch } = pass;
    // The reference times a W by its device's order only (it comes after its B there).
    const ready = Math.max(deviceFree[device], ...predecessors(out, pass, false).map((s) => s + 1));
    out[device][type][microbatch] = ready;
    deviceFree[device] = ready + 1;
  }
  return out;
}
