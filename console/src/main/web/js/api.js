// The service's HTTP API as the console uses it. The API token lives in the tab's sessionStorage
// (this tab only, gone when it closes) and goes only in the Authorization header of /api requests,
// never in a URL. Storage and fetch are passed in: importing this module touches no browser global.

export const TOKEN_KEY = 'model-runner.api-token';

/** An answer other than 2xx; `problem` is the RFC 9457 body when there is one. */
export class ApiError extends Error {
  constructor(status, problem, path) {
    super(describeProblem(status, problem, path));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** One line for a refused request: the problem's detail (and its errors), else the status. */
export function describeProblem(status, problem, path) {
  if (problem && typeof problem === 'object') {
    const detail = typeof problem.detail === 'string' ? problem.detail : problem.title;
    const errors = Array.isArray(problem.errors)
      ? problem.errors.map((e) => `${e.pointer}: ${e.message}`).filter((e) => !detail || !detail.includes(e))
      : [];
    if (detail) return [detail, ...errors].join('; ');
  }
  return `${path}: HTTP ${status}`;
}

/** The token kept for this tab. */
export class TokenStore {
  constructor(storage) {
    this.storage = storage;
  }

  get() {
    try {
      return this.storage.getItem(TOKEN_KEY) || null;
    } catch {
      return null;
    }
  }

  set(token) {
    this.storage.setItem(TOKEN_KEY, token);
  }

  clear() {
    try {
      this.storage.removeItem(TOKEN_KEY);
    } catch {
      // storage unavailable: nothing was kept
    }
  }
}

/** The query string of the given parameters, leaving out empty ones ("" when none is left). */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** An artifact's or run's path with each segment encoded (an artifact name may hold '/'). */
export function encodePath(text) {
  return String(text).split('/').map(encodeURIComponent).join('/');
}

export class Api {
  /**
   * @param tokens a TokenStore
   * @param fetchImpl the fetch function
   * @param onUnauthorized called when an /api request answers 401 (the token was cleared)
   */
  constructor(tokens, fetchImpl, onUnauthorized = () => {}) {
    this.tokens = tokens;
    this.fetchImpl = fetchImpl;
    this.onUnauthorized = onUnauthorized;
  }

  hasToken() {
    return this.tokens.get() !== null;
  }

  /** Checks a token with GET /api/runs?limit=1 and keeps it only when the service takes it. */
  async login(token) {
    const response = await this.fetchImpl('/api/runs?limit=1', {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
    });
    if (response.status === 401) return false;
    if (!response.ok) throw await this.error(response, '/api/runs');
    this.tokens.set(token);
    return true;
  }

  logout() {
    this.tokens.clear();
  }

  async request(path, { method = 'GET', accept = 'application/json', body } = {}) {
    const headers = { Accept: accept };
    const isApi = path.startsWith('/api/');
    if (isApi) {
      const token = this.tokens.get();
      if (token === null) {
        this.onUnauthorized();
        throw new ApiError(401, null, path);
      }
      headers.Authorization = `Bearer ${token}`;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await this.fetchImpl(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
    if (response.status === 401 && isApi) {
      this.tokens.clear();
      this.onUnauthorized();
    }
    if (!response.ok) throw await this.error(response, path);
    return response;
  }

  async error(response, path) {
    let problem = null;
    try {
      const type = response.headers.get('Content-Type') || '';
      if (type.includes('json')) problem = await response.json();
    } catch {
      problem = null;
    }
    return new ApiError(response.status, problem, path);
  }

  async json(path, options) {
    return (await this.request(path, options)).json();
  }

  async text(path) {
    return (await this.request(path, { accept: 'text/plain' })).text();
  }

  runs({ state, model, requestId, cursor, limit = 50 } = {}) {
    return this.json(`/api/runs${query({ state, model, requestId, cursor, limit })}`);
  }

  run(runId) {
    return this.json(`/api/runs/${encodeURIComponent(runId)}`);
  }

  log(runId, tail = 200) {
    return this.text(`/api/runs/${encodeURIComponent(runId)}/log${query({ tail })}`);
  }

  cancel(runId) {
    return this.json(`/api/runs/${encodeURIComponent(runId)}/cancel`, { method: 'POST' });
  }

  artifact(runId, name) {
    return this.request(`/api/runs/${encodeURIComponent(runId)}/artifacts/${encodePath(name)}`, { accept: '*/*' });
  }

  models() {
    return this.json('/api/models');
  }

  schema(href) {
    return this.json(href, { accept: 'application/schema+json, application/json' });
  }

  nodes() {
    return this.json('/api/nodes');
  }

  registry() {
    return this.json('/registry/');
  }

  metrics() {
    return this.text('/metrics');
  }
}
