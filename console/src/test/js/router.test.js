import { test } from 'node:test';
import assert from 'node:assert/strict';
import { navOf, parseRoute, routeHash } from '../../main/web/js/router.js';

test('hashes name the pages; anything else is the runs list', () => {
  assert.deepEqual(parseRoute('#/runs'), { view: 'runs' });
  assert.deepEqual(parseRoute('#/overview'), { view: 'overview' });
  assert.deepEqual(parseRoute('#/models'), { view: 'models' });
  assert.deepEqual(parseRoute('#/adapters'), { view: 'adapters' });
  assert.deepEqual(parseRoute('#/nodes'), { view: 'nodes' });
  assert.deepEqual(parseRoute(''), { view: 'runs' });
  assert.deepEqual(parseRoute('#/nope'), { view: 'runs' });
  assert.deepEqual(parseRoute('#/runs/a/b'), { view: 'runs' });
  assert.deepEqual(parseRoute('#/runs/%E0%A4%A'), { view: 'runs' }, 'a malformed escape');
});

test('a run route carries its id, round trip through the hash', () => {
  const route = parseRoute('#/runs/mr-req-42-seir-5d1c0e9a7b21');
  assert.deepEqual(route, { view: 'run', runId: 'mr-req-42-seir-5d1c0e9a7b21' });
  assert.equal(routeHash(route), '#/runs/mr-req-42-seir-5d1c0e9a7b21');
  const odd = { view: 'run', runId: 'mr-a b/c-x' };
  assert.deepEqual(parseRoute(routeHash(odd)), odd);
  assert.equal(navOf('run'), 'runs');
});
