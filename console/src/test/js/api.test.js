import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, ApiError, describeProblem, encodePath, query, TOKEN_KEY, TokenStore } from '../../main/web/js/api.js';

function memoryStorage() {
  const items = new Map();
  return {
    items,
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem: (k, v) => items.set(k, String(v)),
    removeItem: (k) => items.delete(k),
  };
}

function answer(status, body, type = 'application/json') {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

function recordingFetch(responder) {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, init });
    return responder(url, init);
  };
  return { calls, fetchImpl };
}

test('a refused token is not kept; a taken one is, and goes only in the Authorization header', async () => {
  const storage = memoryStorage();
  const { calls, fetchImpl } = recordingFetch((url, init) =>
    init.headers.Authorization === 'Bearer right' ? answer(200, { runs: [], nextCursor: null }) : answer(401, { status: 401, detail: 'no' }, 'application/problem+json'),
  );
  const api = new Api(new TokenStore(storage), fetchImpl);
  assert.equal(await api.login('wrong'), false);
  assert.equal(storage.getItem(TOKEN_KEY), null);
  assert.equal(await api.login('right'), true);
  assert.equal(storage.getItem(TOKEN_KEY), 'right');
  await api.runs({ state: 'FAILED', requestId: 'req 1', model: '' });
  const last = calls.at(-1);
  assert.equal(last.url, '/api/runs?state=FAILED&requestId=req+1&limit=50');
  assert.equal(last.init.headers.Authorization, 'Bearer right');
  assert.ok(calls.every((c) => !c.url.includes('right')), 'never in a URL');
});

test('a 401 later clears the token and says so', async () => {
  const storage = memoryStorage();
  storage.setItem(TOKEN_KEY, 'stale');
  let told = 0;
  const { fetchImpl } = recordingFetch(() => answer(401, { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'the runs API needs a token' }, 'application/problem+json'));
  const api = new Api(new TokenStore(storage), fetchImpl, () => told++);
  await assert.rejects(api.run('mr-1'), (e) => e instanceof ApiError && e.status === 401 && e.message === 'the runs API needs a token');
  assert.equal(storage.getItem(TOKEN_KEY), null);
  assert.equal(told, 1);
  assert.equal(api.hasToken(), false);
});

test('without a token no /api request is sent', async () => {
  let told = 0;
  const { calls, fetchImpl } = recordingFetch(() => answer(200, {}));
  const api = new Api(new TokenStore(memoryStorage()), fetchImpl, () => told++);
  await assert.rejects(api.nodes(), ApiError);
  assert.equal(calls.length, 0);
  assert.equal(told, 1);
});

test('open endpoints get no token', async () => {
  const storage = memoryStorage();
  storage.setItem(TOKEN_KEY, 't');
  const { calls, fetchImpl } = recordingFetch(() => answer(200, 'model_runner_queue_depth 0\n', 'text/plain'));
  const api = new Api(new TokenStore(storage), fetchImpl);
  assert.equal(await api.metrics(), 'model_runner_queue_depth 0\n');
  assert.equal(calls[0].init.headers.Authorization, undefined);
});

test('problem bodies become one line with their errors', async () => {
  assert.equal(
    describeProblem(400, { detail: 'bad query', errors: [{ pointer: '/limit', message: 'too big' }] }, '/api/runs'),
    'bad query; /limit: too big',
  );
  assert.equal(describeProblem(502, null, '/api/runs'), '/api/runs: HTTP 502');
  const storage = memoryStorage();
  storage.setItem(TOKEN_KEY, 't');
  const { fetchImpl } = recordingFetch(() => answer(409, { status: 409, detail: 'run mr-1 has already ended' }, 'application/problem+json'));
  const api = new Api(new TokenStore(storage), fetchImpl);
  await assert.rejects(api.cancel('mr-1'), { message: 'run mr-1 has already ended', status: 409 });
});

test('paths and queries are encoded; an artifact name keeps its slashes', () => {
  assert.equal(query({ a: '', b: null, c: 'x&y' }), '?c=x%26y');
  assert.equal(query({}), '');
  assert.equal(encodePath('log/container #1.log'), 'log/container%20%231.log');
});
