/**
 * Shape checks the schema cannot state: one count per expert of the model in every row of the
 * routing profile, and a solution with one expert list per layer and GPU, expert ids of the
 * model, shares shaped like the placement. Each error names the path and says the fix.
 */
import { failAt } from '../../src/family/schema.js';
import type { ExpertPlacementInstance, ExpertPlacementSolution } from './instance.js';

function checkRow(row: readonly unknown[], length: number, path: string, what: string): void {
  if (row.length !== length) failAt(path, `expected ${length} ${what}, got ${row.length}`);
}

/**
 * `n` is layers x experts; `A`, when given, is (layers - 1) x experts x experts.
 *
 * @example
 * ```ts
 * checkRouting({ n: [[1, 2]] }, 3); // throws at data.routing.n[0]: expected 3 counts ...
 * ```
 */
export function checkRouting(routing: { n: number[][]; A?: number[][][] }, experts: number): void {
  const counts = `counts (one per routed expert of the model)`;
  routing.n.forEach((row, l) => checkRow(row, experts, `data.routing.n[${l}]`, counts));
  const pairs = routing.A;
  if (pairs === undefined) return;
  const layers = routing.n.length;
  if (pairs.length !== layers - 1)
    failAt(
      'data.routing.A',
      `expected ${layers - 1} layer transitions (one fewer than the ${layers} rows of n), got ${pairs.length}; drop A or give one E x E matrix per transition`,
    );
  pairs.forEach((matrix, l) => {
    checkRow(matrix, experts, `data.routing.A[${l}]`, 'rows (one per expert of layer l)');
    matrix.forEach((row, e) =>
      checkRow(row, experts, `data.routing.A[${l}][${e}]`, 'counts (one per expert of layer l+1)'),
    );
  });
}

/**
 * One expert list per layer and GPU, ids below the expert count, shares shaped like the placement.
 *
 * @example
 * ```ts
 * checkSolutionShape(instance, { placement: [] }); // throws at solution.placement: expected 2 layers ...
 * ```
 */
export function checkSolutionShape(instance: ExpertPlacementInstance, solution: ExpertPlacementSolution): void {
  const { placement, shares } = solution;
  if (placement.length !== instance.layers)
    failAt(
      'solution.placement',
      `expected ${instance.layers} layers (one per row of the routing counts), got ${placement.length}`,
    );
  placement.forEach((layer, l) => {
    checkRow(layer, instance.gpus, `solution.placement[${l}]`, 'expert lists (one per GPU)');
    layer.forEach((list, g) =>
      list.forEach((expert, i) => {
        if (expert >= instance.experts)
          failAt(
            `solution.placement[${l}][${g}][${i}]`,
            `expert ${expert} does not exist; experts are numbered 0 to ${instance.experts - 1}`,
          );
      }),
    );
  });
  if (shares === undefined) return;
  if (shares.length !== instance.layers)
    failAt('solution.shares', `expected ${instance.layers} layers like the placement, got ${shares.length}`);
  shares.forEach((layer, l) => {
    checkRow(layer, instance.gpus, `solution.shares[${l}]`, 'share lists (one per GPU)');
    layer.forEach((list, g) =>
      checkRow(list, placement[l][g].length, `solution.shares[${l}][${g}]`, 'shares (one per expert the GPU holds)'),
    );
  });
}
