// The runs list: filters, paging through the API's cursor, counts by state, refreshed live.
import { h, replace } from '../dom.js';
import { formatDuration, formatInstant, secondsBetween, text } from '../format.js';
import { parseMetrics, STATES, summarizeMetrics } from '../metrics.js';
import { routeHash } from '../router.js';
import { changeDetecting, errorBox, pageHeader, stateBadge } from './common.js';

const PAGE_SIZE = 50;
const COLUMNS = ['State', 'Run', 'Model', 'Request', 'Node', 'Created', 'Started', 'Finished', 'Duration'];

function runRow(run, now) {
  const link = h('a', {
    href: routeHash({ view: 'run', runId: run.runId }),
    dataset: { runLink: '' },
    text: run.runId,
  });
  return h(
    'tr',
    { dataset: { runId: run.runId } },
    h('td', { dataset: { field: 'state' } }, stateBadge(run.state)),
    h('td', { dataset: { field: 'runId' }, className: 'mono' }, link),
    h('td', { dataset: { field: 'model' }, text: run.modelSlug }),
    h('td', { dataset: { field: 'requestId' }, className: 'mono', text: run.requestId }),
    h('td', { dataset: { field: 'node' }, text: text(run.node) }),
    h('td', { dataset: { field: 'createdAt' }, className: 'nowrap', text: formatInstant(run.createdAt) }),
    h('td', { dataset: { field: 'startedAt' }, className: 'nowrap', text: formatInstant(run.startedAt) }),
    h('td', { dataset: { field: 'finishedAt' }, className: 'nowrap', text: formatInstant(run.finishedAt) }),
    h('td', {
      dataset: { field: 'duration' },
      className: 'nowrap num',
      text: run.startedAt ? formatDuration(secondsBetween(run.startedAt, run.finishedAt, now)) : '—',
    }),
  );
}

function stateCounts() {
  return h(
    'ul',
    { id: 'state-counts', className: 'state-counts', 'aria-label': 'Runs by state' },
    STATES.map((state) =>
      h(
        'li',
        { dataset: { state } },
        stateBadge(state),
        h('span', { className: 'count', text: '—' }),
      ),
    ),
  );
}

export function mountRuns(ctx) {
  const filters = (ctx.memory.runsFilters ??= { state: '', model: '', requestId: '' });
  const cursors = []; // the cursors of the pages before this one ("previous")
  let cursor = null;
  let nextCursor = null;
  let poller = null;

  const stateSelect = h(
    'select',
    { id: 'filter-state', name: 'state' },
    h('option', { value: '', text: 'Any state' }),
    STATES.map((s) => h('option', { value: s, text: s })),
  );
  stateSelect.value = filters.state;
  const modelInput = h('input', { id: 'filter-model', name: 'model', type: 'search', placeholder: 'model slug', value: filters.model });
  const requestInput = h('input', { id: 'filter-request', name: 'requestId', type: 'search', placeholder: 'request id', value: filters.requestId });
  const form = h(
    'form',
    { className: 'filters', role: 'search', 'aria-label': 'Filter runs' },
    h('div', { className: 'field' }, h('label', { for: 'filter-state', text: 'State' }), stateSelect),
    h('div', { className: 'field' }, h('label', { for: 'filter-model', text: 'Model' }), modelInput),
    h('div', { className: 'field' }, h('label', { for: 'filter-request', text: 'Request id' }), requestInput),
  );

  const apply = () => {
    const next = { state: stateSelect.value, model: modelInput.value.trim(), requestId: requestInput.value.trim() };
    if (next.state === filters.state && next.model === filters.model && next.requestId === filters.requestId) return;
    Object.assign(filters, next);
    cursors.length = 0;
    cursor = null;
    ctx.setReady(false);
    poller.poke();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    apply();
  });
  for (const el of [stateSelect, modelInput, requestInput]) el.addEventListener('change', apply);
  for (const el of [modelInput, requestInput]) {
    el.addEventListener('search', apply); // the field's clear button
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        apply();
      }
    });
  }

  const prev = h('button', { id: 'runs-prev', type: 'button', className: 'button', disabled: true, text: '← Previous' });
  const next = h('button', { id: 'runs-next', type: 'button', className: 'button', disabled: true, text: 'Next →' });
  const pageInfo = h('span', { className: 'muted', 'aria-live': 'polite' });
  prev.addEventListener('click', () => {
    if (cursors.length === 0) return;
    cursor = cursors.pop();
    ctx.setReady(false);
    poller.poke();
  });
  next.addEventListener('click', () => {
    if (!nextCursor) return;
    cursors.push(cursor);
    cursor = nextCursor;
    ctx.setReady(false);
    poller.poke();
  });

  const counts = stateCounts();
  let rowCache = new Map();
  const tbody = h('tbody');
  const tableHolder = h(
    'div',
    { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Runs' },
    h(
      'table',
      { id: 'runs-table' },
      h('caption', { className: 'visually-hidden', text: 'Runs, newest first' }),
      h('thead', {}, h('tr', {}, COLUMNS.map((c) => h('th', { scope: 'col', text: c })))),
      tbody,
    ),
  );
  const box = errorBox();
  replace(
    ctx.root,
    pageHeader('Runs', 'Newest first. The list refreshes by itself.'),
    counts,
    form,
    box,
    tableHolder,
    h('div', { className: 'pager' }, prev, pageInfo, next),
  );

  const currentQuery = () => JSON.stringify({ ...filters, cursor });
  const load = async () => {
    const query = currentQuery();
    const [page, metrics] = await Promise.all([
      ctx.api.runs({ ...filters, cursor, limit: PAGE_SIZE }),
      ctx.api.metrics().then(
        (t) => summarizeMetrics(parseMetrics(t)).byState,
        () => null,
      ),
    ]);
    return { page, metrics, query };
  };

  const render = ({ page, metrics, query }) => {
    if (query !== currentQuery()) return false; // filters or page changed while it loaded
    const now = Date.now();
    nextCursor = page.nextCursor || null;
    next.disabled = !nextCursor;
    prev.disabled = cursors.length === 0;
    pageInfo.textContent = `page ${cursors.length + 1}`;
    // Rows whose run did not change are kept as they are (focus, selection, a test's element).
    const seen = new Map();
    const rows = page.runs.map((r) => {
      const key = JSON.stringify(r);
      const cached = rowCache.get(r.runId);
      const row = cached && cached.key === key ? cached.row : runRow(r, now);
      seen.set(r.runId, { key, row });
      return row;
    });
    rowCache = seen;
    replace(tbody, rows.length > 0 ? rows : h('tr', { className: 'empty' }, h('td', { colspan: COLUMNS.length, text: 'No runs match.' })));
    for (const state of STATES) {
      const count = counts.querySelector(`[data-state="${state}"] .count`);
      count.textContent = metrics ? String(metrics[state]) : '—';
    }
  };

  poller = ctx.poll(changeDetecting(load, render, box, ctx));
  return {};
}
