// The report page: reads the data embedded as JSON (src/report/types.ts, ReportData) and
// builds the summary, the per-family charts, the runs table with its schedule view and the
// oracle section. A plain browser script, inlined last (after d3, Plot, views, table, charts).
(() => {
  const { el, sortableTable, familyCharts, candidateChart, instanceChart, viewAt } = globalThis.schedlabReport;
  const parseStarted = performance.now();
  const data = JSON.parse(document.getElementById('schedlab-data').textContent);
  // The bench reads how long parsing the data took, apart from building the page.
  document.body.dataset.parseMs = String(Math.round(performance.now() - parseStarted));

  const number = (value) =>
    value === null || value === undefined
      ? null
      : Number.isInteger(value)
        ? String(value)
        : String(Number(value.toPrecision(6)));
  const percent = (value) => (value === null || value === undefined ? null : `${(value * 100).toFixed(2)}%`);
  const time = (ms) =>
    ms === null || ms === undefined
      ? null
      : ms >= 10000
        ? `${(ms / 1000).toFixed(1)} s`
        : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  const column = (key, label, format, numeric = true) => ({
    key,
    label,
    value: (row) => row[key],
    format: format && ((row) => format(row[key])),
    numeric,
  });

  function header() {
    const sources = data.sources.map(
      (source) => `${source.name} (${source.kind}${source.created ? `, ${source.created}` : ''})`,
    );
    return el(
      'header',
      {},
      el('p', { class: 'meta' }, `Created ${data.created} from ${sources.join('; ')}.`),
      data.notes.length > 0
        ? el(
            'ul',
            { class: 'notes' },
            data.notes.map((note) => el('li', {}, note)),
          )
        : '',
    );
  }

  function summarySection() {
    const columns = [
      column('family', 'family', null, false),
      column('method', 'method', null, false),
      column('runs', 'runs'),
      column('feasible', 'feasible'),
      column('proven', 'proven optimal'),
      {
        key: 'matched',
        label: 'matched',
        value: (row) => row.matched,
        format: (row) => `${row.matched}/${row.withReference}`,
        numeric: true,
      },
      column('errors', 'errors'),
      column('meanDeviation', 'mean deviation', percent),
      column('maxDeviation', 'max deviation', percent),
      column('meanTimeMs', 'mean time', time),
      column('maxTimeMs', 'max time', time),
    ];
    const caption =
      'Per family and method. Matched: feasible runs at least as good as the reference, of those with one. Deviation: from the best known value (stored, else the best run in this report); negative beats it.';
    return el(
      'section',
      { id: 'summary' },
      el('h2', {}, 'Summary'),
      el('p', {}, caption),
      sortableTable(data.summary, columns, { name: 'summary' }),
    );
  }

  function familySections() {
    return data.families.map((family) => {
      const runs = data.runs.filter((run) => run.family === family.id);
      const title = `${family.title} (${family.id}): ${family.instances} instances, ${family.sense === 'min' ? 'minimize' : 'maximize'} ${family.unit}`;
      return el(
        'section',
        { class: 'family', 'data-family': family.id },
        el('h2', {}, title),
        familyCharts(family, runs),
      );
    });
  }

  // The latest selection: a view still decompressing when another is picked is not drawn.
  let selection = 0;

  function drawView(target, view) {
    target.replaceChildren();
    target.dataset.kind = view.kind;
    const draw = globalThis.schedlabViews?.[view.kind];
    if (draw) draw(target, view);
    else target.append(el('p', {}, `This page has no drawing for a ${view.kind} view.`));
  }

  async function showSchedule(run, row) {
    const mine = ++selection;
    const target = document.getElementById('schedule-view');
    const title = document.getElementById('schedule-title');
    for (const selected of document.querySelectorAll('tr.selected')) selected.classList.remove('selected');
    row?.classList.add('selected');
    title.textContent = `${run.instance} · ${run.method} · loading the schedule…`;
    try {
      const view = await viewAt(run.view);
      if (mine !== selection) return;
      title.textContent = `${run.instance} · ${run.method} · ${view.title}`;
      drawView(target, view);
    } catch (error) {
      if (mine !== selection) return;
      title.textContent = `${run.instance} · ${run.method}: the schedule cannot be shown`;
      target.replaceChildren(el('p', { class: 'error' }, error.message));
    }
    // The table may be a page of 200 rows long: bring the schedule into view.
    document.getElementById('schedule').scrollIntoView({ block: 'nearest' });
  }

  /** A list of the instances with a schedule; picking one shows its best run's (views come best first). */
  function instancePicker() {
    const best = new Map();
    for (const run of data.runs) {
      const key = `${run.family} · ${run.instance}`;
      if (run.view !== null && (!best.has(key) || run.view < best.get(key).view)) best.set(key, run);
    }
    const keys = [...best.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const options = keys.map((key) => el('option', { value: key }, key));
    const select = el(
      'select',
      { id: 'instance-picker' },
      el('option', { value: '' }, `(${keys.length} instances)`),
      options,
    );
    select.onchange = () => best.has(select.value) && showSchedule(best.get(select.value));
    return el('label', {}, 'Schedule of an instance (its best run): ', select);
  }

  function runsSection() {
    const columns = [
      column('family', 'family', null, false),
      column('instance', 'instance', null, false),
      column('method', 'method', null, false),
      column('status', 'status', null, false),
      column('objective', 'objective', number),
      column('bound', 'bound', number),
      column('gap', 'gap', percent),
      column('reference', 'reference', number),
      column('deviation', 'deviation', percent),
      column('timeMs', 'time', time),
      { key: 'view', label: 'schedule', value: (row) => (row.view === null ? null : 'show'), numeric: false },
    ];
    const withViews = data.runs.filter((run) => run.view !== null).length;
    const caption = `One row per method and instance. ${withViews} runs kept their solution: click one to see its schedule below.`;
    const table = sortableTable(data.runs, columns, {
      name: 'runs',
      onSelect: showSchedule,
      selectable: (run) => run.view !== null,
    });
    const schedule = el(
      'div',
      { id: 'schedule' },
      instancePicker(),
      el('h3', { id: 'schedule-title' }, 'No schedule selected'),
      el('div', { id: 'schedule-view' }),
    );
    return el('section', { id: 'runs' }, el('h2', {}, 'Runs per instance'), el('p', {}, caption), table, schedule);
  }

  function failureList(failures) {
    if (failures.length === 0) return el('p', {}, 'Every run ended ok.');
    return el(
      'div',
      { class: 'failures' },
      failures.map((failure) =>
        el(
          'details',
          {},
          el('summary', {}, `${failure.candidate} · ${failure.instance}: ${failure.status}`),
          el('pre', {}, failure.lines.join('\n') || '(no output)'),
        ),
      ),
    );
  }

  function oracleSection(oracle) {
    const columns = [
      column('candidate', 'candidate', null, false),
      column('family', 'family', null, false),
      column('skeleton', 'skeleton', null, false),
      column('scored', 'scored'),
      column('feasibleShare', 'feasible', percent),
      column('meanGap', 'mean gap', percent),
      column('combinedScore', 'combined score', number),
    ];
    return el(
      'section',
      { id: 'oracle' },
      el('h2', {}, 'Oracle: candidates'),
      sortableTable(oracle.candidates, columns, { name: 'candidates' }),
      el('div', { class: 'charts' }, candidateChart(oracle.candidates), instanceChart(oracle.scores)),
      el('h3', {}, `Failures (${oracle.failures.length})`),
      failureList(oracle.failures),
    );
  }

  function build() {
    const started = performance.now();
    const root = document.getElementById('report');
    const parts = [header()];
    if (data.runs.length > 0) parts.push(summarySection(), ...familySections(), runsSection());
    if (data.oracle) parts.push(oracleSection(data.oracle));
    root.querySelector('.loading').remove();
    root.append(...parts);
    // The bench reads how long the page's own scripts took, apart from parsing the file.
    document.body.dataset.buildMs = String(Math.round(performance.now() - started));
    // And when the page became usable, in ms since the navigation began (the browser's own clock).
    document.body.dataset.readyAtMs = String(Math.round(performance.now()));
    document.body.dataset.ready = 'true';
  }

  build();
})();
