// What to chart from a run's data.json (design: a catalog entry's `timeAxis`, or the built-in
// epidemic output, or nothing: a JSON view). Pure functions, no DOM.
//
// A chart is {group, x: number[], xTime: boolean, series: [{label, values: (number|null)[]}]}:
// x values are seconds since the epoch when xTime (dates), plain numbers otherwise.
import { formatPointer, parsePointer, valueAt } from './pointer.js';

const DAY_SECONDS = 86400;

/** The epidemic output's charts and the metrics each holds; cum* metrics are "Cumulative". */
export const EPIDEMIC_GROUPS = [
  { group: 'Cases', metrics: ['Mild', 'ILI'] },
  { group: 'Hospital', metrics: ['SARI', 'Critical', 'CritRecov'] },
  { group: 'Deaths', metrics: ['incDeath'] },
];

function isNumber(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Seconds since the epoch of an ISO-8601 date or date-time, or null. */
export function isoSeconds(text) {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/** x values of an array of numbers or of ISO dates: {x, xTime}, or null when it is neither. */
function axisValues(values) {
  if (!Array.isArray(values) || values.length === 0) return null;
  if (values.every(isNumber)) return { x: values.slice(), xTime: false };
  const seconds = values.map(isoSeconds);
  if (seconds.every((s) => s !== null)) return { x: seconds, xTime: true };
  return null;
}

/** Whether data.json is the built-in epidemic output. */
export function isEpidemic(data) {
  return (
    isPlainObject(data) &&
    isPlainObject(data.time) &&
    Array.isArray(data.time.timestamps) &&
    isPlainObject(data.aggregate) &&
    isPlainObject(data.aggregate.metrics)
  );
}

/** The epidemic output's charts: x = time.t0 + timestamps days (plain days without a t0). */
export function epidemicCharts(data) {
  const timestamps = data.time.timestamps;
  if (!timestamps.every(isNumber) || timestamps.length === 0) return [];
  const t0 = isoSeconds(data.time.t0);
  const x = timestamps.map((d) => (t0 === null ? d : t0 + d * DAY_SECONDS));
  const metrics = data.aggregate.metrics;
  const usable = Object.keys(metrics).filter(
    (name) =>
      Array.isArray(metrics[name]) &&
      metrics[name].length === x.length &&
      metrics[name].every((v) => v === null || isNumber(v)),
  );
  const groups = EPIDEMIC_GROUPS.map(({ group, metrics: names }) => ({
    group,
    names: usable.filter((n) => names.includes(n)),
  }));
  groups.push({ group: 'Cumulative', names: usable.filter((n) => n.startsWith('cum')) });
  const placed = new Set(groups.flatMap((g) => g.names));
  groups.push({ group: 'Other', names: usable.filter((n) => !placed.has(n)) });
  return groups
    .filter((g) => g.names.length > 0)
    .map((g) => ({
      group: g.group,
      x,
      xTime: t0 !== null,
      series: g.names.map((name) => ({ label: name, values: metrics[name].slice() })),
    }));
}

function parentOf(segments) {
  return segments.length <= 1 ? '/' : formatPointer(segments.slice(0, -1));
}

function groupCharts(x, xTime, found) {
  const byGroup = new Map();
  for (const { segments, label, values } of found) {
    const group = parentOf(segments);
    if (!byGroup.has(group)) byGroup.set(group, []);
    byGroup.get(group).push({ label, values });
  }
  return [...byGroup.entries()].map(([group, series]) => ({ group, x, xTime, series }));
}

/** Every array of numbers in the document, with its segments, depth first in document order. */
function numberArrays(value, segments, out) {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isNumber)) {
      out.push({ segments, values: value });
      return out;
    }
    value.forEach((v, i) => numberArrays(v, [...segments, String(i)], out));
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) numberArrays(value[key], [...segments, key], out);
  }
  return out;
}

/** Every numeric leaf of an object, as segments, in document order. */
function numericLeaves(value, segments, out) {
  if (isNumber(value)) {
    out.push(segments);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) numericLeaves(value[key], [...segments, key], out);
  }
  return out;
}

