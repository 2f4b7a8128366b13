// The report page's charts, drawn with the bundled Observable Plot (global `Plot`): per family
// the performance profile, gap against time and solved-to-optimality over time; for oracle
// runs the score per candidate and per instance. The curves come computed in the page's
// data (src/report/profile.ts); here they are only drawn. A plain browser script.
(() => {
  const { el } = globalThis.schedlabReport;
  const width = 640;
  // Times of 0 ms (a cached or trivial run) have no place on a log axis: they sit at this floor.
  const timeFloorMs = 0.01;

  /** A log-scale time domain over the runs, at least a decade wide, so one run still gets an axis. */
  function timeDomain(runs) {
    const times = runs.map((run) => Math.max(run.timeMs, timeFloorMs));
    const low = Math.min(...times);
    const high = Math.max(...times);
    const widen = Math.sqrt(Math.max(1, 10 / (high / low)));
    return [low / widen, high * widen];
  }

  function figure(title, caption, chart) {
    return el('figure', { class: 'chart' }, el('figcaption', {}, el('strong', {}, title), ' ', caption), chart);
  }

  /** Step series as flat rows, each curve starting at share 0 at `start` and held to `end`. */
  function stepRows(series, start, end) {
    return series.flatMap(({ method, points }) => {
      const rows = [{ method, x: start, share: 0 }, ...points.map((point) => ({ method, ...point }))];
      const last = rows[rows.length - 1];
      if (last.x < end) rows.push({ method, x: end, share: last.share });
      return rows;
    });
  }

  function stepPlot(rows, x, methods) {
    return Plot.plot({
      width,
      height: 260,
      x,
      // With `percent`, the domain is in percent too.
      y: { domain: [0, 100], percent: true, label: 'instances (%)', grid: true },
      color: { legend: true, domain: methods },
      // The line's own tip (the point nearest the pointer): a dot per point would cost thousands of nodes.
      marks: [
        Plot.line(rows, { x: 'x', y: 'share', stroke: 'method', curve: 'step-after', strokeWidth: 2, tip: true }),
      ],
    });
  }

  function profileChart(family) {
    const rows = stepRows(family.profile, 1, family.profileMaxTau);
    const x = { type: 'log', domain: [1, family.profileMaxTau], label: 'τ (within a factor τ of the best)' };
    const caption = `Dolan & Moré: the share of the ${family.instances} instances on which a method is within a factor τ of the best method; ${family.profileNote}; a failure never counts.`;
    return figure('Performance profile', caption, stepPlot(rows, x, family.methods));
  }

  function solvedChart(family, runs) {
    const [start, end] = timeDomain(runs);
    const proven = family.solvedOverTime.some((series) => series.points.length > 0);
    const caption = `The share of the ${family.instances} instances each method proved optimal within the time.`;
    if (!proven) return figure('Solved to optimality over time', `${caption} No run proved optimality.`, el('p'));
    const x = { type: 'log', domain: [start, end], label: 'time (ms)' };
    return figure(
      'Solved to optimality over time',
      caption,
      stepPlot(stepRows(family.solvedOverTime, start, end), x, family.methods),
    );
  }

  const toBound = 'gap to its own bound';
  const fromBest = 'deviation from the best known';

  /** A run's point: its solver gap where it has a bound, else its deviation from the reference; null without either. */
  function gapPoint(run) {
    if (run.gap !== null) return { run, value: run.gap, measure: toBound };
    if (run.deviation !== null) return { run, value: run.deviation, measure: fromBest };
    return null;
  }

  /** The chart's title: which of the two measures its dots are. */
  function gapTitle(measures) {
    if (measures.length === 2) return 'Gap against time: to the bound where a run has one, else from the best known';
    return measures[0] === toBound ? 'Gap to the bound against time' : 'Deviation from the best known against time';
  }

  function gapChart(family, runs) {
    const points = runs.map(gapPoint).filter((point) => point !== null);
    const measures = [toBound, fromBest].filter((measure) => points.some((point) => point.measure === measure));
    const caption = `Each feasible run: its time and, where the method reports a bound, its gap to it (|objective − bound| / |objective|, as solve reports it), else its deviation from the reference (the best known value; below 0 beats it). ${runs.length - points.length} runs with neither (infeasible, no reference) are left out.`;
    if (points.length === 0) return figure('Gap against time', caption, el('p'));
    // Zero stays in view, and a family where every run matched still gets a readable axis.
    const low = Math.min(0, ...points.map((point) => point.value));
    const high = Math.max(low + 0.01, ...points.map((point) => point.value));
    const chart = Plot.plot({
      width,
      height: 280,
      x: { type: 'log', domain: timeDomain(points.map((point) => point.run)), label: 'time (ms)' },
      y: { percent: true, domain: [low * 100, high * 100], nice: true, label: 'gap (%)', grid: true },
      color: { legend: true, domain: family.methods },
      symbol: { legend: true, domain: measures, range: ['circle', 'triangle'].slice(0, measures.length) },
      marks: [
        Plot.ruleY([0]),
        Plot.dot(points, {
          x: (point) => Math.max(point.run.timeMs, timeFloorMs),
          y: 'value',
          stroke: (point) => point.run.method,
          symbol: 'measure',
          channels: { instance: (point) => point.run.instance, objective: (point) => point.run.objective },
          tip: true,
        }),
      ],
    });
    return figure(gapTitle(measures), caption, chart);
  }

  /** The three charts of one family, over its runs. */
  function familyCharts(family, runs) {
    return el('div', { class: 'charts' }, profileChart(family), gapChart(family, runs), solvedChart(family, runs));
  }

  function candidateChart(candidates) {
    const chart = Plot.plot({
      width,
      height: 40 + 28 * candidates.length,
      marginLeft: 140,
      x: { domain: [0, 1], label: 'combined score', grid: true },
      y: { label: null },
      marks: [
        Plot.barX(candidates, { x: 'combinedScore', y: 'candidate', fill: 'steelblue', tip: true }),
        Plot.ruleX([0]),
      ],
    });
    return figure('Score per candidate', 'The combined score of each candidate (1 is best).', chart);
  }

  function instanceChart(scores) {
    const instances = new Set(scores.map((entry) => entry.instance)).size;
    const candidates = new Set(scores.map((entry) => entry.candidate)).size;
    // One labelled row per instance while the labels fit; beyond that, thin unlabelled rows (the tip names them).
    const labelled = instances <= 60;
    const chart = Plot.plot({
      width: Math.min(width, 300 + 120 * candidates),
      marginRight: 40,
      height: 50 + (labelled ? 20 * instances : Math.min(900, 3 * instances)),
      marginLeft: labelled ? 240 : 20,
      x: { label: null, axis: 'top' },
      y: { label: null, axis: labelled ? 'left' : null },
      color: { type: 'linear', domain: [0, 1], scheme: 'RdYlGn', legend: true, label: 'score' },
      marks: [
        Plot.cell(scores, { x: 'candidate', y: 'instance', fill: 'score', channels: { status: 'status' }, tip: true }),
      ],
    });
    return figure(
      'Score per instance',
      'Each candidate on each instance: 1 matches the reference, 0 is a failure.',
      chart,
    );
  }

  globalThis.schedlabReport = { ...globalThis.schedlabReport, familyCharts, candidateChart, instanceChart };
})();
