// One run: state and stage, failure reason, live log, stage timeline, output, callbacks,
// artifacts, identity, and cancel while it has not ended.
import { h, replace } from '../dom.js';
import { formatBytes, formatDuration, formatInstant, text } from '../format.js';
import { percentOf, timelineRows } from '../timeline.js';
import { changeDetecting, errorBox, stateBadge } from './common.js';
import { renderOutput } from './output.js';

const LOG_LINES = 200;
const ACTIVE = new Set(['QUEUED', 'RUNNING']);

function field(label, id, value) {
  return h('div', { className: 'fact' }, h('dt', { text: label }), h('dd', { id }, value));
}

function reasonSection(reason) {
  const log = Array.isArray(reason.logTail) ? reason.logTail : [];
  return h(
    'section',
    { id: 'run-reason', className: 'card reason', 'aria-labelledby': 'run-reason-title' },
    h('h2', { id: 'run-reason-title', text: 'Why it failed' }),
    h(
      'p',
      {},
      h('span', { className: 'kind', dataset: { field: 'kind' }, text: reason.kind }),
      ' ',
      h('span', { dataset: { field: 'message' }, text: reason.message }),
      typeof reason.exitCode === 'number' ? h('span', { className: 'muted', text: ` (exit code ${reason.exitCode})` }) : null,
    ),
    Array.isArray(reason.errors) && reason.errors.length > 0
      ? h('ul', { className: 'errors' }, reason.errors.map((e) => h('li', { text: e })))
      : null,
    h('h3', { text: 'Last lines of its log' }),
    h('pre', { id: 'run-reason-log', className: 'log', tabindex: '0', text: log.length ? log.join('\n') : '(the model did not run)' }),
  );
}

function timeline(stages, now) {
  const { rows, span } = timelineRows(stages, now);
  const list = h('ol', { id: 'run-timeline', className: 'timeline', 'aria-label': 'Stage timeline' });
  for (const r of rows) {
    const label = `${r.stage}: ${formatDuration(r.seconds)}${r.open ? ' so far' : ''}` +
      (r.deadlineSeconds !== null ? `, deadline ${formatDuration(r.deadlineSeconds)}` : '');
    const track = h('div', { className: 'track', 'aria-hidden': 'true' });
    track.appendChild(
      h('div', {
        className: `bar${r.open ? ' open' : ''}`,
        style: { left: `${percentOf(r.startSeconds, span)}%`, width: `max(2px, ${percentOf(r.seconds, span)}%)` },
      }),
    );
    if (r.deadlineSeconds !== null) {
      const at = r.startSeconds + r.deadlineSeconds;
      track.appendChild(
        h('div', {
          className: `deadline${at > span ? ' beyond' : ''}`,
          title: `deadline ${formatDuration(r.deadlineSeconds)}`,
          style: { left: `${percentOf(at, span)}%` },
        }),
      );
    }
    const dataset = { stage: r.stage, seconds: String(r.seconds) };
    if (r.deadlineSeconds !== null) dataset.deadlineSeconds = String(r.deadlineSeconds);
    list.appendChild(
      h(
        'li',
        { dataset, className: r.open ? 'open' : '' },
        h('span', { className: 'stage-name', text: r.stage }),
        track,
        h('span', { className: 'stage-time', 'aria-label': label, text: formatDuration(r.seconds) + (r.deadlineSeconds !== null ? ` / ${formatDuration(r.deadlineSeconds)}` : '') }),
      ),
    );
  }
  if (rows.length === 0) return [h('p', { className: 'muted', text: 'No stage entered yet.' }), list];
  const deadlines = rows.some((r) => r.deadlineSeconds !== null);
  return [
    list,
    h(
      'p',
      { className: 'muted legend-note' },
      h('span', { className: 'swatch bar-swatch' }),
      ' time in stage',
      deadlines ? [h('span', { className: 'swatch deadline-swatch' }), ' deadline (at the right edge when beyond the chart)'] : null,
    ),
  ];
}

function callbacksTable(callbacks) {
  const rows = (callbacks || []).map((c) =>
    h(
      'tr',
      { dataset: { event: c.event } },
      h('th', { scope: 'row', text: c.event }),
      h('td', { dataset: { field: 'status' } }, h('span', { className: `delivery delivery-${String(c.status).toLowerCase()}`, text: c.status })),
      h('td', { dataset: { field: 'attempts' }, className: 'num', text: String(c.attempts) }),
      h('td', { dataset: { field: 'httpStatus' }, className: 'num', text: text(c.httpStatus) }),
      h('td', { dataset: { field: 'sentAt' }, className: 'nowrap', text: formatInstant(c.sentAt) }),
      h('td', { dataset: { field: 'deliveredAt' }, className: 'nowrap', text: formatInstant(c.deliveredAt) }),
      h('td', { dataset: { field: 'detail' }, className: 'detail', text: text(c.detail) }),
    ),
  );
  return tableWith('run-callbacks', 'Callback deliveries', ['Event', 'Status', 'Attempts', 'HTTP', 'Sent', 'Delivered', 'Detail'], rows, 'No callbacks yet.');
}

