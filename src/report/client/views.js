// The report page's schedule views, one function per ReportView kind (src/family/report-view.ts).
// A plain browser script, inlined into the page after the bundled d3 and Observable Plot
// (globals `d3` and `Plot`); each view draws `view` into `element` and returns nothing.
(() => {
  /** The family's own SVG renderer's output, as it is. */
  function svg(element, view) {
    element.innerHTML = view.svg;
  }

  globalThis.schedlabViews = { svg };
})();
