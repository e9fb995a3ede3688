// Output charts with uPlot (vendor/uplot, loaded as the global `uPlot` by index.html): one chart
// per group, hover values in the legend, a linear or log y scale.
import { h } from './dom.js';
import { forLogScale } from './series.js';
import { formatCompact, formatNumber } from './format.js';

const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563', '#65a30d', '#9333ea', '#ea580c', '#0d9488'];

function numberFormat(v) {
  if (v === null || v === undefined) return '—';
  return Number.isInteger(v) ? String(v) : formatNumber(v);
}

/** The uPlot options of a chart. */
function options(chart, { log, width }) {
  return {
    width,
    height: 280,
    legend: { show: true, live: true },
    cursor: { drag: { x: true, y: false } },
    scales: {
      x: { time: chart.xTime },
      y: log ? { distr: 3 } : { auto: true },
    },
    axes: [
      { stroke: '#475569', grid: { stroke: '#e2e8f0' } },
      { stroke: '#475569', grid: { stroke: '#e2e8f0' }, size: 64, values: (u, ticks) => ticks.map(formatCompact) },
    ],
    series: [
      chart.xTime
        ? { label: 'time' }
        : { label: 'x', value: (u, v) => numberFormat(v) },
      ...chart.series.map((s, i) => ({
        label: s.label,
        stroke: PALETTE[i % PALETTE.length],
        width: 1.75,
        dash: s.compared ? [6, 4] : undefined,
        spanGaps: false,
        points: { show: chart.x.length <= 60 },
        value: (u, v) => numberFormat(v),
      })),
    ],
  };
}

/**
 * A chart element (div.chart with data-group, data-points, data-series) holding a uPlot; `width`
 * is the pixel width to draw at. Returns {element, plot}; plot is null when uPlot is not loaded.
 */
export function renderChart(chart, { log = false, width = 600 } = {}) {
  const element = h('div', {
    className: 'chart',
    role: 'group',
    'aria-label': `Chart ${chart.group}: ${chart.series.length} series over ${chart.x.length} points`,
    dataset: { group: chart.group, points: String(chart.x.length), series: String(chart.series.length) },
  });
  element.appendChild(h('h3', { className: 'chart-title', text: chart.group }));
  const data = [chart.x, ...chart.series.map((s) => (log ? forLogScale(s.values) : s.values))];
  const UPlot = globalThis.uPlot;
  if (typeof UPlot !== 'function') {
    element.appendChild(h('p', { className: 'error', text: 'The charting library did not load.' }));
    return { element, plot: null };
  }
  const plot = new UPlot(options(chart, { log, width }), data, element);
  return { element, plot };
}
