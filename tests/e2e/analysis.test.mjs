// End-to-end tests of the Analysis panel's segmentation, which runs the core's recipe in a data
// worker: on the small xrdct-lmo sample it finds the particles `heteroscope segment` finds
// natively on the same store, and a corrupt shard fails with a message naming it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readdirSync, symlinkSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, waitReady, repoRoot } from './harness.mjs';

const CLI = path.join(repoRoot, 'build/native/bin/heteroscope');

let site;
let server;
let browser;
let nativeCount;

before(async () => {
  site = mkdtempSync(path.join(tmpdir(), 'hs-e2e-analysis-'));
  for (const name of readdirSync(path.join(repoRoot, 'build/site'))) {
    if (name !== 'data') symlinkSync(path.join(repoRoot, 'build/site', name), path.join(site, name));
  }
  const data = path.join(site, 'data');
  mkdirSync(data);
  execFileSync(CLI, ['sample', 'xrdct-lmo', '--size', 'small', '-o', path.join(data, 'x.zarr')], { stdio: 'ignore' });
  const printed = execFileSync(CLI, ['segment', path.join(data, 'x.zarr'), '-o', path.join(site, 'labels.zarr')]).toString();
  nativeCount = Number(/particles\s+(\d+)/.exec(printed)[1]);
  // The same store with its first shard cut short.
  cpSync(path.join(data, 'x.zarr'), path.join(data, 'broken.zarr'), { recursive: true });
  truncateSync(path.join(data, 'broken.zarr/0/c/0/0/0/0/0'), 100);
  server = await startServer(site);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function analyse(source) {
  const state = { version: 1, panels: { analysis: true }, layers: [{ source }] };
  const { page, context, problems } = await openPage(browser, `${server.baseUrl}#!${encodeURIComponent(JSON.stringify(state))}`);
  assert.equal(await waitReady(page), null);
  const deadline = Date.now() + 60000;
  let entry;
  do {
    [entry] = await page.evaluate(() => window.heteroscope.datasets());
    if (Date.now() > deadline) assert.fail(`not opened: ${JSON.stringify(entry)}`);
    await page.waitForTimeout(200);
  } while (entry.status === 'opening');
  const result = await page.evaluate(() => window.heteroscope.runAnalysis(0));
  await context.close();
  return { result, problems };
}

test('segmenting in the page finds the particles the CLI finds on the same store', async () => {
  assert.ok(nativeCount > 10, `the CLI found ${nativeCount} particles`);
  const { result, problems } = await analyse('data/x.zarr');
  assert.equal(result.status, 'done', result.error);
  assert.equal(result.count, nativeCount);
  assert.deepEqual(result.labels, Array.from({ length: nativeCount }, (_, i) => i + 1));
  assert.deepEqual(problems, []);
});

test('a view carrying an analysis recomputes it when opened and keeps the selected particle', async () => {
  const recipe = { threshold: { kind: 'valid' }, watershed: { enabled: false } };
  const state = { version: 1, layers: [{ source: 'data/x.zarr' }], analysis: { layer: 0, recipe, selected: 3 } };
  const { page, context, problems } = await openPage(browser, `${server.baseUrl}#!${encodeURIComponent(JSON.stringify(state))}`);
  assert.equal(await waitReady(page), null);
  const deadline = Date.now() + 60000;
  let result;
  do {
    result = await page.evaluate(() => window.heteroscope.analysis());
    if (Date.now() > deadline) assert.fail(`no result: ${JSON.stringify(result)}`);
    await page.waitForTimeout(200);
  } while (result.status !== 'done' && result.status !== 'failed');
  assert.equal(result.status, 'done', result.error);
  // Without the watershed split, the CLI's connected components of the same valid voxels.
  const printed = execFileSync(CLI, ['segment', path.join(site, 'data/x.zarr'), '-o', path.join(site, 'cc.zarr'),
    '--threshold', 'valid', '--no-watershed']).toString();
  assert.equal(result.count, Number(/particles\s+(\d+)/.exec(printed)[1]));
  const kept = await page.evaluate(() => window.heteroscope.getState());
  assert.equal(kept.analysis.selected, 3);
  assert.deepEqual(kept.analysis.recipe.threshold, { kind: 'valid' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a corrupt shard fails the segmentation with a message naming it', async () => {
  const { result } = await analyse('data/broken.zarr');
  assert.equal(result.status, 'failed');
  assert.match(result.error, /broken\.zarr\/0\/c\/0\/0\/0\/0\/0/);
});
