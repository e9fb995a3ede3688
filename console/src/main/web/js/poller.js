// Live refresh by polling (see backoff.js for the schedule). The clock and the page's visibility are
// passed in, so this module touches no browser global when it is imported.
import { Backoff } from './backoff.js';

/**
 * Polls `task` (an async function answering true when what it shows changed) until stopped.
 * `onStatus({state: 'updated'|'retrying'|'paused', at?, inMs?, error?})` reports each outcome.
 * `visibility` is {hidden(): boolean, subscribe(listener): unsubscribe}: while hidden nothing is
 * polled; when the page shows again it polls at once.
 */
export class Poller {
  constructor(task, { onStatus = () => {}, clock, visibility, backoff = new Backoff() }) {
    this.task = task;
    this.onStatus = onStatus;
    this.clock = clock;
    this.visibility = visibility;
    this.backoff = backoff;
    this.timer = null;
    this.stopped = false;
    this.running = false;
    this.pending = false;
    this.unsubscribe = visibility.subscribe(() => {
      if (!this.visibility.hidden()) this.poke();
      else this.onStatus({ state: 'paused' });
    });
  }

  /** Polls now (the first poll, or a user action): the schedule starts again from its shortest delay. */
  poke() {
    if (this.stopped) return;
    this.backoff.reset();
    if (this.running) {
      this.pending = true; // poll again as soon as the one under way ends
      return;
    }
    this.schedule(0);
  }

  stop() {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe();
  }

  schedule(delay) {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.poll();
    }, delay);
  }

  async poll() {
    if (this.stopped) return;
    if (this.visibility.hidden()) {
      this.onStatus({ state: 'paused' });
      return;
    }
    if (this.running) return;
    this.running = true;
    let delay;
    try {
      const changed = await this.task();
      if (this.stopped) return;
      delay = this.backoff.next(changed ? 'changed' : 'unchanged');
      this.onStatus({ state: 'updated', at: this.clock.now() });
    } catch (error) {
      if (this.stopped) return;
      delay = this.backoff.next('error');
      this.onStatus({ state: 'retrying', inMs: delay, error });
    } finally {
      this.running = false;
    }
    if (this.pending) {
      this.pending = false;
      this.backoff.reset();
      delay = 0;
    }
    if (!this.stopped && (this.timer === null || delay === 0)) this.schedule(delay);
  }
}
