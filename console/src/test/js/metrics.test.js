import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMetrics, runsPerMinute, summarizeMetrics } from '../../main/web/js/metrics.js';

const EXPOSITION = `# HELP model_runner_runs Runs by state
# TYPE model_runner_runs gauge
model_runner_runs{state="QUEUED",} 3.0
model_runner_runs{state="RUNNING",} 1.0
model_runner_runs{state="COMPLETE",} 40.0
model_runner_runs{state="FAILED",} 6.0
# TYPE model_runner_queue_depth gauge
model_runner_queue_depth 3.0
model_runner_active_runs 1
model_runner_runs_finished_total{reason="",state="COMPLETE",} 40.0
model_runner_runs_finished_total{reason="model-error",state="FAILED",} 4.0
model_runner_runs_finished_total{reason="timeout",state="FAILED",} 1.0
model_runner_runs_finished_total{reason="cancelled",state="FAILED",} 1.0
jvm_memory_used_bytes{area="heap",id="G1 \\"Eden\\" Space",} 1.2E7
process_uptime_seconds 12.5 1700000000000
garbage line without a value
`;

test('the exposition is parsed into samples with labels, escapes and exponents', () => {
  const samples = parseMetrics(EXPOSITION);
  assert.equal(samples.length, 12);
  const jvm = samples.find((s) => s.name === 'jvm_memory_used_bytes');
  assert.deepEqual(jvm.labels, { area: 'heap', id: 'G1 "Eden" Space' });
  assert.equal(jvm.value, 1.2e7);
  assert.equal(samples.find((s) => s.name === 'process_uptime_seconds').value, 12.5);
});

test('the summary has runs by state, queue depth, active runs and failures by kind', () => {
  const summary = summarizeMetrics(parseMetrics(EXPOSITION));
  assert.deepEqual(summary.byState, { QUEUED: 3, RUNNING: 1, COMPLETE: 40, FAILED: 6 });
  assert.equal(summary.queueDepth, 3);
  assert.equal(summary.activeRuns, 1);
  assert.equal(summary.finishedTotal, 46);
  assert.deepEqual(summary.failuresByKind, [
    { kind: 'model-error', count: 4 },
    { kind: 'cancelled', count: 1 },
    { kind: 'timeout', count: 1 },
  ]);
});

test('a service without runs yet has zero counts and no rate', () => {
  const summary = summarizeMetrics(parseMetrics('model_runner_queue_depth 0.0\n'));
  assert.deepEqual(summary.byState, { QUEUED: 0, RUNNING: 0, COMPLETE: 0, FAILED: 0 });
  assert.equal(summary.finishedTotal, null);
  assert.deepEqual(summary.failuresByKind, []);
});

test('runs per minute is the rate of the finished counter between two readings', () => {
  assert.equal(runsPerMinute({ finishedTotal: 10, atMs: 0 }, { finishedTotal: 13, atMs: 30000 }), 6);
  assert.equal(runsPerMinute(null, { finishedTotal: 13, atMs: 30000 }), null);
  assert.equal(runsPerMinute({ finishedTotal: 10, atMs: 0 }, { finishedTotal: 2, atMs: 30000 }), null, 'a restart');
  assert.equal(runsPerMinute({ finishedTotal: 10, atMs: 5 }, { finishedTotal: 12, atMs: 5 }), null);
});
