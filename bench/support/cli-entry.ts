/**
 * The CLI as a child process for the benches (`limits.bench.ts`), run with `node --import tsx`
 * from the sources: on exit it writes its peak memory (max RSS, KB) to `SCHEDLAB_RSS_FILE`.
 */
import { writeFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';

const rssFile = process.env.SCHEDLAB_RSS_FILE;
if (rssFile) process.on('exit', () => writeFileSync(rssFile, String(process.resourceUsage().maxRSS)));
process.exitCode = await main(process.argv.slice(2));
