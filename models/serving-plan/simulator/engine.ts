/**
 * The request-level discrete-event simulator: iteration-level continuous batching on every
 * instance (Orca, vLLM), with the per-iteration costs of the performance model.
 *
 * - An idle instance first admits waiting requests FCFS into a prefill iteration (prompt tokens
 *   up to `maxBatchTokens`, requests up to `maxBatchSize`), else runs one decode step of its
 *   running batch. A colocated instance's prefill iteration stalls its decodes (vLLM's default,
 *   no chunked prefill).
 * - KV cache: admission reserves the whole request (prompt + output tokens; the prompt alone
 *   on a prefill instance). When the cache is full, requests wait in the FIFO (head-of-line);
 *   nobody is ever preempted.
 * - Disaggregated: after its prefill a request is routed to a decode instance and its KV cache
 *   crosses the link between the two nodes (NVLink in one node, the network across), each GPU
 *   sending its shard; the prefill instance frees it when the transfer ends.
 * - TTFT = first token - arrival (the end of the prefill); TPOT = (finish - first token) /
 *   (output - 1), which includes the transfer, the wait for a decode slot and stalls.
 */
import { IndexHeap } from '../../../src/perf/simulator/heap.js';
import { InstanceState } from './instance-state.js';
import { requestResults } from './result.js';
import { route, type PhaseGroup } from './router.js';
import type { SimConfig, SimResult, SimSpan, Workload } from './types.js';

const traceLimit = 20_000;
/** Events between two looks at the clock (a look costs ~25 ns; 4,096 events take well under a millisecond). */
const eventsPerClockCheck = 4096;

class Simulation {
  private readonly states: InstanceState[];
  private readonly entry: PhaseGroup;
  private readonly decoders: PhaseGroup;
  private readonly events: IndexHeap;
  private readonly transferEndS: Float64Array;
  private readonly transferTarget: Int32Array;
  private readonly source: Int32Array;
  private readonly finishStep: Float64Array;
  private readonly firstTokenS: Float64Array;
  private readonly doneS: Float64Array;
  private readonly phase: 'both' | 'prefill' | 'decode';
  private readonly trace: SimSpan[] = [];
  private iterations = 0;
  private now = 0;
  /** The next request to arrive. */
  private next = 0;

  constructor(
    private readonly workload: Workload,
    private readonly config: SimConfig,
  ) {
    const n = workload.arrivalS.length;
    this.phase = config.phase ?? 'both';
    this.finishStep = new Float64Array(n);
    this.firstTokenS = new Float64Array(n).fill(Number.NaN);
    this.doneS = new Float64Array(n).fill(Number.NaN);
    this.transferEndS = new Float64Array(n);
    this.transferTarget = new Int32Array(n);
    this.source = new Int32Array(n);
    this.states = config.instances.map((spec) => new InstanceState(spec, this.finishStep));
    const ids = (pick: (role: string) => boolean): PhaseGroup => ({
      ids: config.instances.flatMap((spec, id) => (pick(spec.role) ? [id] : [])),
      cursor: 0,
    });
    this.entry = ids((role) => (this.phase === 'decode' ? role === 'decode' : role !== 'decode'));
    this.decoders = ids((role) => role === 'decode');
    const instances = this.states.length;
    const key = (event: number): number =>
      event < instances ? this.states[event].iterationEndS : this.transferEndS[event - instances];
    this.events = new IndexHeap((a, b) => key(a) < key(b) || (key(a) === key(b) && a < b));
  }

  run(): SimResult {
    const { arrivalS } = this.workload;
    const instances = this.states.length;
    const deadline = this.config.deadline ?? Number.POSITIVE_INFINITY;
    for (let handled = 0; this.next < arrivalS.length || this.events.size > 0; handled++) {
      if (handled % eventsPerClockCheck === 0 && Date.now() > deadline) return { ...this.result(), cut: true };
      const event = this.events.size > 0 ? this.events.peek() : -1;
      const eventS = event < 0 ? Number.POSITIVE_INFINITY : this.eventS(event);
      if (this.next < arrivalS.length && arrivalS[this.next] <= eventS) {
        this.now = arrivalS[this.next];
        this.arrive(this.next++);
      } else {
        this.events.pop();
        this.now = eventS;
        if (event < instances) this.endIteration(event);
        else this.endTransfer(event - instances);
      }
    }
    return this.result();
  }

  private eventS(event: number): number {
    const instances = this.states.length;
    return event < instances ? this.states[event].iterationEndS : this.transferEndS[event - instances];
  }

