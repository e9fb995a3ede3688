import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatCompact, formatDuration, formatInstant, formatNumber, secondsBetween, text } from '../../main/web/js/format.js';

test('durations read naturally at every scale', () => {
  assert.equal(formatDuration(0.25), '250 ms');
  assert.equal(formatDuration(4.24), '4.2 s');
  assert.equal(formatDuration(42.4), '42 s');
  assert.equal(formatDuration(185), '3 min 05 s');
  assert.equal(formatDuration(7620), '2 h 07 min');
  assert.equal(formatDuration(273600), '3 d 4 h');
  assert.equal(formatDuration(null), '—');
});

test('sizes use binary units', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(12.3 * 1024 * 1024), '12 MiB');
  assert.equal(formatBytes(undefined), '—');
});

test('instants are local date and time; missing ones a dash', () => {
  const iso = '2026-11-23T10:00:01.120Z';
  const d = new Date(iso);
  const p = (n) => String(n).padStart(2, '0');
  assert.equal(formatInstant(iso), `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`);
  assert.equal(formatInstant(null), '—');
  assert.equal(formatInstant('soon'), 'soon');
});

test('seconds between instants, until now when the end is missing', () => {
  assert.equal(secondsBetween('2026-01-01T00:00:00Z', '2026-01-01T00:01:02.5Z'), 62.5);
  assert.equal(secondsBetween('2026-01-01T00:00:00Z', null, Date.parse('2026-01-01T00:00:10Z')), 10);
  assert.equal(secondsBetween(null, null), null);
});

test('numbers and empty values', () => {
  assert.equal(formatNumber(3), '3');
  assert.equal(formatNumber(2.5), '2.50');
  assert.equal(formatNumber(0.012345), '0.0123');
  assert.equal(text(''), '—');
  assert.equal(text(0), '0');
});

test('chart values are compact', () => {
  assert.equal(formatCompact(600000), '600k');
  assert.equal(formatCompact(1250000), '1.25M');
  assert.equal(formatCompact(2500), '2500');
  assert.equal(formatCompact(0.25), '0.25');
  assert.equal(formatCompact(0), '0');
  assert.equal(formatCompact(0.00001), '1.00e-5');
  assert.equal(formatCompact(-45000), '-45k');
});
