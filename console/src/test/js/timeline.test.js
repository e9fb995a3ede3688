import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentOf, timelineRows } from '../../main/web/js/timeline.js';

const stages = [
  { stage: 'validate', enteredAt: '2026-01-01T00:00:00Z', leftAt: '2026-01-01T00:00:01Z', seconds: 1, deadlineSeconds: null },
  { stage: 'execute', enteredAt: '2026-01-01T00:00:01Z', leftAt: '2026-01-01T00:00:05Z', seconds: 4, deadlineSeconds: 6 },
  { stage: 'store', enteredAt: '2026-01-01T00:00:05Z', leftAt: null, deadlineSeconds: 3600 },
];

test('rows are placed on the run clock; an open stage lasts until now', () => {
  const { rows, span } = timelineRows(stages, Date.parse('2026-01-01T00:00:07Z'));
  assert.deepEqual(rows.map((r) => [r.stage, r.startSeconds, r.seconds, r.open, r.deadlineSeconds]), [
    ['validate', 0, 1, false, null],
    ['execute', 1, 4, false, 6],
    ['store', 5, 2, true, 3600],
  ]);
  assert.equal(span, 7, 'the execute deadline (at 7 s) is within the chart; the store one is far beyond');
});

test('no stages, no rows; positions are clamped percentages', () => {
  assert.deepEqual(timelineRows([], 0), { rows: [], span: 0 });
  assert.equal(percentOf(5, 10), 50);
  assert.equal(percentOf(50, 10), 100);
  assert.equal(percentOf(1, 0), 0);
});
