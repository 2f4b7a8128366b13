/**
 * Where a JSON text first goes wrong: the scanner lives in `src/util/json-text.ts`, with the
 * strict `parseJsonText` that every JSON reader uses; this module keeps its old import path.
 */
export { checkJsonText, jsonErrorLine, lineAndColumn } from '../util/json-text.js';