function tableWith(id, caption, columns, rows, empty) {
  const tbody = h('tbody', {}, rows);
  if (rows.length === 0) tbody.appendChild(h('tr', { className: 'empty' }, h('td', { colspan: columns.length, text: empty })));
  return h(
    'div',
    { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { id }, h('caption', { className: 'visually-hidden', text: caption }), h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', text: c })))), tbody),
  );
}

function identityList(run) {
  const id = run.identity || {};
  const entries = [
    ['Engine', 'engine', id.engine],
    ['Image id', 'imageId', id.imageId],
    ['Image digest', 'imageDigest', id.imageDigest],
    ['Image version', 'imageVersion', id.imageVersion],
    ['Runner version', 'runnerVersion', id.runnerVersion],
    ['Node', 'node', run.node],
    ['Execution id', 'executionId', run.executionId],
  ];
  return h(
    'dl',
    { id: 'run-identity', className: 'facts identity' },
    entries.map(([label, key, value]) => h('div', { className: 'fact' }, h('dt', { text: label }), h('dd', { dataset: { field: key }, className: 'mono', text: text(value) }))),
  );
}

async function download(ctx, run, artifact, button, note) {
  button.disabled = true;
  note.textContent = '';
  try {
    const blob = await (await ctx.api.artifact(run.runId, artifact.name)).blob();
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: artifact.name.split('/').pop(), hidden: true });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    note.textContent = `Download of ${artifact.name} failed: ${e.message}`;
  } finally {
    button.disabled = false;
  }
}

function artifactsTable(ctx, run, note) {
  const rows = (run.artifacts || []).map((a) => {
    const button = h('button', { type: 'button', className: 'button small', dataset: { download: a.name }, 'aria-label': `Download ${a.name}`, text: 'Download' });
    button.addEventListener('click', () => download(ctx, run, a, button, note));
    return h(
      'tr',
      { dataset: { artifact: a.name } },
      h('th', { scope: 'row', className: 'mono', text: a.name }),
      h('td', { dataset: { field: 'size' }, className: 'num nowrap', title: `${a.size} bytes`, text: formatBytes(a.size) }),
      h('td', { dataset: { field: 'sha256' }, className: 'mono hash', text: a.sha256 }),
      h('td', {}, button),
    );
  });
  return tableWith('run-artifacts', 'Artifacts', ['Name', 'Size', 'SHA-256', ''], rows, 'No artifacts stored.');
}

