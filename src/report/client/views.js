// The report page's schedule views, one function per ReportView kind (src/family/report-view.ts).
// A plain browser script, inlined into the page after the bundled d3 and Observable Plot
// (globals `d3` and `Plot`); each view draws `view` into `element` and returns nothing.
// Tooltips come from Plot's `tip` option, whose one pointer listener per chart serves every
// mark, so a chart of thousands of bars adds no listener per bar.
(() => {
  /** Pixels per character of the 10px sans-serif labels, to truncate what does not fit. */
  const charWidth = 6;

  /** `text` cut to `pixels` wide with an ellipsis, or '' when not even two characters fit. */
  function truncate(text, pixels) {
    const chars = Math.floor(pixels / charWidth);
    if (text.length <= chars) return text;
    return chars < 3 ? '' : `${text.slice(0, chars - 1)}…`;
  }

  /** A number with at most four significant digits, without trailing zeros. */
  function short(value) {
    return Number.isFinite(value) ? d3.format('~r')(Number(value.toPrecision(4))) : String(value);
  }

  function widthOf(element) {
    return Math.max(480, Math.min(1400, element.clientWidth || 960));
  }

  function heading(element, text, tag = 'h3') {
    const node = document.createElement(tag);
    node.textContent = text;
    node.className = 'schedlab-view-title';
    element.append(node);
  }

  /** Appends a chart; a chart with a legend is a <figure>, whose default 40px side margins would shift its axis. */
  function appendChart(element, chart) {
    chart.style.margin = '0';
    element.append(chart);
  }

  /** A tip with these channel formats, wide enough for a family's note (Plot cuts lines at 20 ems). */
  function tipOf(format) {
    return { format, lineWidth: 64 };
  }

  /**
   * The groups present, in legend order: those of `given` first in its order, then any other
   * in order of first appearance (so that no group is left without a colour).
   */
  function domainOf(values, given = []) {
    const present = new Set(values.filter((v) => v !== undefined));
    const ordered = given.filter((g) => present.has(g));
    const listed = new Set(ordered);
    return [...ordered, ...[...present].filter((g) => !listed.has(g))];
  }

  /** The family's own SVG renderer's output, as it is, under the view's title. */
  function svg(element, view) {
    heading(element, view.title);
    element.insertAdjacentHTML('beforeend', view.svg);
  }

  /**
   * White labels centred in horizontal bars, each cut to its bar's width: `fields` names the
   * band, the bar's ends and the label; `pixelsPerUnit` converts bar lengths to pixels.
   */
  function barLabels(rows, fields, pixelsPerUnit) {
    const { y, from, to, text } = fields;
    return Plot.text(rows, {
      y,
      x: (r) => (r[from] + r[to]) / 2,
      text: (r) => truncate(r[text], (r[to] - r[from]) * pixelsPerUnit - 4),
      fill: 'white',
      fontSize: 10,
    });
  }

  // --- gantt ---------------------------------------------------------------------------

  function ganttLayout(element, data) {
    const width = widthOf(element);
    const longest = d3.max(data.lanes, (lane) => lane.length) ?? 4;
    const marginLeft = Math.min(180, 12 + charWidth * longest);
    const start = Math.min(0, d3.min(data.bars, (b) => b.start) ?? 0);
    const end = Math.max(1e-9, d3.max(data.bars, (b) => b.end) ?? 1, ...profileEnds(data));
    const rowHeight = Math.max(3, Math.min(22, 1800 / Math.max(1, data.lanes.length)));
    const pixelsPerUnit = (width - marginLeft - 20) / (end - start);
    const thinBars = (d3.median(data.bars, (b) => b.end - b.start) ?? 0) * pixelsPerUnit < 4;
    return { width, marginLeft, domain: [start, end], rowHeight, pixelsPerUnit, thinBars };
  }

  function profileEnds(data) {
    return (data.profiles ?? []).map((p) => d3.max(p.points, (point) => point.time) ?? 0);
  }

  function ganttMarks(bars, layout) {
    const labelled = bars.filter((b) => b.label && layout.rowHeight >= 10);
    return [
      Plot.barX(bars, {
        y: 'lane',
        x1: 'start',
        x2: 'end',
        fill: 'group',
        // Thin bars side by side would be mostly gap: keep only the gap between lanes then.
        insetTop: 0.5,
        insetBottom: 0.5,
        insetLeft: layout.thinBars ? 0 : 0.5,
        insetRight: layout.thinBars ? 0 : 0.5,
        channels: { label: 'label', note: 'note' },
        tip: tipOf({ x1: short, x2: short, y: true, fill: true, label: true, note: true }),
      }),
      barLabels(labelled, { y: 'lane', from: 'start', to: 'end', text: 'label' }, layout.pixelsPerUnit),
    ];
  }

  function ganttBars(element, view, layout) {
    const { data } = view;
    const bars = data.bars.map((b) => ({ ...b, group: b.group ?? 'bar' }));
    // A tall chart gets its time axis on top too, so that one need not scroll to read it.
    const tall = data.lanes.length * layout.rowHeight > 600;
    const plot = Plot.plot({
      width: layout.width,
      height: data.lanes.length * layout.rowHeight + (tall ? 90 : 60),
      marginLeft: layout.marginLeft,
      marginTop: tall ? 40 : 20,
      x: { domain: layout.domain, label: view.unit, grid: true, axis: tall ? 'both' : 'bottom' },
      y: {
        domain: data.lanes,
        label: null,
        axis: layout.rowHeight >= 8 ? 'left' : null,
        tickFormat: (lane) => truncate(lane, layout.marginLeft - 10),
      },
      color: {
        domain: domainOf(
          bars.map((b) => b.group),
          data.groups,
        ),
        legend: data.bars.some((b) => b.group),
        label: data.groupLegend,
      },
      marks: ganttMarks(bars, layout),
    });
    appendChart(element, plot);
  }

  /** The profile's points with their capacity, held on to the chart's end (a step holds until the next point). */
  function profilePoints(profile, end) {
    const points = profile.points.map((p) => ({ ...p, capacity: p.capacity ?? profile.capacity }));
    const last = points[points.length - 1];
    if (last && last.time < end) points.push({ ...last, time: end });
    return points;
  }

  /** A step chart of usage against the capacity line, overloads in red, under a heading with the capacity. */
  function ganttProfile(element, profile, layout, unit) {
    const points = profilePoints(profile, layout.domain[1]);
    const over = points.map((p) => ({ ...p, top: Math.max(p.usage, p.capacity) }));
    const varies = points.some((p) => p.capacity !== profile.capacity);
    heading(
      element,
      `${profile.name}: usage against capacity ${short(profile.capacity)}${varies ? ', varying (dashed line)' : ''}`,
      'h4',
    );
    const plot = Plot.plot({
      width: layout.width,
      height: 110,
      marginTop: 10,
      marginLeft: layout.marginLeft,
      x: { domain: layout.domain, label: unit },
      y: { label: null, grid: true, domain: [0, d3.max(over, (p) => p.top) || 1], ticks: 3 },
      marks: [
        Plot.areaY(points, { x: 'time', y: 'usage', curve: 'step-after', fill: '#a0cbe8' }),
        Plot.areaY(over, { x: 'time', y1: 'capacity', y2: 'top', curve: 'step-after', fill: '#e15759' }),
        Plot.lineY(points, { x: 'time', y: 'capacity', curve: 'step-after', stroke: '#333', strokeDasharray: '4 2' }),
        Plot.ruleY([0]),
        Plot.tip(points, Plot.pointerX({ x: 'time', y: 'usage', channels: { capacity: 'capacity' } })),
      ],
    });
    appendChart(element, plot);
  }

  function gantt(element, view) {
    heading(element, view.title);
    const layout = ganttLayout(element, view.data);
    ganttBars(element, view, layout);
    for (const profile of view.data.profiles ?? []) ganttProfile(element, profile, layout, view.unit);
  }

  // --- packing -------------------------------------------------------------------------

  /**
   * One band per bin and dimension, keyed like this: one chart without facets, so that its
   * tooltip listens once however many bins there are.
   */
  const rowKey = (bin, dimension) => `${bin}\u0000${dimension}`;

  /** Every placed item as a segment [x1, x2) of its bin's capacity, per dimension. */
  function packingSegments(data) {
    const capacity = new Map(data.bins.map((b) => [b.name, b.capacity]));
    const used = new Map();
    const segments = [];
    for (const item of data.items) {
      if (item.bin === null || !capacity.has(item.bin)) continue;
      for (const dim of data.dimensions) {
        const amount = item.request[dim.name] ?? 0;
        const total = capacity.get(item.bin)[dim.name] ?? 0;
        if (amount <= 0) continue;
        const row = rowKey(item.bin, dim.name);
        const x1 = used.get(row) ?? 0;
        const share = total > 0 ? amount / total : 1;
        used.set(row, x1 + share);
        segments.push({ ...item, row, dimension: dim.name, amount, unit: dim.unit, x1, x2: x1 + share });
      }
    }
    return segments;
  }

  /** Requested vs allocatable per bin and dimension, the numbers written beside the bars. */
  function packingTotals(data) {
    const requested = new Map();
    for (const item of data.items)
      for (const dim of data.dimensions) {
        const row = rowKey(item.bin, dim.name);
        if (item.bin !== null) requested.set(row, (requested.get(row) ?? 0) + (item.request[dim.name] ?? 0));
      }
    return data.bins.flatMap((bin, index) =>
      data.dimensions.map((dim) => {
        const row = rowKey(bin.name, dim.name);
        const total = requested.get(row) ?? 0;
        const capacity = bin.capacity[dim.name] ?? 0;
        const share = capacity > 0 ? total / capacity : total > 0 ? 1 : 0;
        const percent = capacity > 0 ? ` (${Math.round(100 * share)}%)` : '';
        const text = `${short(total)} / ${short(capacity)} ${dim.unit}${percent}`;
        return { row, bin: bin.name, labels: bin.labels ?? [], index, share, text, over: total > capacity };
      }),
    );
  }

  /** Bin names in the left margin, before the dimension ticks; widths in pixels. */
  const binLabelWidth = 130;
  const dimensionLabelWidth = 96;

  function packingLayout(element, data, totals) {
    const width = widthOf(element);
    const marginLeft = binLabelWidth + dimensionLabelWidth;
    const marginRight = 190;
    const xMax = Math.max(1, d3.max(totals, (t) => t.share) ?? 1);
    const rowHeight = data.bins.length * data.dimensions.length > 600 ? 8 : 16;
    const pixelsPerShare = (width - marginLeft - marginRight) / xMax;
    return { width, marginLeft, marginRight, xMax, rowHeight, pixelsPerShare };
  }

  /** Every other bin shaded and ruled off, and its name written once, beside its middle dimension. */
  function binMarks(data, totals, layout) {
    const middle = Math.floor((data.dimensions.length - 1) / 2);
    const named = totals.filter((_, k) => k % data.dimensions.length === middle);
    const dy = data.dimensions.length % 2 === 0 ? layout.rowHeight / 2 : 0;
    return [
      Plot.barX(
        totals.filter((t) => t.index % 2 === 1),
        { y: 'row', x1: 0, x2: layout.xMax, fill: '#f2f2f2', ariaDescription: 'bin shading' },
      ),
      // A line above each bin's first band: bins apart at a glance, however many dimensions.
      Plot.ruleY(
        totals.filter((_, k) => k % data.dimensions.length === 0),
        { y: 'row', dy: -layout.rowHeight / 2, stroke: '#bbb' },
      ),
      Plot.text(named, {
        y: 'row',
        frameAnchor: 'left',
        dx: -layout.marginLeft + 4,
        dy,
        textAnchor: 'start',
        fontWeight: 'bold',
        text: (t) => truncate(t.bin, binLabelWidth - 8),
        // The bin's own labels as the name's native tooltip (an SVG <title>, no listener).
        title: (t) => [t.bin, ...t.labels].join('\n'),
      }),
    ];
  }

  function packingMarks(data, segments, totals, layout) {
    const labelled = layout.rowHeight >= 14 ? segments : [];
    return [
      ...binMarks(data, totals, layout),
      Plot.barX(segments, {
        y: 'row',
        x1: 'x1',
        x2: 'x2',
        fill: 'group',
        stroke: 'white',
        strokeWidth: 0.5,
        channels: {
          node: 'bin',
          resource: 'dimension',
          item: 'name',
          requested: (s) => `${short(s.amount)} ${s.unit}`,
          note: 'note',
        },
        tip: tipOf({
          x1: false,
          x2: false,
          y: false,
          fill: true,
          node: true,
          resource: true,
          item: true,
          requested: true,
        }),
      }),
      barLabels(labelled, { y: 'row', from: 'x1', to: 'x2', text: 'name' }, layout.pixelsPerShare),
      Plot.ruleX([1], { stroke: '#333', strokeDasharray: '4 2' }),
      Plot.text(totals, {
        y: 'row',
        x: layout.xMax,
        dx: 6,
        text: 'text',
        textAnchor: 'start',
        fill: (t) => (t.over ? '#c00' : '#333'),
      }),
    ];
  }

  function packingChart(element, data) {
    const segments = packingSegments(data);
    const totals = packingTotals(data);
    const layout = packingLayout(element, data, totals);
    const plot = Plot.plot({
      width: layout.width,
      height: totals.length * layout.rowHeight + 60,
      marginLeft: layout.marginLeft,
      marginRight: layout.marginRight,
      x: { domain: [0, layout.xMax], label: 'share of allocatable', tickFormat: '.0%', grid: true },
      y: {
        domain: totals.map((t) => t.row),
        label: null,
        padding: 0.15,
        tickFormat: (row) => truncate(row.split('\u0000')[1], dimensionLabelWidth - 10),
        tickSize: 0,
      },
      color: {
        domain: domainOf(
          data.items.map((i) => i.group),
          data.groups,
        ),
        legend: true,
        label: data.groupLegend,
      },
      marks: packingMarks(data, segments, totals, layout),
    });
    appendChart(element, plot);
  }

  /** The items in no bin, as a list (the first 200, then a count). */
  function unplacedList(element, data) {
    const unplaced = data.items.filter((i) => i.bin === null);
    const title = document.createElement('p');
    title.className = 'schedlab-unplaced-title';
    title.textContent = unplaced.length === 0 ? 'Every item is placed.' : `Not placed (${unplaced.length}):`;
    element.append(title);
    if (unplaced.length === 0) return;
    const list = document.createElement('ul');
    list.className = 'schedlab-unplaced';
    for (const item of unplaced.slice(0, 200)) {
      const entry = document.createElement('li');
      const group = item.group ? ` (${item.group})` : '';
      entry.textContent = `${item.name}${group}${item.note ? `: ${item.note}` : ''}`;
      list.append(entry);
    }
    if (unplaced.length > 200) {
      const more = document.createElement('li');
      more.textContent = `… and ${unplaced.length - 200} more`;
      list.append(more);
    }
    element.append(list);
  }

  function packing(element, view) {
    heading(element, view.title);
    packingChart(element, view.data);
    unplacedList(element, view.data);
  }

  // --- heatmap -------------------------------------------------------------------------

  /** Cells no wider than this, so that a few columns do not stretch into bands. */
  const maxCellWidth = 90;

  function heatmapLayout(element, rows, columns) {
    const marginLeft = Math.min(160, 24 + charWidth * (d3.max(rows, (r) => r.length) ?? 4));
    const available = (widthOf(element) - marginLeft - 20) / Math.max(1, columns.length);
    const cellWidth = Math.min(maxCellWidth, available);
    const cellHeight = Math.max(4, Math.min(28, 1600 / Math.max(1, rows.length)));
    const width = Math.max(360, marginLeft + 20 + cellWidth * columns.length);
    return { marginLeft, cellWidth, cellHeight, width };
  }

  /**
   * A sequential scale from zero, or with a `pivot` a diverging one centred on it (blue below,
   * red above), and for each value whether dark cells need white text.
   */
  function heatmapColor(data) {
    const values = data.cells.map((c) => c.value);
    const legend = { legend: true, label: data.valueLabel };
    if (data.pivot === undefined) {
      const top = d3.max(values) || 1;
      return { scale: { ...legend, type: 'linear', scheme: 'ylorrd', zero: true }, dark: (v) => v / top > 0.6 };
    }
    // Each side saturates at its extreme value, but no sooner than a quarter off the pivot,
    // so that 2% imbalance does not glow red (and a domain never reaches values that are not there).
    const floor = data.pivot === 0 ? 1 : Math.abs(data.pivot) / 4;
    const low = Math.min(data.pivot - floor, d3.min(values) ?? data.pivot);
    const high = Math.max(data.pivot + floor, d3.max(values) ?? data.pivot);
    const domain = [low, high];
    const scale = {
      ...legend,
      type: 'diverging',
      scheme: 'rdbu',
      reverse: true,
      pivot: data.pivot,
      symmetric: false,
      domain,
    };
    const dark = (v) =>
      (v < data.pivot ? (data.pivot - v) / (data.pivot - low) : (v - data.pivot) / (high - data.pivot)) > 0.6;
    return { scale, dark };
  }

  function heatmap(element, view) {
    const { data } = view;
    heading(element, view.title);
    const rows = data.rows ?? domainOf(data.cells.map((c) => c.row));
    const columns = data.columns ?? domainOf(data.cells.map((c) => c.column));
    const layout = heatmapLayout(element, rows, columns);
    const color = heatmapColor(data);
    const written = layout.cellWidth >= 30 && layout.cellHeight >= 14 ? data.cells : [];
    const plot = Plot.plot({
      width: layout.width,
      height: rows.length * layout.cellHeight + 90,
      marginLeft: layout.marginLeft,
      marginBottom: 50,
      x: { domain: columns, label: data.columnLabel, tickRotate: layout.cellWidth < 40 ? -45 : 0 },
      y: { domain: rows, label: data.rowLabel, tickFormat: (r) => truncate(r, layout.marginLeft - 20) },
      color: color.scale,
      marks: [
        Plot.cell(data.cells, {
          x: 'column',
          y: 'row',
          fill: 'value',
          inset: 0.5,
          channels: { note: 'note' },
          tip: tipOf({ fill: short, x: true, y: true, note: true }),
        }),
        Plot.text(written, {
          x: 'column',
          y: 'row',
          text: (c) => truncate(d3.format('.3~r')(c.value), layout.cellWidth - 4),
          fill: (c) => (color.dark(c.value) ? 'white' : 'black'),
          fontSize: 9,
        }),
      ],
    });
    appendChart(element, plot);
  }

  // --- stages --------------------------------------------------------------------------

  /** Metrics by panel: each stack one panel, each unstacked metric a panel of its own. */
  function stagePanels(metrics) {
    const panels = new Map();
    for (const metric of metrics) {
      const key = metric.stack ?? `metric:${metric.name}`;
      if (!panels.has(key)) panels.set(key, { title: metric.stack ?? metric.name, metrics: [] });
      panels.get(key).metrics.push(metric);
    }
    return [...panels.values()];
  }

  /** One row per stage and metric of the panel. */
  function stageRows(data, panel) {
    return data.stages.flatMap((stage) =>
      panel.metrics.map((m) => ({
        stage: stage.name,
        metric: m.name,
        value: stage.values[m.name] ?? 0,
        group: stage.group ?? 'stage',
        note: stage.note,
      })),
    );
  }

  /**
   * Stacked panels colour the parts of the total (in a palette of their own, so that they are
   * not read as groups); other panels colour the stage's group, with its legend on the first.
   */
  function stageColor(data, panel, rows, groupLegend) {
    if (panel.metrics.length > 1) return { domain: panel.metrics.map((m) => m.name), scheme: 'set2', legend: true };
    const domain = domainOf(
      rows.map((r) => r.group),
      data.groups,
    );
    return { domain, legend: groupLegend && data.stages.some((s) => s.group), label: data.groupLegend };
  }

  function limitMarks(limit, unit) {
    if (limit === undefined) return [];
    return [
      Plot.ruleY([limit], { stroke: '#c00', strokeDasharray: '5 3' }),
      Plot.text([limit], {
        y: (d) => d,
        frameAnchor: 'right',
        text: () => `limit ${short(limit)} ${unit}`,
        dy: -6,
        fill: '#c00',
      }),
    ];
  }

  /** Bands no wider than this, so that two stages do not become two walls. */
  const maxBandWidth = 160;

  function stagePanel(element, data, panel, groupLegend) {
    const unit = panel.metrics[0].unit;
    const limit = panel.metrics.find((m) => m.limit !== undefined)?.limit;
    const rows = stageRows(data, panel);
    const stageCount = Math.max(1, data.stages.length);
    const width = Math.min(widthOf(element), 80 + stageCount * maxBandWidth);
    const bandWidth = (width - 80) / stageCount;
    const totals = d3.rollup(
      rows,
      (v) => d3.sum(v, (r) => r.value),
      (r) => r.stage,
    );
    const top = Math.max(limit ?? 0, d3.max(totals.values()) ?? 0);
    const plot = Plot.plot({
      width,
      height: 220,
      marginLeft: 70,
      marginBottom: bandWidth < 60 ? 70 : 40,
      x: { domain: data.stages.map((s) => s.name), label: null, tickRotate: bandWidth < 60 ? -40 : 0 },
      y: { label: unit === panel.title ? unit : `${panel.title} (${unit})`, grid: true, domain: [0, top * 1.08 || 1] },
      color: stageColor(data, panel, rows, groupLegend),
      marks: [
        Plot.barY(rows, {
          x: 'stage',
          y: 'value',
          fill: panel.metrics.length > 1 ? 'metric' : 'group',
          inset: 2,
          channels: { metric: 'metric', note: 'note' },
          tip: tipOf({ y: short, x: true, metric: true, note: true, fill: false }),
        }),
        ...limitMarks(limit, unit),
        Plot.ruleY([0]),
      ],
    });
    appendChart(element, plot);
  }

  function stages(element, view) {
    heading(element, view.title);
    const panels = stagePanels(view.data.metrics);
    const firstUnstacked = panels.findIndex((panel) => panel.metrics.length === 1);
    panels.forEach((panel, k) => stagePanel(element, view.data, panel, k === firstUnstacked));
  }

  globalThis.schedlabViews = { svg, gantt, packing, heatmap, stages };
})();
