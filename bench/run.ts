/**
 * `npm run bench [-- NAME...]`: runs every `bench/*.bench.ts` (or those whose name
 * contains one of the given words). Each module exports `run(args: string[])` and
 * prints its own table of figures measured side by side in this one run.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const words = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const files = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => words.length === 0 || words.some((word) => file.includes(word)))
  .sort();

if (files.length === 0) {
  console.error(
    `no benchmark matches ${words.join(', ')}; available: ${readdirSync(here)
      .filter((f) => f.endsWith('.bench.ts'))
      .join(', ')}`,
  );
  process.exitCode = 2;
}
for (const file of files) {
  console.log(`\n=== ${file.replace('.bench.ts', '')} ===`);
  const module = (await import(pathToFileURL(join(here, file)).href)) as { run(args: string[]): Promise<void> };
  await module.run(process.argv.slice(2));
}