  /** When the next arrival or event happens: until then no instance can affect another. */
  private horizonS(): number {
    const { arrivalS } = this.workload;
    const arrival = this.next < arrivalS.length ? arrivalS[this.next] : Number.POSITIVE_INFINITY;
    return this.events.size > 0 ? Math.min(arrival, this.eventS(this.events.peek())) : arrival;
  }

  /** KV tokens a request reserves on an instance of this role. */
  private kvNeed(role: string, request: number): number {
    const { promptTokens, outputTokens } = this.workload;
    return role === 'prefill' ? promptTokens[request] : promptTokens[request] + outputTokens[request];
  }

  private arrive(request: number): void {
    if (this.entry.ids.length === 0) return;
    const decodeOnly = this.phase === 'decode';
    const id = route(this.config.router, this.entry, this.states, decodeOnly ? 'decode' : 'prefill');
    const state = this.states[id];
    if (this.kvNeed(state.spec.role, request) > state.spec.kvCapacityTokens) return; // never fits: unserved
    if (decodeOnly) {
      this.firstTokenS[request] = this.now;
      this.enqueueDecode(request, id);
    } else {
      state.waiting.push(request);
      state.waitingPromptTokens += this.workload.promptTokens[request];
      state.outstandingTokens += this.kvNeed(state.spec.role, request);
    }
    this.tryStart(id);
  }

  private enqueueDecode(request: number, id: number): void {
    const state = this.states[id];
    state.waiting.push(request);
    state.kvIncoming += this.kvNeed('decode', request);
    state.outstandingTokens += this.workload.outputTokens[request];
  }

  private tryStart(id: number): void {
    const state = this.states[id];
    if (state.busy) return;
    if (state.spec.role === 'decode') this.admitDecodes(state);
    else if (this.admitPrefills(state)) return this.startIteration(id, 'prefill');
    if (state.runningCount > 0) this.startIteration(id, 'decode');
  }

  /** Moves the FCFS prefix that fits (tokens, batch size, KV cache) into the prefill batch; true when any. */
  private admitPrefills(state: InstanceState): boolean {
    const { promptTokens } = this.workload;
    const { spec } = state;
    let tokens = 0;
    while (state.waiting.size > 0) {
      const request = state.waiting.peek();
      const need = this.kvNeed(spec.role, request);
      const batch = state.prefillBatch.length;
      if (batch > 0 && tokens + promptTokens[request] > spec.maxBatchTokens) break;
      if (batch + state.runningCount >= spec.maxBatchSize) break;
      if (state.kvUsed + need > spec.kvCapacityTokens) break;
      state.waiting.pop();
      state.kvUsed += need;
      state.waitingPromptTokens -= promptTokens[request];
      tokens += promptTokens[request];
      state.prefillBatch.push(request);
    }
    return state.prefillBatch.length > 0;
  }

  private admitDecodes(state: InstanceState): void {
    while (state.waiting.size > 0 && state.runningCount < state.spec.maxBatchSize) {
      const request = state.waiting.peek();
      const need = this.kvNeed('decode', request);
      if (state.kvUsed + need > state.spec.kvCapacityTokens) break;
      state.waiting.pop();
      state.kvIncoming -= need;
      state.kvUsed += need;
      this.joinRunning(state, request);
    }
  }

  /** The request's next decode step attends to prompt + 1 tokens; it leaves after output - 1 steps. */
  private joinRunning(state: InstanceState, request: number): void {
    state.contextTokens += this.workload.promptTokens[request] + 1;
    this.finishStep[request] = state.step + this.workload.outputTokens[request] - 1;
    state.running.push(request);
  }

  private startIteration(id: number, kind: 'prefill' | 'decode'): void {
    const state = this.states[id];
    let startS = this.now;
    let durationS: number;
    if (kind === 'prefill') {
      const lengths = state.prefillBatch.map((r) => this.workload.promptTokens[r]);
      durationS = state.spec.costs.prefillSeconds(lengths);
      const tokens = lengths.reduce((sum, length) => sum + length, 0);
      state.prefillingTokens = tokens;
      this.countIteration(state, id, kind, startS, durationS, lengths.length, tokens);
    } else {
      // Steps that end before anything else happens and in which nobody finishes change nothing
      // another instance can see: run them here, without the event queue.
      const horizonS = this.horizonS();
      for (;;) {
        durationS = state.spec.costs.decodeStepSeconds(state.runningCount, state.contextTokens);
        this.countIteration(state, id, kind, startS, durationS, state.runningCount, state.contextTokens);
        const finishes = this.finishStep[state.running.peek()] <= state.step + 1;
        if (finishes || startS + durationS >= horizonS) break;
        startS += durationS;
        state.step++;
        state.contextTokens += state.runningCount;
      }
    }
    state.busy = true;
    state.iterationKind = kind;
    state.iterationEndS = startS + durationS;
    this.events.push(id);
  }

