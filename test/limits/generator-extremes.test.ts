/**
 * Every value a generator admits gives a valid instance: for the newer families, each knob at
 * each end of its range (and each of its choices), the rest at the small size's defaults. The
 * knobs and their ranges are read from the generator's own refusals (`generate-params.ts`), so
 * a knob added later is covered without editing this file.
 */
import { describe, expect, it } from 'vitest';
import type { AnyFamily, GenerateParams } from '../../src/family/contract.js';
import { getFamily } from '../../src/family/registry.js';

/** Knob values known to fail, each with its reason; a fixed one fails the check below. */
const knownInvalid: Record<string, string> = {};

function refusal(family: AnyFamily, params: Record<string, unknown>): string {
  try {
    family.generate({ size: 'small', ...params } as GenerateParams, 1);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

/** Each knob's extreme values: both ends of a numeric range, or every choice. */
function extremes(family: AnyFamily): { knob: string; value: number | string }[] {
  const known = refusal(family, { 'not-a-knob': 1 }).split('the known ones are ')[1]?.split(', ') ?? [];
  expect(known.length).toBeGreaterThan(0);
  return known.flatMap((knob): { knob: string; value: number | string }[] => {
    const range = /in (\(?)(-?[\d.e+]+)(?:\.\.|, )(-?[\d.e+]+)\]?, got/.exec(refusal(family, { [knob]: 1e18 }));
    if (range) {
      const [, open, lo, hi] = range;
      return (open ? [hi] : [lo, hi]).map((value) => ({ knob, value: Number(value) }));
    }
    const choices = refusal(family, { [knob]: 'not-a-choice' });
    if (!/ must be '/.test(choices)) return [];
    const options = [...choices.matchAll(/'([^']+)'/g)].map((match) => match[1]);
    return options.filter((option) => option !== knob && option !== 'not-a-choice').map((value) => ({ knob, value }));
  });
}

describe.each(['serving-plan', 'sequence-parallel', 'expert-placement', 'parallel-plan'])('generator %s', (id) => {
  it('gives a valid instance at every end of every knob', async () => {
    const family = await getFamily(id);
    const failures: string[] = [];
    for (const { knob, value } of extremes(family)) {
      const message = refusal(family, { [knob]: value });
      const key = `${id} ${knob}=${value}`;
      if ((message !== '') !== Object.hasOwn(knownInvalid, key)) failures.push(`${key}: ${message || 'valid'}`);
    }
    expect(failures).toEqual([]);
  });
});
