/** Loading the instance file named on the command line. */
import { readInstanceText, type LoadedInstance } from '../../family/instance-file.js';
import { readTextFile } from '../files.js';

/** Every instance in FILE (a JSON instance, or a native file that may hold several). */
export async function loadInstances(file: string, familyOverride?: string): Promise<LoadedInstance[]> {
  return readInstanceText(readTextFile(file), file, familyOverride);
}
