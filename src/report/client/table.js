// The report page's tables: a filter box, headers that sort on click (again: the other way)
// and, for long tables, one page of rows at a time, so that a report over thousands of runs
// builds only the rows a reader can see. A plain browser script, inlined into the page.
(() => {
  const pageSize = 200;

  /** Build an element with attributes and children (strings become text). */
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'onclick' || name === 'oninput' || name === 'onchange') node[name] = value;
      else node.setAttribute(name, value);
    }
    for (const child of children.flat()) node.append(child instanceof Node ? child : String(child));
    return node;
  }

  /** Nulls sort last in both directions; numbers by value, the rest by text with numbers in it. */
  function compare(a, b, direction) {
    if (a === b) return 0;
    if (a === null || a === undefined) return 1;
    if (b === null || b === undefined) return -1;
    const order =
      typeof a === 'number' && typeof b === 'number'
        ? a - b
        : String(a).localeCompare(String(b), 'en', { numeric: true });
    return direction === 'ascending' ? order : -order;
  }

  function matches(row, columns, words) {
    if (words.length === 0) return true;
    const text = columns
      .map((column) => String(column.value(row) ?? ''))
      .join(' ')
      .toLowerCase();
    return words.every((word) => text.includes(word));
  }

  /** One row: its cells formatted; a click selects it when the table has `onSelect`. */
  function rowElement(row, columns, options) {
    const cells = columns.map((column) => {
      const shown = column.format ? column.format(row) : column.value(row);
      return el('td', { class: column.numeric ? 'number' : '' }, shown ?? '–');
    });
    const selectable = options.onSelect && (!options.selectable || options.selectable(row));
    const tr = el('tr', selectable ? { class: 'selectable', tabindex: '0' } : {}, cells);
    if (selectable) tr.onclick = () => options.onSelect(row, tr);
    return tr;
  }

  /**
   * A sortable, filterable table. `columns`: { key, label, value(row), format?(row), numeric? };
   * `options`: { name, onSelect?(row, tr), selectable?(row), caption? }.
   */
  function sortableTable(rows, columns, options) {
    const state = { key: null, direction: 'ascending', words: [], page: 0 };
    const body = el('tbody');
    const status = el('p', { class: 'table-status' });
    const headers = columns.map((column) => {
      const th = el('th', { scope: 'col', 'data-key': column.key, 'aria-sort': 'none', tabindex: '0' }, column.label);
      th.onclick = () => sortBy(column.key);
      return th;
    });
    function sortBy(key) {
      state.direction = state.key === key && state.direction === 'ascending' ? 'descending' : 'ascending';
      state.key = key;
      for (const th of headers) th.setAttribute('aria-sort', th.dataset.key === key ? state.direction : 'none');
      render();
    }
    function visibleRows() {
      const shown = rows.filter((row) => matches(row, columns, state.words));
      const column = columns.find((c) => c.key === state.key);
      if (column) shown.sort((a, b) => compare(column.value(a), column.value(b), state.direction));
      return shown;
    }
    function render() {
      const shown = visibleRows();
      const pages = Math.max(1, Math.ceil(shown.length / pageSize));
      state.page = Math.min(state.page, pages - 1);
      const first = state.page * pageSize;
      body.replaceChildren(...shown.slice(first, first + pageSize).map((row) => rowElement(row, columns, options)));
      status.replaceChildren(pager(shown.length, first, pages));
    }
    function pager(count, first, pages) {
      const text = `${count} of ${rows.length} rows${pages > 1 ? `, ${first + 1}–${Math.min(first + pageSize, count)} shown` : ''}`;
      if (pages === 1) return text;
      const go = (page, label) =>
        el('button', { type: 'button', onclick: () => ((state.page = page), render()) }, label);
      return el(
        'span',
        {},
        text,
        ' ',
        go(Math.max(0, state.page - 1), '‹ previous'),
        ' ',
        go(Math.min(pages - 1, state.page + 1), 'next ›'),
      );
    }
    const filter = el('input', {
      type: 'search',
      placeholder: 'filter rows (words: family, method, instance, status)',
      'aria-label': `filter the ${options.name} table`,
      oninput: () => {
        state.words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
        state.page = 0;
        render();
      },
    });
    render();
    const table = el('table', { 'data-table': options.name }, el('thead', {}, el('tr', {}, headers)), body);
    return el('div', { class: 'table-block' }, filter, status, el('div', { class: 'table-scroll' }, table));
  }

  globalThis.schedlabReport = { ...globalThis.schedlabReport, el, sortableTable, compare };
})();
