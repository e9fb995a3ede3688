import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extractOutput, forLogScale, isoSeconds, overlayCharts, timeAxisCharts } from '../../main/web/js/series.js';

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

test('the energy example output charts per hour: one chart for top-level fields, one for /dispatch', () => {
  const data = fixture('energy-data.json');
  const out = extractOutput(data, '/hours/*/hour');
  assert.equal(out.kind, 'time-axis');
  assert.deepEqual(out.charts.map((c) => c.group), ['/', '/dispatch']);
  const [top, dispatch] = out.charts;
  assert.deepEqual(top.x, data.hours.map((h) => h.hour));
  assert.equal(top.x.length, 24);
  assert.equal(top.xTime, false);
  assert.deepEqual(top.series.map((s) => s.label), ['/demand', '/unserved', '/price', '/cost', '/emissions']);
  assert.deepEqual(top.series[0].values, data.hours.map((h) => h.demand));
  assert.deepEqual(dispatch.series.map((s) => s.label), Object.keys(data.hours[0].dispatch).map((g) => `/dispatch/${g}`));
  assert.ok(!top.series.some((s) => s.label === '/hour'), 'the x field is not a series');
});

test('the epidemic output charts its metrics in four groups over dates from t0', () => {
  const data = fixture('epidemic-data.json');
  const out = extractOutput(data, null);
  assert.equal(out.kind, 'epidemic');
  assert.deepEqual(out.charts.map((c) => c.group), ['Cases', 'Hospital', 'Deaths', 'Cumulative']);
  const byGroup = Object.fromEntries(out.charts.map((c) => [c.group, c.series.map((s) => s.label)]));
  assert.deepEqual(byGroup.Cases, ['Mild', 'ILI']);
  assert.deepEqual(byGroup.Hospital, ['SARI', 'Critical', 'CritRecov']);
  assert.deepEqual(byGroup.Deaths, ['incDeath']);
  assert.deepEqual(byGroup.Cumulative, ['cumMild', 'cumILI', 'cumSARI', 'cumCritical', 'cumCritRecov']);
  const t0 = Date.UTC(2020, 2, 1) / 1000;
  for (const chart of out.charts) {
    assert.equal(chart.xTime, true);
    assert.deepEqual(chart.x, [0, 1, 2, 3, 4].map((d) => t0 + d * 86400));
  }
  assert.deepEqual(out.charts[0].series[1].values, data.aggregate.metrics.ILI);
});

test('a metric the epidemic groups do not name goes to Other', () => {
  const data = { time: { t0: '2020-03-01', timestamps: [0, 1] }, aggregate: { metrics: { Mild: [1, 2], R: [0.9, 1.1] } } };
  const out = extractOutput(data, undefined);
  assert.deepEqual(out.charts.map((c) => [c.group, c.series.map((s) => s.label)]), [['Cases', ['Mild']], ['Other', ['R']]]);
});

test('a declared timeAxis wins over the epidemic shape', () => {
  const data = fixture('epidemic-data.json');
  const out = extractOutput(data, '/time/timestamps');
  assert.equal(out.kind, 'time-axis');
  assert.deepEqual(out.charts.map((c) => c.group), ['/aggregate/metrics']);
  assert.equal(out.charts[0].series.length, 11);
  assert.equal(out.charts[0].series[0].label, '/aggregate/metrics/Mild');
  assert.deepEqual(out.charts[0].x, [0, 1, 2, 3, 4]);
});

test('a timeAxis without * takes every other number array of its length, one chart per parent', () => {
  const data = {
    t: ['2024-01-01', '2024-01-02', '2024-01-03'],
    a: { x: [1, 2, 3], y: [4, 5, 6], short: [1, 2] },
    b: [7, 8, 9],
    text: ['p', 'q', 'r'],
  };
  const charts = timeAxisCharts(data, '/t');
  assert.deepEqual(charts.map((c) => [c.group, c.series.map((s) => s.label)]), [['/a', ['/a/x', '/a/y']], ['/', ['/b']]]);
  assert.equal(charts[0].xTime, true);
  assert.equal(charts[0].x[1] - charts[0].x[0], 86400);
});

test('element leaves missing or not numeric in some elements become gaps', () => {
  const data = { rows: [{ t: 0, v: 1, s: 'x' }, { t: 1, v: 'n/a', w: 2 }] };
  const [chart] = timeAxisCharts(data, '/rows/*/t');
  assert.deepEqual(chart.series, [{ label: '/v', values: [1, null] }, { label: '/w', values: [null, 2] }]);
});

test('pointer segments are unescaped (~1 is /, ~0 is ~)', () => {
  const data = { 'a/b': [{ 'x~y': 1, v: 2 }, { 'x~y': 2, v: 3 }] };
  const [chart] = timeAxisCharts(data, '/a~1b/*/x~0y');
  assert.deepEqual(chart.x, [1, 2]);
  assert.deepEqual(chart.series.map((s) => s.label), ['/v']);
});

test('output with nothing to chart is the JSON view', () => {
  assert.equal(extractOutput({ total: 3 }, null).kind, 'json');
  assert.equal(extractOutput({ hours: [] }, '/hours/*/hour').kind, 'json');
  assert.equal(extractOutput({ t: ['x', 'y'], v: [1, 2] }, '/t').kind, 'json', 'x must be numbers or dates');
  assert.equal(extractOutput({ t: [1, 2] }, '/missing').kind, 'json');
  assert.equal(extractOutput({ a: [{ t: 1 }] }, '/a/*/*').kind, 'json', 'at most one *');
  assert.equal(extractOutput('<script>alert(1)</script>', null).kind, 'json');
});

test('a compared run overlays its series with the slug on the union of both axes', () => {
  const base = [{ group: 'Cases', x: [1, 2], xTime: true, series: [{ label: 'Mild', values: [1, 2] }] }];
  const other = [
    { group: 'Cases', x: [2, 3], xTime: true, series: [{ label: 'Mild', values: [5, 6] }] },
    { group: 'Deaths', x: [2, 3], xTime: true, series: [{ label: 'incDeath', values: [0, 1] }] },
  ];
  const [merged] = overlayCharts(base, other, 'seir-b');
  assert.deepEqual(merged.x, [1, 2, 3]);
  assert.deepEqual(merged.series, [
    { label: 'Mild', values: [1, 2, null] },
    { label: 'Mild (seir-b)', values: [null, 5, 6], compared: true },
  ]);
  assert.equal(overlayCharts(base, [], 'x')[0], base[0]);
});

test('a log scale leaves out zero and negative values', () => {
  assert.deepEqual(forLogScale([0, 1, -2, null, 10]), [null, 1, null, null, 10]);
});

test('ISO dates and date-times are seconds since the epoch; other text is not', () => {
  assert.equal(isoSeconds('2020-03-01'), Date.UTC(2020, 2, 1) / 1000);
  assert.equal(isoSeconds('2020-03-01T12:00:00Z'), Date.UTC(2020, 2, 1, 12) / 1000);
  assert.equal(isoSeconds('March 1'), null);
  assert.equal(isoSeconds(3), null);
});
