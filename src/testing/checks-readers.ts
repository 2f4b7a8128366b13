/**
 * The check on native readers. A file cut short is the commonest bad input a reader meets
 * (an interrupted download, a partial copy), and it must never end in a TypeError or in an
 * instance that is not one. But a prefix of a valid file may itself be a valid, smaller file
 * (YAML documents, line-based formats with optional trailers), and no generic check can
 * tell that from a misread: so a cut file must be refused with an input error or read as
 * instances that pass the family's own schema (parse of their serialization round-trips).
 * Whether the instance read is the one the author meant is the family's own tests' business.
 */
import type { AnyFamily, NativeReader } from '../family/contract.js';
import { instanceRoundTrip } from './checks-json.js';
import { describeError, isInputError, Problems } from './support.js';
import type { FamilyCheck, NativeFile } from './types.js';

/** Texts no reader should take for an instance, whatever its format. */
const garbage = ['', '\n', '\u0000\u0001\u0002', '{', '[1, 2', 'not an instance at all'];

function readerOf(family: AnyFamily, file: NativeFile): [string, NativeReader<unknown>] | undefined {
  if (file.reader !== undefined) {
    const reader = family.readers[file.reader];
    return reader ? [file.reader, reader] : undefined;
  }
  const matches = Object.entries(family.readers).flatMap(([name, reader]) =>
    reader.extensions.filter((e) => file.name.endsWith(`.${e}`)).map((e) => ({ name, reader, length: e.length })),
  );
  const best = matches.sort((a, b) => b.length - a.length)[0];
  return best ? [best.name, best.reader] : undefined;
}

/** Where to cut: a tenth of the way in, two tenths, ..., before the last line, and before the last character. */
function cutPoints(text: string): number[] {
  const body = text.trimEnd();
  const points = Array.from({ length: 10 }, (_, k) => Math.floor(((k + 0.5) / 10) * body.length));
  points.push(body.lastIndexOf('\n'), body.length - 1);
  return [...new Set(points.filter((p) => p > 0 && p < body.length))].sort((a, b) => a - b);
}

/** A text the reader may refuse (with an input error) or read as sound instances. */
function judgeText(
  family: AnyFamily,
  read: (text: string) => unknown[],
  text: string,
  label: string,
  problems: Problems,
) {
  let instances: unknown[];
  try {
    instances = read(text);
  } catch (error) {
    if (!isInputError(error)) problems.add(`${label}: threw ${describeError(error)}, not an input error`);
    return;
  }
  if (!Array.isArray(instances)) return problems.add(`${label}: read returned ${typeof instances}, not an array`);
  instances.forEach((instance, k) => instanceRoundTrip(family, instance, `${label}, instance ${k}`, problems));
}

function judgeFile(family: AnyFamily, file: NativeFile, problems: Problems): void {
  const found = readerOf(family, file);
  if (!found) return problems.add(`no reader of the family takes ${file.name}`);
  const [name, reader] = found;
  const read = (text: string) => reader.read(text);
  try {
    const whole = read(file.text);
    if (whole.length === 0) problems.add(`${file.name}: reader ${name} reads no instance from the whole file`);
    whole.forEach((instance, k) => instanceRoundTrip(family, instance, `${file.name}, instance ${k}`, problems));
  } catch (error) {
    problems.add(`${file.name}: reader ${name} refuses the whole file: ${describeError(error)}`);
  }
  for (const cut of cutPoints(file.text))
    judgeText(
      family,
      read,
      file.text.slice(0, cut),
      `${file.name} cut after ${cut} of ${file.text.length} characters`,
      problems,
    );
  for (const text of garbage) judgeText(family, read, text, `reader ${name} on ${JSON.stringify(text)}`, problems);
}

export const readerCheck: FamilyCheck = {
  name: 'readers-reject-truncated',
  description:
    'Every native reader reads its fixture files whole, and refuses the file cut short at a dozen points (and plain garbage) with an input error, or reads it as instances that pass the family schema; never a TypeError.',
  notApplicable(family, fixtures) {
    const readers = Object.keys(family.readers);
    if (readers.length === 0) return 'the family has no native readers';
    return fixtures.nativeFiles?.length
      ? undefined
      : `the fixtures give no native files for the readers ${readers.join(', ')}`;
  },
  async run(family, fixtures) {
    const problems = new Problems();
    for (const file of fixtures.nativeFiles ?? []) judgeFile(family, file, problems);
    return problems.settle('readers-reject-truncated', fixtures);
  },
};
