// The page's schedule views. They follow the page's scripts in chunks, each the gzip of a JSON
// array of views in base64 (src/report/view-chunks.ts), so that opening the page parses no
// view: a chunk is decompressed with the browser's own DecompressionStream (no request) when
// one of its schedules is first shown, and kept. A plain browser script.
(() => {
  const chunkType = 'application/x-schedlab-views';
  const decoded = new Map();

  /** Resolves once the parser has read the whole page: the chunks come after this script. */
  function pageParsed() {
    if (document.readyState !== 'loading') return Promise.resolve();
    return new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
  }

  function chunkHolding(index) {
    for (const script of document.querySelectorAll(`script[type="${chunkType}"]`)) {
      const first = Number(script.dataset.first);
      if (index >= first && index < first + Number(script.dataset.count)) return script;
    }
    throw new Error(`the page holds no schedule number ${index}`);
  }

  async function decompress(base64) {
    if (typeof DecompressionStream !== 'function')
      throw new Error(
        'this browser cannot decompress the schedules (it has no DecompressionStream); open the page in a current Chromium, Firefox or Safari',
      );
    const binary = atob(base64.trim());
    const bytes = new Uint8Array(binary.length);
    for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
    const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    return JSON.parse(text);
  }

  /** The view number `index` (a run's `view`), decompressing its chunk the first time. */
  async function viewAt(index) {
    await pageParsed();
    const script = chunkHolding(index);
    const first = Number(script.dataset.first);
    if (!decoded.has(first)) decoded.set(first, decompress(script.textContent));
    return (await decoded.get(first))[index - first];
  }

  globalThis.schedlabReport = { ...globalThis.schedlabReport, viewAt };
})();