  private countIteration(
    state: InstanceState,
    instance: number,
    kind: SimSpan['kind'],
    startS: number,
    durationS: number,
    requests: number,
    tokens: number,
  ): void {
    state.busySeconds += durationS;
    this.iterations++;
    if (this.config.traceWindow) this.record({ instance, kind, startS, durationS, requests, tokens });
  }

  private record(span: SimSpan): void {
    const window = this.config.traceWindow;
    if (!window || span.startS < window.startS || span.startS > window.endS || this.trace.length >= traceLimit) return;
    this.trace.push(span);
  }

  private endIteration(id: number): void {
    const state = this.states[id];
    state.busy = false;
    if (state.iterationKind === 'prefill') this.endPrefill(id, state);
    else this.endDecodeStep(state);
    this.tryStart(id);
  }

  private endPrefill(id: number, state: InstanceState): void {
    const { promptTokens, outputTokens } = this.workload;
    for (const request of state.prefillBatch) {
      this.firstTokenS[request] = this.now;
      if (state.spec.role === 'prefill') state.outstandingTokens -= promptTokens[request];
      if (this.phase === 'prefill' || outputTokens[request] === 1) {
        this.finish(state, request);
      } else if (state.spec.role === 'colocated') {
        this.joinRunning(state, request);
      } else {
        this.startTransfer(id, request);
      }
    }
    state.prefillBatch.length = 0;
    state.prefillingTokens = 0;
  }

  private startTransfer(id: number, request: number): void {
    if (this.decoders.ids.length === 0) return;
    const target = route(this.config.router, this.decoders, this.states, 'decode');
    const from = this.states[id].spec;
    if (this.kvNeed('decode', request) > this.states[target].spec.kvCapacityTokens) {
      this.states[id].kvUsed -= this.workload.promptTokens[request]; // never fits there: unserved
      return;
    }
    const link = this.config.link(from.node, this.states[target].spec.node);
    const durationS = from.costs.kvTransferSeconds(this.workload.promptTokens[request], link);
    this.transferTarget[request] = target;
    this.source[request] = id;
    this.transferEndS[request] = this.now + durationS;
    const tokens = this.workload.promptTokens[request];
    this.record({ instance: id, kind: 'transfer', startS: this.now, durationS, requests: 1, tokens });
    this.events.push(this.states.length + request);
  }

  private endTransfer(request: number): void {
    const source = this.states[this.source[request]];
    source.kvUsed -= this.workload.promptTokens[request];
    const target = this.transferTarget[request];
    this.enqueueDecode(request, target);
    this.tryStart(target);
    this.tryStart(this.source[request]);
  }

  private endDecodeStep(state: InstanceState): void {
    state.step++;
    state.contextTokens += state.runningCount;
    while (state.running.size > 0 && this.finishStep[state.running.peek()] <= state.step) {
      const request = state.running.pop();
      state.contextTokens -= this.workload.promptTokens[request] + this.workload.outputTokens[request];
      this.finish(state, request);
    }
  }

  /** The request is done here: its KV cache and its share of the instance's work are released. */
  private finish(state: InstanceState, request: number): void {
    this.doneS[request] = this.now;
    const role = state.spec.role;
    state.kvUsed -= this.kvNeed(role, request);
    if (role === 'colocated') state.outstandingTokens -= this.kvNeed(role, request);
    if (role === 'decode') state.outstandingTokens -= this.workload.outputTokens[request];
  }

  private result(): SimResult {
    const busySeconds = this.states.map((state) => state.busySeconds);
    const times = { firstTokenS: this.firstTokenS, doneS: this.doneS, busySeconds };
    return { ...requestResults(this.workload, times), iterations: this.iterations, trace: this.trace };
  }
}

/**
 * Replays a workload on a set of instances; deterministic (no randomness inside).
 *
 * @example
 * ```ts
 * const result = simulateServing(workload, { instances, router: 'round-robin', link: () => nvlink });
 * result.ttftS[0]; // the first request's time to first token, seconds
 * ```
 */
export function simulateServing(workload: Workload, config: SimConfig): SimResult {
  return new Simulation(workload, config).run();
}
