import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from '../../main/web/js/backoff.js';
import { Poller } from '../../main/web/js/poller.js';

test('quiet polls keep 2 s for a while, then double up to 30 s', () => {
  const b = new Backoff();
  const delays = Array.from({ length: 12 }, () => b.next('unchanged'));
  assert.deepEqual(delays, [2000, 2000, 2000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000]);
});

test('errors double at once; a change resets to 2 s', () => {
  const b = new Backoff();
  assert.deepEqual([b.next('error'), b.next('error'), b.next('error'), b.next('error'), b.next('error')], [4000, 8000, 16000, 30000, 30000]);
  assert.equal(b.next('changed'), 2000);
  assert.equal(b.next('unchanged'), 2000, 'the quiet count starts again');
});

function fakeClock() {
  const timers = new Map();
  let id = 0;
  return {
    timers,
    setTimeout: (fn, ms) => (timers.set(++id, { fn, ms }), id),
    clearTimeout: (t) => timers.delete(t),
    now: () => new Date(0),
    async fire() {
      const [[key, { fn, ms }]] = timers;
      timers.delete(key);
      await fn();
      return ms;
    },
  };
}

test('the poller schedules by the back-off and reports retries', async () => {
  const clock = fakeClock();
  const outcomes = [true, false, new Error('down'), true];
  const statuses = [];
  const poller = new Poller(
    async () => {
      const next = outcomes.shift();
      if (next instanceof Error) throw next;
      return next;
    },
    { clock, visibility: { hidden: () => false, subscribe: () => () => {} }, onStatus: (s) => statuses.push(s.state === 'retrying' ? `retrying ${s.inMs}` : s.state) },
  );
  poller.poke();
  const delays = [];
  for (let i = 0; i < 4; i++) delays.push(await clock.fire());
  assert.deepEqual(delays, [0, 2000, 2000, 4000]);
  assert.deepEqual(statuses, ['updated', 'updated', 'retrying 4000', 'updated']);
  assert.equal([...clock.timers.values()][0].ms, 2000, 'reset after the change');
  poller.stop();
  assert.equal(clock.timers.size, 0);
});

test('the poller polls nothing while the page is hidden and polls at once when it shows', async () => {
  const clock = fakeClock();
  let hidden = true;
  let listener = null;
  let polls = 0;
  const poller = new Poller(async () => (polls++, false), {
    clock,
    visibility: { hidden: () => hidden, subscribe: (l) => ((listener = l), () => {}) },
  });
  poller.poke();
  await clock.fire();
  assert.equal(polls, 0);
  assert.equal(clock.timers.size, 0, 'nothing scheduled while hidden');
  hidden = false;
  listener();
  await clock.fire();
  assert.equal(polls, 1);
  poller.stop();
});

test('a poke during a poll polls again as soon as that poll ends', async () => {
  const clock = fakeClock();
  let release;
  let polls = 0;
  const poller = new Poller(
    () => {
      polls++;
      return polls === 1 ? new Promise((resolve) => (release = resolve)) : Promise.resolve(false);
    },
    { clock, visibility: { hidden: () => false, subscribe: () => () => {} } },
  );
  poller.poke();
  const first = clock.fire();
  poller.poke(); // e.g. the user changed a filter while the first poll was under way
  assert.equal(clock.timers.size, 0);
  release(false);
  await first;
  assert.equal([...clock.timers.values()][0].ms, 0, 'the next poll is at once');
  await clock.fire();
  assert.equal(polls, 2);
  poller.stop();
});
