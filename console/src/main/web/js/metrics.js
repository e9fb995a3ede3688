// The Prometheus text exposition format (0.0.4) of GET /metrics, and what the console reads from it.
// Pure functions, no DOM.

export const STATES = ['QUEUED', 'RUNNING', 'COMPLETE', 'FAILED'];

function parseLabels(text) {
  const labels = {};
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;
  let match;
  while (re.lastIndex < text.length && (match = re.exec(text)) !== null) {
    labels[match[1]] = match[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

function parseValue(text) {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  return text.trim() === '' ? NaN : value;
}

/** The samples of an exposition: [{name, labels, value}], comments and malformed lines skipped. */
export function parseMetrics(text) {
  const samples = [];
  for (const raw of String(text).split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\})?\s+(\S+)(\s+\S+)?$/.exec(line);
    if (!match) continue;
    const value = parseValue(match[3]);
    if (Number.isNaN(value) && match[3] !== 'NaN') continue;
    samples.push({
      name: match[1],
      labels: match[2] ? parseLabels(match[2].slice(1, -1)) : {},
      value,
    });
  }
  return samples;
}

function sum(samples, name, filter = () => true) {
  let total = null;
  for (const s of samples) {
    if (s.name === name && filter(s.labels)) total = (total ?? 0) + s.value;
  }
  return total;
}

/**
 * What the console shows from the metrics: runs by state, queue depth, active runs, the runs
 * finished so far (for the rate) and the failures by reason kind (sorted by count, then name).
 */
export function summarizeMetrics(samples) {
  const byState = {};
  for (const state of STATES) byState[state] = sum(samples, 'model_runner_runs', (l) => l.state === state) ?? 0;
  const failures = new Map();
  for (const s of samples) {
    if (s.name === 'model_runner_runs_finished_total' && s.labels.state === 'FAILED') {
      const kind = s.labels.reason || 'unknown';
      failures.set(kind, (failures.get(kind) ?? 0) + s.value);
    }
  }
  return {
    byState,
    queueDepth: sum(samples, 'model_runner_queue_depth'),
    activeRuns: sum(samples, 'model_runner_active_runs'),
    finishedTotal: sum(samples, 'model_runner_runs_finished_total'),
    failuresByKind: [...failures.entries()]
      .map(([kind, count]) => ({ kind, count }))
      .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
  };
}

/**
 * Runs finished per minute between two readings {finishedTotal, atMs}; null without an earlier
 * reading, when no time passed, or when the counter went down (the service restarted).
 */
export function runsPerMinute(previous, current) {
  if (!previous || !current) return null;
  if (previous.finishedTotal === null || current.finishedTotal === null) return null;
  const minutes = (current.atMs - previous.atMs) / 60000;
  const finished = current.finishedTotal - previous.finishedTotal;
  if (minutes <= 0 || finished < 0) return null;
  return finished / minutes;
}
