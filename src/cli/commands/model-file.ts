/** Reading a raw LP/MPS model file named on the command line. */
import type { CanonicalModel } from '../../canonical/canonical-model.js';
import { inputError, SchedlabError } from '../../errors.js';
import { formatFromFileName, readModelFile, type ModelFormat } from '../../formats/index.js';
import { readTextFile } from '../../util/files.js';

/** True when the file name says it is an LP or MPS model. */
export function isModelFile(path: string): boolean {
  return formatFromFileName(path) !== undefined;
}

/** Read an LP or MPS model; parse errors come back naming the file. */
export function loadModelFile(path: string, format?: ModelFormat): CanonicalModel {
  const chosen = format ?? formatFromFileName(path);
  if (chosen === undefined)
    throw inputError('cannot tell the model format from the file name; name it .mps or .lp', { file: path });
  const text = readTextFile(path);
  try {
    return readModelFile(text, chosen, path);
  } catch (error) {
    if (error instanceof SchedlabError) throw error.location.file ? error : error.inFile(path);
    throw error;
  }
}
