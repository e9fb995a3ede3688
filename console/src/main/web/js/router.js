// Hash routes: #/runs, #/runs/<runId>, #/overview, #/models, #/adapters, #/nodes. Pure, no DOM.

export const PAGES = ['runs', 'overview', 'models', 'adapters', 'nodes'];

/** The route of a location hash: {view, runId?}; unknown or empty hashes are the runs list. */
export function parseRoute(hash) {
  const path = String(hash || '').replace(/^#/, '');
  const parts = path.split('/').filter((p) => p !== '');
  if (parts[0] === 'runs' && parts.length === 2) {
    let runId;
    try {
      runId = decodeURIComponent(parts[1]);
    } catch {
      return { view: 'runs' };
    }
    return { view: 'run', runId };
  }
  if (parts.length === 1 && PAGES.includes(parts[0])) return { view: parts[0] };
  return { view: 'runs' };
}

/** The hash of a route. */
export function routeHash(route) {
  if (route.view === 'run') return `#/runs/${encodeURIComponent(route.runId)}`;
  return `#/${PAGES.includes(route.view) ? route.view : 'runs'}`;
}

/** The navigation entry a view belongs to (a run belongs to the runs list). */
export function navOf(view) {
  return view === 'run' ? 'runs' : view;
}
