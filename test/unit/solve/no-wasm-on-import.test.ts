/**
 * Importing the DSL, or the whole package, loads no solver (DESIGN.md: backends load their
 * packages on first use, so a user who solves with HiGHS ships no GPL code, and one who
 * only builds models loads no WASM). A fresh Node process imports them under a resolve
 * hook that refuses the solver packages, and reports what the CommonJS cache holds.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../../support/scratch.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const directory = scratchDir('schedlab-no-wasm-');

const hooks = `
const solverPackages = /^(highs|glpk\\.js(\\/.*)?|javascript-lp-solver)$/;
export async function resolve(specifier, context, next) {
  if (solverPackages.test(specifier)) throw new Error('solver package loaded: ' + specifier);
  return next(specifier, context);
}
`;
writeFileSync(join(directory, 'hooks.mjs'), hooks);
writeFileSync(
  join(directory, 'register.mjs'),
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(directory, 'hooks.mjs')).href)});\n`,
);

/** Import `entries` in a child process; returns what it saw. */
function importInChild(entries: string[]): { loaded: string[]; blocked: boolean } {
  const urls = entries.map((entry) => pathToFileURL(join(root, entry)).href);
  const script = `
    import { createRequire } from 'node:module';
    for (const url of ${JSON.stringify(urls)}) await import(url);
    const cache = Object.keys(createRequire(import.meta.url).cache);
    const loaded = cache.filter((path) => /node_modules[\\\\/](highs|glpk\\.js|javascript-lp-solver)[\\\\/]/.test(path));
    let blocked = false;
    try { await import('highs'); } catch (error) { blocked = /solver package loaded/.test(String(error)); }
    console.log(JSON.stringify({ loaded, blocked }));
  `;
  const args = [
    '--import',
    'tsx',
    '--import',
    pathToFileURL(join(directory, 'register.mjs')).href,
    '--input-type=module',
    '-e',
    script,
  ];
  const output = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(output.trim().split('\n').pop()!) as { loaded: string[]; blocked: boolean };
}

describe('importing schedlab', () => {
  it('loads no solver package for the DSL or the package index', () => {
    const seen = importInChild(['src/dsl/index.ts', 'src/index.ts']);
    expect(seen.loaded).toEqual([]);
    // The hook works: a direct import of a solver package is refused in the same process.
    expect(seen.blocked).toBe(true);
  });
});
