/**
 * A minimal HTML page that draws one report view the way the report page does: the bundled
 * d3 and Observable Plot UMD builds and `src/report/client/views.js` inlined, then
 * `schedlabViews[view.kind](element, view)`. Used by the browser test and the views bench.
 */
import { readFileSync } from 'node:fs';
import type { ReportView } from '../../src/family/report-view.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The three scripts the page inlines (d3's package exports no path to its UMD build, hence the files). */
const scripts = () => [
  read('node_modules/d3/dist/d3.min.js'),
  read('node_modules/@observablehq/plot/dist/plot.umd.min.js'),
  read('src/report/client/views.js'),
];

/** JSON safe inside a <script> element (no `</script>` or `<!--` can close it). */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The page's HTML: `#view` gets the view, `window.drawMs` how long drawing took.
 *
 * @example
 * ```ts
 * writeFileSync('view.html', viewPage(family.reportView!(instance, solution)));
 * ```
 */
export function viewPage(view: ReportView, width = 1100): string {
  const inline = scripts()
    .map((code) => `<script>${code.replace(/<\/script/gi, '<\\/script')}</script>`)
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${view.kind}</title>
<style>body { font: 12px sans-serif; margin: 12px; background: white; } #view { width: ${width}px; }</style>
</head><body><div id="view"></div>
${inline}
<script>
const view = ${scriptJson(view)};
const started = performance.now();
globalThis.schedlabViews[view.kind](document.getElementById('view'), view);
window.drawMs = performance.now() - started;
</script></body></html>`;
}
