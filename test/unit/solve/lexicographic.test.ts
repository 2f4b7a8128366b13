import { afterEach, describe, expect, it, vi } from 'vitest';
import { Model, SchedlabError, mockBackend, solveLexicographic } from '../../../src/index.js';

/** x, y integer in [0, 4] with x + y <= 5. */
function tieModel(type: 'integer' | 'continuous' = 'integer') {
  const model = new Model('lex');
  const x = model.addVar({ name: 'x', ub: 4, type });
  const y = model.addVar({ name: 'y', ub: 4, type });
  model.addConstraint(x.plus(y).le(5), 'cap');
  return { model, x, y };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('solveLexicographic', () => {
  it('breaks the ties of the first level with the second (HiGHS)', async () => {
    // Level 1: max x + y = 5, reached by (1,4), (2,3), (3,2), (4,1).
    // Level 2: min x among those: x = 1, so y = 4.
    const { model, x, y } = tieModel();
    const { levels, final } = await solveLexicographic(
      model,
      [
        { name: 'total', sense: 'max', expr: x.plus(y) },
        { name: 'first', sense: 'min', expr: x },
      ],
      { solver: 'highs' },
    );
    expect(levels.map((level) => level.name)).toEqual(['total', 'first']);
    expect(levels.map((level) => level.proven)).toEqual([true, true]);
    expect(levels[0].value).toBeCloseTo(5, 9);
    expect(levels[1].value).toBeCloseTo(1, 9);
    expect(final.termination).toBe('optimal');
    expect(final.values[0]).toBeCloseTo(1, 9);
    expect(final.values[1]).toBeCloseTo(4, 9);
  });

  it('holds each solved level within its tolerance (a looser one lets the next level gain)', async () => {
    // Level 1 max x + y = 5 held with slack 1: x + y >= 4. Level 2, min 3x - y over
    // x + y >= 4: x = 0, y = 4, value -4 (with the default 1e-6 it would be x = 1, y = 4: -1).
    const { model, x, y } = tieModel();
    const { levels } = await solveLexicographic(
      model,
      [
        { name: 'total', sense: 'max', expr: x.plus(y), absoluteTolerance: 1 },
        { name: 'mix', sense: 'min', expr: x.times(3).add(y, -1) },
      ],
      { solver: 'highs' },
    );
    expect(levels[1].value).toBeCloseTo(-4, 9);
  });

  it('appends one hold row per solved level, named lex.<name>, with the objective constant removed', async () => {
    const { model, x, y } = tieModel('continuous');
    // Level 1 at (2, 3): value 2 + 3 + 10 = 15; held as x + y >= 15 - 10 - 1e-6.
    // Level 2 at (1, 4): value 1; held as x <= 1 + 1e-6 + 0.5 * 1.
    const mock = mockBackend([
      { values: Float64Array.of(2, 3) },
      { values: Float64Array.of(1, 4) },
      { values: Float64Array.of(1, 4) },
    ]);
    const { levels } = await solveLexicographic(
      model,
      [
        { name: 'total', sense: 'max', expr: x.plus(y).add(10) },
        { name: 'first', sense: 'min', expr: x, relativeTolerance: 0.5 },
        { name: 'last', sense: 'max', expr: y },
      ],
      { solver: mock },
    );
    expect(levels.map((level) => level.value)).toEqual([15, 1, 4]);
    expect(mock.calls.map((call) => call.model.numRows)).toEqual([1, 2, 3]);
    const second = mock.calls[1].model;
    expect(second.rowName(0)).toBe('cap');
    expect(second.rowName(1)).toBe('lex.total');
    expect([...second.colIndex.subarray(second.rowStart[1], second.rowStart[2])]).toEqual([0, 1]);
    expect([...second.value.subarray(second.rowStart[1], second.rowStart[2])]).toEqual([1, 1]);
    expect(second.rowLower[1]).toBeCloseTo(5 - 1e-6, 12);
    expect(second.rowUpper[1]).toBe(Infinity);
    expect(second.sense).toBe('min');
    expect([...second.colCost]).toEqual([1, 0]);
    expect(second.objectiveConstant).toBe(0);
    const third = mock.calls[2].model;
    expect(third.rowName(2)).toBe('lex.first');
    expect([...third.colIndex.subarray(third.rowStart[2], third.rowStart[3])]).toEqual([0]);
    expect(third.rowLower[2]).toBe(-Infinity);
    expect(third.rowUpper[2]).toBeCloseTo(1.5 + 1e-6, 12);
    // The first level saw the objective with its constant.
    expect(mock.calls[0].model.objectiveConstant).toBe(10);
    expect(mock.calls[0].model.sense).toBe('max');
  });

  it("passes each level's values as the next level's warm start", async () => {
    const { model, x, y } = tieModel('continuous');
    const mock = mockBackend([{ values: Float64Array.of(2, 3) }, { values: Float64Array.of(1, 4) }]);
    await solveLexicographic(
      model,
      [
        { name: 'a', sense: 'max', expr: x.plus(y) },
        { name: 'b', sense: 'min', expr: x },
      ],
      { solver: mock, warmStart: [0, 0] },
    );
    expect(mock.calls[0].options.warmStart).toEqual([0, 0]);
    expect([...(mock.calls[1].options.warmStart ?? [])]).toEqual([2, 3]);
  });

  it('shares the time limit: T/n for the first level, the time left over the levels left after', async () => {
    // A fake clock: each mocked solve takes 1 s. T = 12 s over 3 levels:
    // level 1 gets 12/3 = 4; level 2 (12 - 1)/2 = 5.5; level 3 (12 - 2)/1 = 10.
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { model, x, y } = tieModel('continuous');
    const answer = () => {
      now += 1000;
      return { values: Float64Array.of(1, 4) };
    };
    const mock = mockBackend([answer]);
    await solveLexicographic(
      model,
      [
        { name: 'a', sense: 'max', expr: x.plus(y) },
        { name: 'b', sense: 'min', expr: x },
        { name: 'c', sense: 'max', expr: y },
      ],
      { solver: mock, timeLimitSec: 12 },
    );
    expect(mock.calls.map((call) => call.options.timeLimitSec)).toEqual([4, 5.5, 10]);
  });

  it('gives a late level no negative time once the deadline has passed', async () => {
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { model, x } = tieModel('continuous');
    const mock = mockBackend([() => ((now += 5000), { values: Float64Array.of(1, 4) })]);
    await solveLexicographic(
      model,
      [
        { name: 'a', sense: 'max', expr: x },
        { name: 'b', sense: 'min', expr: x },
      ],
      { solver: mock, timeLimitSec: 2 },
    );
    expect(mock.calls.map((call) => call.options.timeLimitSec)).toEqual([1, 0]);
  });

  it('gives no time limit when none was asked for', async () => {
    const { model, x } = tieModel('continuous');
    const mock = mockBackend([{ values: Float64Array.of(1, 4) }]);
    await solveLexicographic(model, [{ name: 'a', sense: 'max', expr: x }], { solver: mock });
    expect(mock.calls[0].options.timeLimitSec).toBeUndefined();
  });

  it('stops after a level without a solution', async () => {
    const { model, x, y } = tieModel('continuous');
    const mock = mockBackend([
      { values: Float64Array.of(2, 3) },
      { termination: 'timeLimit', hasSolution: false },
      { values: Float64Array.of(1, 4) },
    ]);
    const { levels, final, incumbent } = await solveLexicographic(
      model,
      [
        { name: 'a', sense: 'max', expr: x.plus(y) },
        { name: 'b', sense: 'min', expr: x },
        { name: 'c', sense: 'max', expr: y },
      ],
      { solver: mock },
    );
    // What the first level won is kept: its point satisfies every hold row added so far.
    expect(Array.from(incumbent?.values ?? [])).toEqual([2, 3]);
    expect(mock.calls.length).toBe(2);
    expect(levels.length).toBe(2);
    expect(levels[1].value).toBeNaN();
    expect(levels[1].proven).toBe(false);
    expect(final.termination).toBe('timeLimit');
    expect(final.hasSolution).toBe(false);
  });

  it('marks a level with an unproven incumbent and goes on', async () => {
    const { model, x, y } = tieModel('continuous');
    const mock = mockBackend([
      { termination: 'timeLimit', values: Float64Array.of(2, 3) },
      { values: Float64Array.of(2, 3) },
    ]);
    const { levels } = await solveLexicographic(
      model,
      [
        { name: 'a', sense: 'max', expr: x.plus(y) },
        { name: 'b', sense: 'min', expr: x },
      ],
      { solver: mock },
    );
    expect(levels.map((level) => level.proven)).toEqual([false, true]);
    expect(levels[0].value).toBe(5);
  });

  it('refuses an empty list of objectives', async () => {
    const { model } = tieModel();
    await expect(solveLexicographic(model, [], { solver: mockBackend([{}]) })).rejects.toBeInstanceOf(SchedlabError);
  });
});