export function mountRun(ctx, route) {
  const runId = route.runId;
  document.title = `${runId} · model-runner`;
  const dialog = document.getElementById('confirm');
  const box = errorBox();
  const head = h('div', { className: 'run-head' });
  const reasonHolder = h('div');
  const outputHolder = h('div');
  const timelineHolder = h('div');
  const logPre = h('pre', { id: 'run-log', className: 'log', tabindex: '0', 'aria-label': 'Log tail' });
  const logNote = h('span', { className: 'muted' });
  const callbacksHolder = h('div');
  const artifactsHolder = h('div');
  const artifactNote = h('p', { className: 'error', role: 'alert' });
  const identityHolder = h('div');
  const section = h(
    'section',
    { id: 'run', dataset: { runId }, 'aria-labelledby': 'run-title' },
    h('p', { className: 'crumbs' }, h('a', { href: '#/runs', text: '← Runs' })),
    h('h1', { id: 'run-title', className: 'mono run-title', text: runId }),
    box,
    head,
    reasonHolder,
    outputHolder,
    h('section', { className: 'card', 'aria-labelledby': 'timeline-title' }, h('h2', { id: 'timeline-title', text: 'Stages' }), timelineHolder),
    h('section', { className: 'card', 'aria-labelledby': 'log-title' }, h('div', { className: 'card-head' }, h('h2', { id: 'log-title', text: 'Log' }), logNote), logPre),
    h('section', { className: 'card', 'aria-labelledby': 'callbacks-title' }, h('h2', { id: 'callbacks-title', text: 'Callbacks' }), callbacksHolder),
    h('section', { className: 'card', 'aria-labelledby': 'artifacts-title' }, h('h2', { id: 'artifacts-title', text: 'Artifacts' }), artifactNote, artifactsHolder),
    h('section', { className: 'card', 'aria-labelledby': 'identity-title' }, h('h2', { id: 'identity-title', text: 'Identity' }), identityHolder),
  );
  replace(ctx.root, section);

  let run = null;
  let logLoadedFinal = false;
  let outputDone = null; // a promise once the output is being drawn
  let disposeOutput = () => {};
  let poller = null;

  const askCancel = () => {
    const yes = document.getElementById('confirm-yes');
    const no = document.getElementById('confirm-no');
    const effect = run.state === 'QUEUED' ? 'It will never start' : 'Its model is killed';
    document.getElementById('confirm-text').textContent = `Run ${runId} (${run.modelSlug}) is ${run.state}. ${effect}, and the run ends FAILED with reason "cancelled".`;
    const close = () => {
      yes.removeEventListener('click', onYes);
      no.removeEventListener('click', onNo);
      if (dialog.open) dialog.close();
    };
    const onNo = () => close();
    const onYes = async () => {
      close();
      try {
        await ctx.api.cancel(runId);
      } catch (e) {
        box.hidden = false;
        box.textContent = `Cancel failed: ${e.message}`;
      }
      poller.poke();
    };
    yes.addEventListener('click', onYes);
    no.addEventListener('click', onNo);
    dialog.addEventListener('close', close, { once: true });
    dialog.showModal();
  };

  const renderHead = () => {
    const facts = h(
      'dl',
      { className: 'facts' },
      field('State', 'run-state', stateBadge(run.state)),
      field('Stage', 'run-stage', text(run.stage)),
      field('Model', 'run-model', run.modelSlug),
      field('Request', 'run-request', h('a', { href: '#/runs', text: run.requestId, title: 'Runs of this request' })),
      field('Created', 'run-created', formatInstant(run.createdAt)),
      field('Started', 'run-started', formatInstant(run.startedAt)),
      field('Finished', 'run-finished', formatInstant(run.finishedAt)),
      field('Image', 'run-image', h('span', { className: 'mono', text: run.image })),
    );
    // #run-state's text must be the state name exactly: the badge is its only content.
    const requestLink = facts.querySelector('#run-request a');
    requestLink.addEventListener('click', (e) => {
      e.preventDefault();
      ctx.memory.runsFilters = { state: '', model: '', requestId: run.requestId };
      ctx.navigate('#/runs');
    });
    const actions = h('div', { className: 'actions' });
    if (ACTIVE.has(run.state)) {
      const cancel = h('button', { id: 'run-cancel', type: 'button', className: 'button danger', text: run.cancelRequested ? 'Cancelling…' : 'Cancel run', disabled: run.cancelRequested });
      cancel.addEventListener('click', askCancel);
      actions.appendChild(cancel);
    }
    replace(head, facts, actions);
    if (Array.isArray(run.warnings) && run.warnings.length > 0) {
      head.appendChild(h('ul', { className: 'warnings', 'aria-label': 'Warnings' }, run.warnings.map((w) => h('li', { text: w }))));
    }
  };

  const render = (value) => {
    run = value;
    renderHead();
    replace(reasonHolder, run.reason ? reasonSection(run.reason) : null);
    replace(timelineHolder, ...timeline(run.stages, Date.now()));
    replace(callbacksHolder, callbacksTable(run.callbacks));
    replace(artifactsHolder, artifactsTable(ctx, run, artifactNote));
    replace(identityHolder, identityList(run));
  };

  let lastLog = null;
  /** Loads the log tail (once more after the run ended); answers whether it changed. */
  const loadLog = async () => {
    if (!ACTIVE.has(run.state) && logLoadedFinal) return false;
    try {
      const tail = await ctx.api.log(runId, LOG_LINES);
      if (tail === lastLog && ACTIVE.has(run.state)) return false;
      lastLog = tail;
      logPre.textContent = tail === '' ? '(no log yet)' : tail;
      logNote.textContent = ACTIVE.has(run.state) ? `last ${LOG_LINES} lines, live` : `last ${LOG_LINES} lines`;
      if (ACTIVE.has(run.state)) logPre.scrollTop = logPre.scrollHeight;
      else logLoadedFinal = true;
      return true;
    } catch (e) {
      logNote.textContent = `log not available: ${e.message}`;
      return false;
    }
  };

  const task = changeDetecting(() => ctx.api.run(runId), render, box, { setReady: () => {} });
  let gone = false;
  poller = ctx.poll(async () => {
    if (gone) return false;
    let changed;
    try {
      changed = await task();
    } catch (e) {
      if (e.status !== 404) throw e;
      gone = true; // no such run: say so once, nothing to refresh
      box.hidden = false;
      box.textContent = e.message;
      replace(head, h('p', { className: 'muted', text: 'It may have been deleted by runs.retention, or the link is wrong.' }));
      ctx.setReady(true);
      return false;
    }
    if (!changed && ACTIVE.has(run.state)) replace(timelineHolder, ...timeline(run.stages, Date.now())); // the open stage grows
    const logChanged = await loadLog();
    if (run.state === 'COMPLETE' && outputDone === null) {
      const outputSection = h('section', { id: 'run-output', className: 'card', 'aria-label': 'Output' });
      replace(outputHolder, outputSection);
      outputDone = renderOutput(ctx, run, outputSection).then((dispose) => {
        disposeOutput = dispose;
      });
      await outputDone;
    }
    ctx.setReady(true);
    return changed || logChanged;
  });
  return {
    unmount() {
      disposeOutput();
      if (dialog.open) dialog.close();
    },
  };
}
