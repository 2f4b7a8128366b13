/** schedlab's version, from its package.json: part of every cache key and every report. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The `version` of the nearest package.json named schedlab above this file (src/ or dist/src/).
 *
 * @example
 * ```ts
 * schedlabVersion(); // '0.1.0'
 * ```
 */
export function schedlabVersion(): string {
  if (cached !== undefined) return cached;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++, folder = dirname(folder)) {
    const file = join(folder, 'package.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (json.name === 'schedlab' && json.version) return (cached = json.version);
  }
  return (cached = 'unknown');
}
