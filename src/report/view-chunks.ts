/**
 * The schedule views as the page embeds them: their JSON cut into chunks of about
 * `chunkBytes`, each gzipped with node:zlib and written in base64 in its own
 * `<script type="application/x-schedlab-views">`. The browser's HTML parser skims such an
 * element without parsing any JSON, and the page decompresses a chunk (the browser's own
 * `DecompressionStream('gzip')`) only when one of its schedules is shown. Why: 2,000 views
 * as plain JSON in the page's data made a 19.8 MB page whose data element alone took the
 * HTML parser 0.8-1.0 s in chromium (src/report/README.md has the figures).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ReportView } from '../family/report-view.js';

/** Views `first` to `first + count - 1`, as base64 of the gzip of their JSON array. */
export interface ViewChunk {
  first: number;
  count: number;
  base64: string;
}

/** Raw JSON per chunk: small enough to decompress in a few ms on a click, big enough to compress well. */
export const chunkBytes = 256 * 1024;

function packChunk(first: number, texts: readonly string[]): ViewChunk {
  const base64 = gzipSync(`[${texts.join(',')}]`).toString('base64');
  return { first, count: texts.length, base64 };
}

/**
 * The views in order, in chunks that end once their JSON reaches `targetBytes` characters.
 *
 * @example
 * ```ts
 * const chunks = packViews(data.views); // chunks[k].first + chunks[k].count === chunks[k + 1].first
 * ```
 */
export function packViews(views: readonly ReportView[], targetBytes = chunkBytes): ViewChunk[] {
  const chunks: ViewChunk[] = [];
  let texts: string[] = [];
  let size = 0;
  views.forEach((view, index) => {
    const text = JSON.stringify(view);
    texts.push(text);
    size += text.length;
    if (size < targetBytes && index < views.length - 1) return;
    chunks.push(packChunk(index + 1 - texts.length, texts));
    texts = [];
    size = 0;
  });
  return chunks;
}

/**
 * The views of one chunk, decoded in Node as the page decodes them in the browser.
 *
 * @example
 * ```ts
 * unpackChunk(packViews(views)[0]); // views.slice(0, chunk.count)
 * ```
 */
export function unpackChunk(chunk: ViewChunk): ReportView[] {
  return JSON.parse(gunzipSync(Buffer.from(chunk.base64, 'base64')).toString('utf8')) as ReportView[];
}

/** The `type` of the elements that hold the chunks: not JavaScript, so the browser runs nothing. */
export const viewChunkType = 'application/x-schedlab-views';

/**
 * The chunks of `views` as the page's elements (base64 holds no `<`, so nothing can end one early).
 *
 * @example
 * ```ts
 * viewChunkElements(views)[0]; // '<script type="application/x-schedlab-views" data-first="0" data-count="112">H4sI…</script>'
 * ```
 */
export function viewChunkElements(views: readonly ReportView[]): string[] {
  return packViews(views).map(
    (chunk) =>
      `<script type="${viewChunkType}" data-first="${chunk.first}" data-count="${chunk.count}">${chunk.base64}</script>`,
  );
}

/**
 * Every view a written page holds, decoded in Node (for tests and tools that read a page back).
 *
 * @example
 * ```ts
 * viewsOfPage(readFileSync('report.html', 'utf8')); // equal to the data's views
 * ```
 */
export function viewsOfPage(html: string): ReportView[] {
  const elements = html.matchAll(
    /<script type="application\/x-schedlab-views" data-first="(\d+)" data-count="(\d+)">([^<]*)<\/script>/g,
  );
  const chunks = [...elements].map(([, first, count, base64]) => ({
    first: Number(first),
    count: Number(count),
    base64,
  }));
  return chunks.sort((a, b) => a.first - b.first).flatMap(unpackChunk);
}
