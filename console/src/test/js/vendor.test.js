import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const vendored = new URL('../../main/web/vendor/uplot/', import.meta.url);
const installed = new URL('../../../node_modules/uplot/', import.meta.url);
const FILES = [
  ['uPlot.iife.min.js', 'dist/uPlot.iife.min.js'],
  ['uPlot.min.css', 'dist/uPlot.min.css'],
  ['LICENSE', 'LICENSE'],
];

test('the vendored uPlot is the one package-lock.json pins', (t) => {
  const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8'));
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.dependencies.uplot, '1.6.32');
  assert.equal(lock.packages['node_modules/uplot'].version, '1.6.32');
  if (!existsSync(installed)) {
    t.skip('node_modules/uplot is not installed: run `npm ci` in console/ to compare the vendored files');
    return;
  }
  assert.equal(JSON.parse(readFileSync(new URL('package.json', installed), 'utf8')).version, '1.6.32');
  for (const [ours, theirs] of FILES) {
    assert.ok(
      readFileSync(new URL(ours, vendored)).equals(readFileSync(new URL(theirs, installed))),
      `vendor/uplot/${ours} differs from node_modules/uplot/${theirs}: copy it again`,
    );
  }
});
