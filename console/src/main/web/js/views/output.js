// A COMPLETE run's output: charts of its data.json (series.js decides which), a log-scale toggle,
// a comparison with another COMPLETE run of the same request, or a formatted JSON view.
import { h, replace } from '../dom.js';
import { extractOutput, overlayCharts } from '../series.js';
import { renderChart } from '../charts.js';

const JSON_VIEW_MAX_CHARS = 2_000_000;

/** The catalog's models by slug (loaded once per tab). */
async function catalog(ctx) {
  if (!ctx.memory.models) {
    const answer = await ctx.api.models();
    ctx.memory.models = new Map((answer.models || []).map((m) => [m.slug, m]));
  }
  return ctx.memory.models;
}

async function timeAxisOf(ctx, slug) {
  try {
    const model = (await catalog(ctx)).get(slug);
    return model && typeof model.timeAxis === 'string' ? model.timeAxis : null;
  } catch {
    return null;
  }
}

/** The run's data.json: {data} or {text} when it is not JSON, or null when there is none. */
async function dataJson(ctx, run) {
  if (!(run.artifacts || []).some((a) => a.name === 'data.json')) return null;
  const body = await (await ctx.api.artifact(run.runId, 'data.json')).text();
  try {
    return { data: JSON.parse(body), text: body };
  } catch {
    return { data: undefined, text: body };
  }
}

function jsonView(loaded) {
  let shown = loaded.data === undefined ? loaded.text : JSON.stringify(loaded.data, null, 2);
  const cut = shown.length > JSON_VIEW_MAX_CHARS;
  if (cut) shown = shown.slice(0, JSON_VIEW_MAX_CHARS);
  return [
    h('pre', { id: 'output-json', className: 'json', tabindex: '0', 'aria-label': 'data.json', text: shown }),
    cut ? h('p', { className: 'muted', text: `Only the first ${JSON_VIEW_MAX_CHARS} characters are shown; download data.json for all of it.` }) : null,
  ];
}

/** Fills `section` (section#run-output) for the COMPLETE `run`; resolves once it is drawn. */
export async function renderOutput(ctx, run, section) {
  section.dataset.kind = 'json';
  replace(section, h('h2', { text: 'Output' }), h('p', { className: 'muted', text: 'Loading data.json…' }));
  let loaded;
  try {
    loaded = await dataJson(ctx, run);
  } catch (e) {
    replace(section, h('h2', { text: 'Output' }), h('p', { className: 'error', role: 'alert', text: `data.json could not be loaded: ${e.message}` }));
    return () => {};
  }
  if (loaded === null) {
    replace(section, h('h2', { text: 'Output' }), h('p', { className: 'muted', text: 'This run stored no data.json.' }));
    return () => {};
  }
  const extracted = loaded.data === undefined ? { kind: 'json', charts: [] } : extractOutput(loaded.data, await timeAxisOf(ctx, run.modelSlug));
  section.dataset.kind = extracted.kind;
  if (extracted.kind === 'json') {
    replace(section, h('h2', { text: 'Output' }), h('p', { className: 'muted', text: 'No time series found in data.json; shown as JSON.' }), ...jsonView(loaded));
    return () => {};
  }

  let charts = extracted.charts;
  let plots = [];
  const chartsHolder = h('div', { className: 'charts' });
  const logScale = h('input', { id: 'output-log-scale', type: 'checkbox' });
  const compare = h('select', { id: 'compare-with', name: 'compare' }, h('option', { value: '', text: 'No comparison' }));
  const compareNote = h('span', { className: 'muted', role: 'status' });
  const controls = h(
    'div',
    { className: 'chart-controls' },
    h('label', { className: 'check' }, logScale, ' Log scale'),
    h('div', { className: 'field inline' }, h('label', { for: 'compare-with', text: 'Compare with' }), compare),
    compareNote,
  );
  const draw = () => {
    plots.forEach((p) => p && p.destroy());
    const width = Math.max(280, Math.min(chartsHolder.clientWidth || section.clientWidth || 800, 1200) - 2);
    const drawn = charts.map((c) => renderChart(c, { log: logScale.checked, width }));
    plots = drawn.map((d) => d.plot);
    replace(chartsHolder, drawn.map((d) => d.element));
  };
  logScale.addEventListener('change', draw);

  compare.addEventListener('change', async () => {
    const otherId = compare.value;
    compareNote.textContent = '';
    if (!otherId) {
      charts = extracted.charts;
      draw();
      return;
    }
    compare.disabled = true;
    try {
      const other = await ctx.api.run(otherId);
      const otherLoaded = await dataJson(ctx, other);
      const otherOut = otherLoaded && otherLoaded.data !== undefined ? extractOutput(otherLoaded.data, await timeAxisOf(ctx, other.modelSlug)) : { charts: [] };
      const merged = overlayCharts(extracted.charts, otherOut.charts, other.modelSlug);
      const shared = merged.filter((c, i) => c.series.length > extracted.charts[i].series.length).length;
      compareNote.textContent = shared === 0 ? `${other.modelSlug} has no chart in common with this run.` : `${other.modelSlug} laid over ${shared} chart(s).`;
      charts = merged;
      draw();
    } catch (e) {
      compareNote.textContent = `Could not load ${otherId}: ${e.message}`;
    } finally {
      compare.disabled = false;
    }
  });

  replace(section, h('h2', { text: 'Output' }), controls, chartsHolder);
  draw();
  // The other COMPLETE runs of the same request, for the comparison.
  try {
    const page = await ctx.api.runs({ requestId: run.requestId, state: 'COMPLETE', limit: 100 });
    for (const other of page.runs || []) {
      if (other.runId !== run.runId && other.requestId === run.requestId) compare.appendChild(h('option', { value: other.runId, text: `${other.modelSlug} — ${other.runId}` }));
    }
  } catch {
    // no comparison then
  }
  compare.disabled = compare.options.length <= 1;
  if (compare.disabled) compare.title = 'No other complete run of this request';

  let lastWidth = chartsHolder.clientWidth;
  const observer = typeof ResizeObserver === 'function'
    ? new ResizeObserver(() => {
        const w = chartsHolder.clientWidth;
        if (Math.abs(w - lastWidth) < 8) return;
        lastWidth = w;
        const width = Math.max(280, Math.min(w, 1200) - 2);
        plots.forEach((p) => p && p.setSize({ width, height: 280 }));
      })
    : null;
  if (observer) observer.observe(chartsHolder);
  return () => {
    if (observer) observer.disconnect();
    plots.forEach((p) => p && p.destroy());
  };
}
