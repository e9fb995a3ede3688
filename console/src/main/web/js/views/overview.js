// The overview, from the service's own /metrics: queue depth, runs per minute (the rate of
// model_runner_runs_finished_total between two polls), active runs, runs by state, failures by kind.
import { h, replace, table } from '../dom.js';
import { formatNumber } from '../format.js';
import { parseMetrics, runsPerMinute, STATES, summarizeMetrics } from '../metrics.js';
import { changeDetecting, errorBox, pageHeader, stateBadge } from './common.js';

function tile(label, metric, value, hint) {
  return h(
    'div',
    { className: 'tile' },
    h('dt', { text: label }),
    h('dd', { dataset: { metric }, text: value }),
    hint ? h('p', { className: 'muted hint', text: hint }) : null,
  );
}

export function mountOverview(ctx) {
  document.title = 'Overview · model-runner';
  const box = errorBox();
  const body = h('div');
  replace(ctx.root, h('section', { id: 'overview', 'aria-labelledby': 'overview-title' }, pageHeader('Overview', 'From this service\'s /metrics, refreshed live.'), box, body));
  let previous = null;
  let rate = null;

  const load = async () => {
    const summary = summarizeMetrics(parseMetrics(await ctx.api.metrics()));
    const reading = { finishedTotal: summary.finishedTotal, atMs: Date.now() };
    const measured = runsPerMinute(previous, reading);
    if (previous === null || measured !== null) rate = measured;
    previous = reading;
    return { summary, rate };
  };

  const render = ({ summary, rate: perMinute }) => {
    replace(
      body,
      h(
        'dl',
        { className: 'tiles' },
        tile('Queue depth', 'queue-depth', formatNumber(summary.queueDepth), 'runs waiting for a slot'),
        tile('Runs per minute', 'runs-per-minute', perMinute === null ? '—' : perMinute.toFixed(1), perMinute === null ? 'measured from the next refresh on' : 'finished, since the last refresh'),
        tile('Active runs', 'active-runs', formatNumber(summary.activeRuns), 'running on this node'),
      ),
      h('h2', { text: 'Runs by state' }),
      h(
        'ul',
        { id: 'overview-states', className: 'state-counts', 'aria-label': 'Runs by state' },
        STATES.map((state) => h('li', { dataset: { state } }, stateBadge(state), h('span', { className: 'count', text: String(summary.byState[state]) }))),
      ),
      h('h2', { text: 'Failures by kind' }),
      table({
        id: 'failures-by-kind',
        caption: 'Failed runs by reason kind, since the service started',
        columns: ['Kind', 'Runs'],
        rows: summary.failuresByKind.map((f) =>
          h('tr', { dataset: { kind: f.kind } }, h('th', { scope: 'row', text: f.kind }), h('td', { className: 'num', dataset: { field: 'count' }, text: formatNumber(f.count) })),
        ),
        empty: 'No failures since the service started.',
      }),
    );
  };

  ctx.poll(changeDetecting(load, render, box, ctx));
  return {};
}
