/**
 * The activity-list genetic algorithm of Hartmann (1998) with the justification of
 * Valls, Ballestín & Quintanilla (2005) on every offspring:
 * - an individual is an activity list (each activity after its predecessors), decoded
 *   by the serial SGS and then justified; the justified list replaces the genotype;
 * - the first generation comes from regret-based biased random sampling on LFT;
 * - parents are paired at random; two-point crossover gives two children; mutation
 *   swaps neighbours that are not precedence-related;
 * - survivors are the best distinct schedules among parents and children;
 * - after `restartAfter` generations without improvement all but the best few are
 *   replaced by fresh sampled lists.
 * It stops at the schedule budget, at the wall-clock deadline, or on reaching the
 * lower bound (critical path and resource work), or for feasibility-only instances
 * at the first schedule without lateness.
 *
 * The defaults (population 100, neighbour-swap rate 0.15, restart after 30 stale
 * generations, 50,000 SGS passes) were chosen on the hard j60 parameter sets (low
 * resource strength) at 0.5 s per instance, side by side against population 20-150
 * and rates 0.05-0.2; they are the same for every instance set.
 */
import type { CompiledRcpsp } from './compiled.js';
import { Decoder } from './justification.js';
import { makespanLowerBound } from './precedence.js';
import { priorityList, priorityValues } from './priority-rules.js';

export interface GeneticOptions {
  rng(): number;
  /** Wall-clock limit, Date.now() scale. */
  deadline: number;
  populationSize: number;
  /** Schedule budget, counted in SGS passes (a justification costs two). */
  maxSchedules: number;
  mutationRate: number;
  restartAfter: number;
  /** Stop as soon as a schedule without lateness is found (feasibility objective). */
  stopWhenOnTime: boolean;
}

interface Individual {
  list: Int32Array;
  starts: Int32Array;
  cost: number;
  hash: number;
}

export const defaultGeneticOptions = {
  populationSize: 100,
  maxSchedules: 50_000,
  mutationRate: 0.15,
  restartAfter: 30,
  stopWhenOnTime: false,
};

function hashStarts(starts: Int32Array): number {
  let h = 2166136261;
  for (let j = 0; j < starts.length; j++) h = Math.imul(h ^ starts[j], 16777619);
  return h >>> 0;
}

/** Run the GA; returns the best schedule's starts. */
export function geneticSearch(c: CompiledRcpsp, options: GeneticOptions): Int32Array {
  const decoder = new Decoder(c);
  const values = priorityValues(c, 'lft');
  const target = options.stopWhenOnTime ? c.horizon : makespanLowerBound(c) + 1;
  const breed = (list: Int32Array): Individual => {
    const starts = new Int32Array(c.n);
    const cost = decoder.justify(list, starts, decoder.decode(list, starts));
    return { list, starts, cost, hash: hashStarts(starts) };
  };
  const sample = (first: boolean): Individual => breed(priorityList(c, values, first ? undefined : options.rng));
  let population = [sample(true)];
  let best = population[0];
  const done = () => best.cost < target || decoder.schedules >= options.maxSchedules || Date.now() >= options.deadline;
  while (population.length < options.populationSize && !done()) population.push(sample(false));
  population = survivors(population, options.populationSize);
  best = population[0];
  let stale = 0;
  while (!done()) {
    const children: Individual[] = [];
    const order = shuffled(population.length, options.rng);
    for (let k = 0; k + 1 < order.length && !done(); k += 2) {
      const mother = population[order[k]].list;
      const father = population[order[k + 1]].list;
      const q1 = Math.floor(options.rng() * c.n);
      const q2 = q1 + Math.floor(options.rng() * (c.n - q1 + 1));
      for (const [a, b] of [
        [mother, father],
        [father, mother],
      ]) {
        const child = breed(mutate(c, crossover(a, b, q1, q2), options.mutationRate, options.rng));
        children.push(child);
        if (child.cost < best.cost) best = child;
      }
    }
    const previous = population[0].cost;
    population = survivors(population.concat(children), options.populationSize);
    stale = population[0].cost < previous ? 0 : stale + 1;
    if (stale >= options.restartAfter) {
      stale = 0;
      const keep = Math.max(1, Math.floor(options.populationSize / 10));
      population = population.slice(0, keep);
      while (population.length < options.populationSize && !done()) population.push(sample(false));
      population = survivors(population, options.populationSize);
    }
  }
  return best.starts;
}

/** The best `size` distinct schedules (duplicates only when too few distinct ones exist). */
function survivors(pool: Individual[], size: number): Individual[] {
  pool.sort((a, b) => a.cost - b.cost);
  const seen = new Set<number>();
  const distinct: Individual[] = [];
  const duplicates: Individual[] = [];
  for (const individual of pool) {
    if (seen.has(individual.hash)) duplicates.push(individual);
    else {
      seen.add(individual.hash);
      distinct.push(individual);
    }
  }
  return distinct.concat(duplicates).slice(0, size);
}

function shuffled(n: number, rng: () => number): number[] {
  const order = Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const m = Math.floor(rng() * (k + 1));
    [order[k], order[m]] = [order[m], order[k]];
  }
  return order;
}

/** Two-point crossover: the mother's first q1, the father's order up to q2, then the mother's order. */
function crossover(mother: Int32Array, father: Int32Array, q1: number, q2: number): Int32Array {
  const n = mother.length;
  const child = new Int32Array(n);
  const taken = new Uint8Array(n);
  let i = 0;
  for (; i < q1; i++) taken[(child[i] = mother[i])] = 1;
  for (let k = 0; i < q2; k++) if (!taken[father[k]]) taken[(child[i++] = father[k])] = 1;
  for (let k = 0; i < n; k++) if (!taken[mother[k]]) taken[(child[i++] = mother[k])] = 1;
  return child;
}

/** Swap each pair of neighbours with probability `rate` unless the first precedes the second. */
function mutate(c: CompiledRcpsp, list: Int32Array, rate: number, rng: () => number): Int32Array {
  for (let i = 0; i + 1 < list.length; i++) {
    if (rng() >= rate) continue;
    const a = list[i];
    const b = list[i + 1];
    let related = false;
    for (let k = c.successors.start[a]; k < c.successors.start[a + 1]; k++)
      if (c.successors.list[k] === b) related = true;
    if (!related) {
      list[i] = b;
      list[i + 1] = a;
    }
  }
  return list;
}