/** Charts for a timeAxis without `*`: every other number array as long as the axis. */
function plainAxisCharts(data, axisSegments) {
  const axis = axisValues(valueAt(data, axisSegments));
  if (axis === null) return [];
  const axisPointer = formatPointer(axisSegments);
  const found = numberArrays(data, [], [])
    .filter((a) => a.values.length === axis.x.length && formatPointer(a.segments) !== axisPointer)
    .map((a) => ({ segments: a.segments, label: formatPointer(a.segments), values: a.values.slice() }));
  return groupCharts(axis.x, axis.xTime, found);
}

/** Charts for a timeAxis `/a/*\/b`: x from each element at /b, series every other numeric leaf. */
function elementAxisCharts(data, before, after) {
  const elements = valueAt(data, before);
  if (!Array.isArray(elements) || elements.length === 0) return [];
  const axis = axisValues(elements.map((e) => valueAt(e, after)));
  if (axis === null) return [];
  const xPointer = formatPointer(after);
  const seen = new Map();
  for (const element of elements) {
    for (const segments of numericLeaves(element, [], [])) {
      const pointer = formatPointer(segments);
      if (pointer !== xPointer && !seen.has(pointer)) seen.set(pointer, segments);
    }
  }
  const found = [...seen.entries()].map(([pointer, segments]) => ({
    segments,
    label: pointer,
    values: elements.map((e) => {
      const v = valueAt(e, segments);
      return isNumber(v) ? v : null;
    }),
  }));
  return groupCharts(axis.x, axis.xTime, found);
}

/** The charts of a timeAxis pointer (at most one `*` segment); [] when it finds nothing to chart. */
export function timeAxisCharts(data, timeAxis) {
  let segments;
  try {
    segments = parsePointer(timeAxis);
  } catch {
    return [];
  }
  const star = segments.indexOf('*');
  if (star < 0) return plainAxisCharts(data, segments);
  if (segments.indexOf('*', star + 1) >= 0) return [];
  return elementAxisCharts(data, segments.slice(0, star), segments.slice(star + 1));
}

/**
 * How to show a run's data.json: {kind: 'time-axis'|'epidemic'|'json', charts}. A declared
 * timeAxis wins; without one the epidemic output is recognised; otherwise (or when nothing numeric
 * is found) the JSON view.
 */
export function extractOutput(data, timeAxis) {
  if (typeof timeAxis === 'string' && timeAxis !== '') {
    const charts = timeAxisCharts(data, timeAxis);
    if (charts.length > 0) return { kind: 'time-axis', charts };
  } else if (isEpidemic(data)) {
    const charts = epidemicCharts(data);
    if (charts.length > 0) return { kind: 'epidemic', charts };
  }
  return { kind: 'json', charts: [] };
}

/**
 * Another run's charts laid over these: per group, its series (labels suffixed " (slug)") on the
 * union of both x axes (null where a run has no value). Groups the other run lacks stay as they are.
 */
export function overlayCharts(charts, otherCharts, slug) {
  return charts.map((chart) => {
    const other = otherCharts.find((c) => c.group === chart.group && c.xTime === chart.xTime);
    if (!other) return chart;
    const x = [...new Set([...chart.x, ...other.x])].sort((a, b) => a - b);
    const align = (sourceX, values) => {
      const at = new Map(sourceX.map((v, i) => [v, values[i]]));
      return x.map((v) => (at.has(v) ? at.get(v) : null));
    };
    return {
      group: chart.group,
      x,
      xTime: chart.xTime,
      series: [
        ...chart.series.map((s) => ({ ...s, values: align(chart.x, s.values) })),
        ...other.series.map((s) => ({ label: `${s.label} (${slug})`, values: align(other.x, s.values), compared: true })),
      ],
    };
  });
}

/** Values fit for a log scale: zero and negative values become gaps. */
export function forLogScale(values) {
  return values.map((v) => (isNumber(v) && v > 0 ? v : null));
}
