// The stage timeline of a run: one row per stage entered, placed on the run's own clock. Pure.

/**
 * Rows {stage, startSeconds, seconds, open, deadlineSeconds} from the run's `stages`, times relative
 * to the first stage's entry; an open stage lasts until `nowMs`. `span` is the seconds the chart
 * covers: the end of the last stage, or a deadline that falls within twice that.
 */
export function timelineRows(stages, nowMs = Date.now()) {
  const entries = (stages || []).filter((s) => s && s.stage && !Number.isNaN(Date.parse(s.enteredAt)));
  if (entries.length === 0) return { rows: [], span: 0 };
  const origin = Math.min(...entries.map((s) => Date.parse(s.enteredAt)));
  const rows = entries.map((s) => {
    const entered = Date.parse(s.enteredAt);
    const left = s.leftAt ? Date.parse(s.leftAt) : NaN;
    const open = Number.isNaN(left);
    const seconds =
      typeof s.seconds === 'number' ? s.seconds : Math.max(0, ((open ? nowMs : left) - entered) / 1000);
    return {
      stage: s.stage,
      startSeconds: (entered - origin) / 1000,
      seconds,
      open,
      deadlineSeconds: typeof s.deadlineSeconds === 'number' ? s.deadlineSeconds : null,
    };
  });
  const end = Math.max(...rows.map((r) => r.startSeconds + r.seconds), 0);
  let span = end;
  for (const r of rows) {
    if (r.deadlineSeconds !== null) {
      const at = r.startSeconds + r.deadlineSeconds;
      if (at <= Math.max(end, 1e-3) * 2) span = Math.max(span, at);
    }
  }
  return { rows, span: span > 0 ? span : 1 };
}

/** A position on the chart, 0 to 100 (percent), clamped. */
export function percentOf(seconds, span) {
  if (!(span > 0)) return 0;
  return Math.max(0, Math.min(100, (seconds / span) * 100));
}
