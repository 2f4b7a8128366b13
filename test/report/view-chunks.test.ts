/** The views travel in gzipped base64 chunks, outside the page's data, and come back unchanged. */
import { describe, expect, it } from 'vitest';
import type { ReportView } from '../../src/family/report-view.js';
import { reportHtml } from '../../src/report/html.js';
import type { ReportData } from '../../src/report/types.js';
import { packViews, unpackChunk, viewsOfPage } from '../../src/report/view-chunks.js';

/** Views of different sizes, with text a careless encoding would break. */
const views: ReportView[] = Array.from({ length: 40 }, (_, k) => ({
  kind: 'svg',
  title: `schedule ${k} → ü \u2028 </script>`,
  svg: `<svg>${'<rect/>'.repeat(1 + ((k * 7) % 30))}</svg>`,
}));

describe('view chunks', () => {
  it('cover every view once, in order, each chunk ending once its JSON reaches the target', () => {
    const chunks = packViews(views, 1000);
    expect(chunks.length).toBeGreaterThan(3);
    let next = 0;
    for (const [k, chunk] of chunks.entries()) {
      expect(chunk.first).toBe(next);
      const own = views.slice(chunk.first, chunk.first + chunk.count);
      const size = own.reduce((sum, view) => sum + JSON.stringify(view).length, 0);
      if (k < chunks.length - 1) expect(size - JSON.stringify(own[own.length - 1]).length).toBeLessThan(1000);
      if (k < chunks.length - 1) expect(size).toBeGreaterThanOrEqual(1000);
      expect(unpackChunk(chunk)).toEqual(own);
      next += chunk.count;
    }
    expect(next).toBe(views.length);
  });

  it('make no chunk for no views, and one for views under the target', () => {
    expect(packViews([])).toEqual([]);
    expect(packViews(views).map((chunk) => [chunk.first, chunk.count])).toEqual([[0, 40]]);
  });

  it('leave the page data without views and put the views after the scripts, decodable', () => {
    const data: ReportData = {
      title: 'chunks',
      created: '2026-12-07T13:00:00.000Z',
      sources: [],
      families: [],
      summary: [],
      runs: [],
      views,
      oracle: null,
      notes: [],
    };
    const html = reportHtml(data);
    const json = html.match(/<script type="application\/json" id="schedlab-data">(.*?)<\/script>/s)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual({ ...data, views: undefined });
    expect(viewsOfPage(html)).toEqual(views);
    expect(html.indexOf('data-first="0"')).toBeGreaterThan(html.lastIndexOf('globalThis.schedlabReport'));
  });
});
