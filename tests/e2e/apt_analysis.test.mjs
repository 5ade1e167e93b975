// End-to-end tests of the atom probe analyses in the page, which run the core's apt job in an
// analysis worker: on the small apt-nmc811 sample the composition profile and the frequency
// distribution give byte for byte the CSV `heteroscope apt` writes natively for the same store and
// parameters; a view carrying the job recomputes it on open; a bad job in the state is reported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, waitReady, repoRoot } from './harness.mjs';

const CLI = path.join(repoRoot, 'build/native/bin/heteroscope');

let site;
let server;
let browser;

before(async () => {
  site = mkdtempSync(path.join(tmpdir(), 'hs-e2e-apt-'));
  for (const name of readdirSync(path.join(repoRoot, 'build/site'))) {
    if (name !== 'data') symlinkSync(path.join(repoRoot, 'build/site', name), path.join(site, name));
  }
  mkdirSync(path.join(site, 'data'));
  execFileSync(CLI, ['sample', 'apt-nmc811', '--size', 'small', '-o', path.join(site, 'data/apt.zarr')], { stdio: 'ignore' });
  server = await startServer(site);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// The CSV `heteroscope apt ARGS` writes for the sample.
function cliCsv(analysis, args) {
  const out = path.join(site, `${analysis}-${args.join('_').replace(/[^A-Za-z0-9]/g, '')}.csv`);
  execFileSync(CLI, ['apt', analysis, path.join(site, 'data/apt.zarr'), ...args, '-o', out], { stdio: 'ignore' });
  return readFileSync(out, 'utf8');
}

// Opens a view of the sample carrying `job`; resolves with the page once the job has finished.
async function runInPage(job) {
  const state = { version: 1, panels: { analysis: true }, layers: [{ source: 'data/apt.zarr' }], apt: { layer: 0, job } };
  const opened = await openPage(browser, `${server.baseUrl}#!${encodeURIComponent(JSON.stringify(state))}`);
  assert.equal(await waitReady(opened.page), null);
  const deadline = Date.now() + 90000;
  let run;
  do {
    run = await opened.page.evaluate(() => window.heteroscope.aptAnalysis());
    if (Date.now() > deadline) assert.fail(`the analysis did not finish: ${JSON.stringify(run)}`);
    await opened.page.waitForTimeout(200);
  } while (run.status !== 'done' && run.status !== 'failed');
  return { ...opened, run };
}

test('the composition profile computed in the page is the CLI profile of the same cylinder', async () => {
  const { run, context, problems } = await runInPage({ kind: 'profile', profile: { bin_nm: 2 } });
  assert.equal(run.status, 'done', run.error);
  assert.equal(run.kind, 'profile');
  assert.equal(run.csv, cliCsv('profile', ['--axis', 'z', '--bin', '2']));
  assert.ok(run.csv.split('\n').length > 50, 'too few bins');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the frequency distribution computed in the page is the CLI one, with its chi2 and mu', async () => {
  const { run, context, problems } = await runInPage({ kind: 'freqdist', species: ['Cr', 'Mn'] });
  assert.equal(run.status, 'done', run.error);
  assert.equal(run.csv, cliCsv('freqdist', ['--species', 'Cr,Mn']));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a job in the state that names an element the ranges lack fails with that element named', async () => {
  const { run, context } = await runInPage({ kind: 'freqdist', species: ['Xe'] });
  assert.equal(run.status, 'failed');
  assert.match(run.error, /Xe/);
  await context.close();
});

test('a malformed job in the state is reported and nothing runs', async () => {
  const { page, context } = await openPage(browser, server.baseUrl);
  assert.equal(await waitReady(page), null);
  const state = { version: 1, layers: [{ source: 'data/apt.zarr' }], apt: { layer: 0, job: { kind: 'magic' } } };
  const result = await page.evaluate((s) => window.heteroscope.setState(s), state);
  assert.equal(result.errors.length, 1, JSON.stringify(result));
  assert.match(result.errors[0], /apt\.job/);
  await page.waitForTimeout(1000);
  assert.equal((await page.evaluate(() => window.heteroscope.aptAnalysis())).status, 'idle');
  assert.equal((await page.evaluate(() => window.heteroscope.getState())).apt, undefined);
  await context.close();
});
