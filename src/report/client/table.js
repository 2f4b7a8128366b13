// The report page's tables: a filter box, headers that sort on click (again: the other way)
// and, for long tables, one page of rows at a time, so that a report over thousands of runs
// builds only the rows a reader can see. A plain browser script, inlined into the page.
(() => {
  const pageSize = 200;
  // One collator for every comparison: localeCompare with options builds one per call, which
  // made sorting thousands of rows by a text column slow.
  const collator = new Intl.Collator('en', { numeric: true });

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
    const order = typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
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
    if (!selectable) return el('tr', {}, cells);
    const tr = clickOnEnter(el('tr', { class: 'selectable', tabindex: '0' }, cells));
    tr.onclick = () => options.onSelect(row, tr);
    return tr;
  }

  /** Enter or space on a focused header or row acts as a click, for readers on the keyboard. */
  function clickOnEnter(node) {
    node.onkeydown = (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      node.click();
    };
    return node;
  }

  /** A sortable, filterable, paged table over `rows` (see `sortableTable`). */
  class SortableTable {
    constructor(rows, columns, options) {
      Object.assign(this, { rows, columns, options, key: null, direction: 'ascending', words: [], page: 0 });
      this.body = el('tbody');
      this.status = el('p', { class: 'table-status' });
      this.headers = columns.map((column) => {
        const attributes = { scope: 'col', 'data-key': column.key, 'aria-sort': 'none', tabindex: '0' };
        const th = clickOnEnter(el('th', attributes, column.label));
        th.onclick = () => this.sortBy(column.key);
        return th;
      });
    }

    sortBy(key) {
      this.direction = this.key === key && this.direction === 'ascending' ? 'descending' : 'ascending';
      this.key = key;
      for (const th of this.headers) th.setAttribute('aria-sort', th.dataset.key === key ? this.direction : 'none');
      this.render();
    }

    filterBy(text) {
      this.words = text.toLowerCase().split(/\s+/).filter(Boolean);
      this.page = 0;
      this.render();
    }

    visibleRows() {
      const shown = this.rows.filter((row) => matches(row, this.columns, this.words));
      const column = this.columns.find((c) => c.key === this.key);
      if (column) shown.sort((a, b) => compare(column.value(a), column.value(b), this.direction));
      return shown;
    }

    render() {
      const shown = this.visibleRows();
      const pages = Math.max(1, Math.ceil(shown.length / pageSize));
      this.page = Math.min(this.page, pages - 1);
      const first = this.page * pageSize;
      const rows = shown.slice(first, first + pageSize).map((row) => rowElement(row, this.columns, this.options));
      this.body.replaceChildren(...rows);
      this.status.replaceChildren(this.pager(shown.length, first, pages));
    }

    pager(count, first, pages) {
      const shown = pages > 1 ? `, ${first + 1}–${Math.min(first + pageSize, count)} shown` : '';
      const text = `${count} of ${this.rows.length} rows${shown}`;
      if (pages === 1) return text;
      const go = (page, label) =>
        el('button', { type: 'button', onclick: () => ((this.page = page), this.render()) }, label);
      const previous = go(Math.max(0, this.page - 1), '‹ previous');
      return el('span', {}, text, ' ', previous, ' ', go(Math.min(pages - 1, this.page + 1), 'next ›'));
    }

    element() {
      const filter = el('input', {
        type: 'search',
        placeholder: 'filter rows (words: family, method, instance, status)',
        'aria-label': `filter the ${this.options.name} table`,
        oninput: () => this.filterBy(filter.value),
      });
      this.render();
      const head = el('thead', {}, el('tr', {}, this.headers));
      const table = el('table', { 'data-table': this.options.name }, head, this.body);
      return el('div', { class: 'table-block' }, filter, this.status, el('div', { class: 'table-scroll' }, table));
    }
  }

  /**
   * A sortable, filterable table. `columns`: { key, label, value(row), format?(row), numeric? };
   * `options`: { name, onSelect?(row, tr), selectable?(row) }.
   */
  function sortableTable(rows, columns, options) {
    return new SortableTable(rows, columns, options).element();
  }

  globalThis.schedlabReport = { ...globalThis.schedlabReport, el, sortableTable, compare };
})();
