/**
 * The report page as one self-contained HTML text: the bundled d3 and Observable Plot
 * builds, the page's own browser scripts (read at run time next to this module, in `src`
 * under tsx and in `dist` after `npm run build`) and the data as JSON, all inline, so the
 * file opens offline and makes no network request.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SchedlabError } from '../errors.js';
import type { ReportData } from './types.js';
import { viewChunkElements } from './view-chunks.js';
import { escapeMarkup } from '../util/markup.js';

/** The browser scripts of the page, in the order they run: the views first, the page last. */
export const clientScripts = ['views.js', 'table.js', 'charts.js', 'view-store.js', 'page.js'] as const;

const clientFolder = fileURLToPath(new URL('./client/', import.meta.url));

/**
 * A file inside an installed package, found where Node would look for the package from
 * here or, for d3 (Plot's own dependency, not schedlab's), from inside Plot's folder when
 * npm nested it there. (The packages' `exports` hide their `dist` builds from `require.resolve`.)
 */
function packageFile(name: string, file: string): string {
  const require = createRequire(import.meta.url);
  const plotFolders = require.resolve.paths('@observablehq/plot') ?? [];
  const folders = [
    ...(require.resolve.paths(name) ?? []),
    ...plotFolders.map((folder) => join(folder, '@observablehq/plot/node_modules')),
  ];
  const found = folders.map((folder) => join(folder, name, file)).find((path) => existsSync(path));
  if (!found)
    throw new SchedlabError(
      'unavailable',
      `cannot find ${name}/${file}: the report page bundles it; reinstall schedlab's dependencies`,
    );
  return found;
}

function readAsset(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new SchedlabError('internal', `cannot read the report page's script ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Text that is safe inside a `<script>` element: no `</script`, no `<!--` that could end or bend it. */
export function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * JSON of `value` safe inside `<script type="application/json">`, and still the same JSON:
 * `</` becomes `<\/` and `<!--` becomes `\u003c!--`, so nothing can close the element or open
 * a comment in it. (Escaping every `<` made the 2,000-instance page of `npm run bench -- report`
 * 6.97 MB instead of 6.55 MB, its embedded SVG views being full of `<`.)
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/<\//g, '<\\/')
    .replace(/<!--/g, '\\u003c!--')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The inline scripts, in order: d3, Plot (which needs d3), then the page's own. */
function scripts(): string[] {
  const libraries = [packageFile('d3', 'dist/d3.min.js'), packageFile('@observablehq/plot', 'dist/plot.umd.min.js')];
  const own = clientScripts.map((name) => join(clientFolder, name));
  return [...libraries, ...own].map((path) => `<script>${scriptSafe(readAsset(path))}</script>`);
}

/**
 * The whole page for `data` (from `buildReportData`): the data as JSON without its views,
 * which follow in compressed chunks.
 *
 * @example
 * ```ts
 * writeFileAtomic('report.html', reportHtml(await buildReportData(inputs)));
 * ```
 */
export function reportHtml(data: ReportData): string {
  const { views: _views, ...withoutViews } = data;
  const style = readAsset(join(clientFolder, 'page.css'));
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // An empty icon, so the browser does not ask for /favicon.ico.
    '<link rel="icon" href="data:,">',
    `<title>${escapeMarkup(data.title)}</title>`,
    `<style>${style.replace(/<\/(style)/gi, '<\\/$1')}</style>`,
    '</head><body>',
    `<main id="report"><h1>${escapeMarkup(data.title)}</h1><p class="loading">Loading the report…</p></main>`,
    `<script type="application/json" id="schedlab-data">${jsonForScript(withoutViews)}</script>`,
    ...scripts(),
    // The views come after the scripts: the page is usable before the parser reaches them.
    ...viewChunkElements(data.views),
    '</body></html>',
    '',
  ].join('\n');
}
