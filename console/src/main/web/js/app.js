// The console's entry point: the token, the header, the routes and the live refresh.
import { Api, TokenStore } from './api.js';
import { formatClock } from './format.js';
import { navOf, parseRoute } from './router.js';
import { Poller } from './poller.js';
import { clear } from './dom.js';
import { mountLogin } from './views/login.js';
import { mountRuns } from './views/runs.js';
import { mountRun } from './views/run.js';
import { mountOverview } from './views/overview.js';
import { mountModels } from './views/models.js';
import { mountAdapters } from './views/adapters.js';
import { mountNodes } from './views/nodes.js';

const VIEWS = {
  runs: mountRuns,
  run: mountRun,
  overview: mountOverview,
  models: mountModels,
  adapters: mountAdapters,
  nodes: mountNodes,
};

const root = document.getElementById('view');
const nav = document.getElementById('nav');
const logoutButton = document.getElementById('logout');
const refreshStatus = document.getElementById('refresh-status');

const clock = {
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (id) => window.clearTimeout(id),
  now: () => new Date(),
};

const visibility = {
  hidden: () => document.hidden,
  subscribe(listener) {
    document.addEventListener('visibilitychange', listener);
    return () => document.removeEventListener('visibilitychange', listener);
  },
};

function showStatus(status) {
  if (status.state === 'updated') refreshStatus.textContent = `updated ${formatClock(status.at)}`;
  else if (status.state === 'retrying') {
    refreshStatus.textContent = `retrying in ${Math.round(status.inMs / 1000)} s`;
    refreshStatus.title = status.error && status.error.message ? status.error.message : '';
  } else if (status.state === 'paused') refreshStatus.textContent = 'paused';
  else refreshStatus.textContent = '';
  if (status.state !== 'retrying') refreshStatus.title = '';
}

const memory = {}; // what a view keeps while the tab lives (the runs list's filters, the models)
let current = null; // {unmount}

const api = new Api(new TokenStore(window.sessionStorage), (url, init) => window.fetch(url, init), () => {
  // Any 401: the token is gone; back to the login, whatever was shown.
  memory.loginNote = 'The service no longer accepts the token: log in again.';
  window.setTimeout(render, 0);
});

function setReady(ready) {
  root.dataset.ready = ready ? 'true' : 'false';
}

function context(view) {
  const pollers = [];
  return {
    api,
    root,
    memory,
    setReady,
    /** Starts polling task (async, answering whether anything changed); stopped on unmount. */
    poll(task) {
      const poller = new Poller(task, { onStatus: showStatus, clock, visibility });
      pollers.push(poller);
      poller.poke();
      return poller;
    },
    navigate(hash) {
      window.location.hash = hash;
    },
    stopPolling() {
      pollers.forEach((p) => p.stop());
      pollers.length = 0;
    },
    view,
  };
}

function render() {
  if (current) current.unmount();
  current = null;
  clear(root);
  setReady(false);
  refreshStatus.textContent = '';
  refreshStatus.title = '';
  if (!api.hasToken()) {
    nav.hidden = true;
    logoutButton.hidden = true;
    root.dataset.view = 'login';
    document.title = 'Log in · model-runner';
    const ctx = context('login');
    const mounted = mountLogin(ctx, () => render());
    current = { unmount: () => (mounted.unmount || (() => {}))() };
    return;
  }
  nav.hidden = false;
  logoutButton.hidden = false;
  const route = parseRoute(window.location.hash);
  root.dataset.view = route.view;
  for (const link of nav.querySelectorAll('a[data-nav]')) {
    if (link.dataset.nav === navOf(route.view)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const ctx = context(route.view);
  const mounted = VIEWS[route.view](ctx, route) || {};
  current = {
    unmount() {
      ctx.stopPolling();
      if (mounted.unmount) mounted.unmount();
    },
  };
}

logoutButton.addEventListener('click', () => {
  api.logout();
  render();
});

window.addEventListener('hashchange', () => {
  render();
  root.focus({ preventScroll: true });
});

render();
