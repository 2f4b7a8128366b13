/**
 * Every ```ts block of the READMEs compiles under `strict`, importing `schedlab` and
 * `schedlab/models/<family>` as a user would: a block is a whole module, its imports
 * included, so documentation cannot rot. `paths` maps the package names to the sources.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './support/scratch.js';

const root = resolve(import.meta.dirname, '..');

/** README.md at the top, and every README.md under models/ and src/. */
function readmes(): string[] {
  const nested = ['models', 'src'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('README.md'))
      .map((path) => join(root, dir, path)),
  );
  return [join(root, 'README.md'), ...nested];
}

interface Block {
  file: string;
  line: number;
  code: string;
}

/** The ```ts blocks of one Markdown file, with the line each starts at. */
function tsBlocks(file: string): Block[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: Block[] = [];
  let open: { line: number; code: string[] } | undefined;
  lines.forEach((text, index) => {
    if (open === undefined && /^```ts\s*$/.test(text)) open = { line: index + 1, code: [] };
    else if (open !== undefined && /^```\s*$/.test(text)) {
      blocks.push({ file: relative(root, file), line: open.line, code: open.code.join('\n') });
      open = undefined;
    } else open?.code.push(text);
  });
  return blocks;
}

function tsconfig(files: string[]): string {
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023'],
    skipLibCheck: true,
    typeRoots: [join(root, 'node_modules/@types')],
    types: ['node'],
    paths: {
      schedlab: [join(root, 'src/index.ts')],
      'schedlab/testing': [join(root, 'src/testing/index.ts')],
      'schedlab/models/*': [join(root, 'models/*/index.ts')],
    },
  };
  return JSON.stringify({ compilerOptions, files });
}

describe('README code blocks', () => {
  const blocks = readmes().flatMap(tsBlocks);

  it('there are blocks to check, among them the family-from-code section', () => {
    expect(blocks.some((block) => block.code.includes("from 'schedlab/models/"))).toBe(true);
  });

  it('type-check under strict as modules that import the package', () => {
    const dir = scratchDir('schedlab-readme-');
    // A module per block; `export {}` makes one of a block without imports, so top-level await is allowed.
    const files = blocks.map((block, index) => {
      const name = `block-${index}.ts`;
      writeFileSync(join(dir, name), `${block.code}\nexport {};\n`);
      return name;
    });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'tsconfig.json'), tsconfig(files));
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    // Name each error by the README and line of its block, not the scratch file.
    const located = output.replace(/\S*block-(\d+)\.ts\((\d+),(\d+)\)/g, (_, index, line, column) => {
      const block = blocks[Number(index)];
      return `${block.file}:${block.line + Number(line)}:${column}`;
    });
    expect(located).toBe('');
  }, 120_000);
});
