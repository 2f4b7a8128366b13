/**
 * Routers: which instance of a phase gets a request. Round-robin ignores load; least-tokens
 * picks the instance with the fewest tokens of work routed to it and not yet done; the
 * phase-aware router looks at what the phase is short of: prompt tokens not yet prefilled (queued
 * or in the running prefill) for a prefill (or colocated) instance, free KV cache for a decode
 * instance.
 */
import type { InstanceState } from './instance-state.js';
import type { RouterPolicy } from './types.js';

/** The instance ids of one phase and the round-robin cursor over them. */
export interface PhaseGroup {
  ids: number[];
  cursor: number;
}

function argMin(group: PhaseGroup, score: (id: number) => number): number {
  let best = group.ids[0];
  let bestScore = score(best);
  for (let k = 1; k < group.ids.length; k++) {
    const s = score(group.ids[k]);
    if (s < bestScore) {
      best = group.ids[k];
      bestScore = s;
    }
  }
  return best;
}

/**
 * The instance of `group` that gets the next request.
 *
 * @example
 * ```ts
 * const target = route('least-tokens', prefillGroup, states, 'prefill');
 * ```
 */
export function route(
  policy: RouterPolicy,
  group: PhaseGroup,
  states: readonly InstanceState[],
  phase: 'prefill' | 'decode',
): number {
  if (policy === 'round-robin' || group.ids.length === 1) {
    const id = group.ids[group.cursor];
    group.cursor = (group.cursor + 1) % group.ids.length;
    return id;
  }
  if (policy === 'least-tokens') return argMin(group, (id) => states[id].outstandingTokens);
  if (phase === 'prefill')
    return argMin(
      group,
      (id) => states[id].waitingPromptTokens + states[id].prefillingTokens + 1e-9 * states[id].outstandingTokens,
    );
  return argMin(
    group,
    (id) => (states[id].kvUsed + states[id].kvIncoming) / Math.max(1, states[id].spec.kvCapacityTokens),
  );
}
