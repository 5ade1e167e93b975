// End-to-end tests of the atom probe analyses in the page, which run the core's apt job in an
// analysis worker: on the small apt-nmc811 sample the composition profile and the frequency
// distribution give byte for byte the CSV `heteroscope apt` writes natively for the same store and
// parameters; a view carrying the job recomputes it on open; a bad job in the state is reported;
// the cylinder dragged by its handles with the mouse moves (outline, state, URL) and a rerun
// profiles the moved cylinder as the CLI does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, waitReady, frames, decodePng, repoRoot } from './harness.mjs';

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
async function runInPage(job, size = {}) {
  const state = { version: 1, panels: { analysis: true }, layers: [{ source: 'data/apt.zarr' }], apt: { layer: 0, job } };
  const opened = await openPage(browser, `${server.baseUrl}#!${encodeURIComponent(JSON.stringify(state))}`, size);
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

// Mean x (pixels) of the ROI outline's yellow (255, 217, 51) in the left `fraction` of a screenshot.
async function outlineMeanX(png, fraction) {
  const { width, height, data } = await decodePng(browser, png);
  let sum = 0;
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < Math.floor(fraction * width); x++) {
      const i = 4 * (y * width + x);
      if (Math.abs(data[i] - 255) <= 12 && Math.abs(data[i + 1] - 217) <= 14 && Math.abs(data[i + 2] - 51) <= 30) {
        sum += x;
        n++;
      }
    }
  }
  assert.ok(n > 100, `too few outline pixels: ${n}`);
  return sum / n;
}

// A left drag from `from` to `to` (CSS pixels), a few frames at each step so the viewer sees the
// press, the moves and the release.
async function drag(page, from, to) {
  await page.mouse.move(from[0], from[1]);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  for (let k = 1; k <= 4; k++) {
    await page.mouse.move(from[0] + ((to[0] - from[0]) * k) / 4, from[1] + ((to[1] - from[1]) * k) / 4);
    await frames(page, 2);
  }
  await page.mouse.up();
  await frames(page, 3);
}

test('the cylinder dragged by its handles moves in the scene, the state and the URL, and a rerun profiles it', async () => {
  const width = 1280;
  const height = 800;
  const { page, context, problems, run } = await runInPage({ kind: 'profile', profile: { bin_nm: 2 } }, { width, height });
  assert.equal(run.status, 'done', run.error);
  const first = run.csv;
  // Seen from -y, orthographic: x right, z up, a known size per pixel. The default cylinder's
  // centre (the data's centre, the framed target) is put at pixel (400, 400), left of the panels.
  const framed = (await page.evaluate(() => window.heteroscope.getState())).camera;
  const nmPerPx = (2 * framed.distance_nm * Math.tan((20 * Math.PI) / 180)) / height;
  const centre = framed.target_nm;
  const camera = {
    target_nm: [centre[0] + nmPerPx * (width / 2 - 400), centre[1], centre[2]],
    distance_nm: framed.distance_nm, azimuth_deg: 0, elevation_deg: 0, projection: 'orthographic',
  };
  const state = await page.evaluate(() => window.heteroscope.getState());
  assert.equal(state.apt.job.roi, undefined);  // the default cylinder
  const set = await page.evaluate((s) => window.heteroscope.setState(s), { ...state, camera });
  assert.deepEqual(set.errors, []);
  await frames(page, 3);
  const before = await page.screenshot();

  // The centre handle 60 px right: the cylinder moves 60 px worth along x; the camera stays.
  await drag(page, [400, 400], [460, 400]);
  let moved = await page.evaluate(() => window.heteroscope.getState());
  assert.deepEqual(moved.camera, { ...state.camera, ...camera }, 'the drag moved the camera');
  let roi = moved.apt.job.roi;
  assert.equal(roi.shape, 'cylinder');
  assert.deepEqual(roi.axis, [0, 0, 1]);
  assert.equal(roi.radius_nm, 12.5);
  assert.ok(Math.abs(roi.centre_nm[0] - (centre[0] + 60 * nmPerPx)) < 1.5 * nmPerPx, JSON.stringify(roi));
  assert.ok(Math.abs(roi.centre_nm[1] - centre[1]) < 1e-6);
  assert.ok(Math.abs(roi.centre_nm[2] - centre[2]) < 1.5 * nmPerPx);
  const after = await page.screenshot();
  const shift = (await outlineMeanX(after, 0.55)) - (await outlineMeanX(before, 0.55));
  assert.ok(Math.abs(shift - 60) < 6, `the outline moved ${shift} px`);

  // The end cap's handle 40 px down: 40 px worth shorter, the start cap where it was.
  const length = roi.length_nm;
  const start = roi.centre_nm[2] - length / 2;
  const capY = 400 - (start + length - centre[2]) / nmPerPx;
  await drag(page, [460, capY], [460, capY + 40]);
  roi = (await page.evaluate(() => window.heteroscope.getState())).apt.job.roi;
  assert.ok(Math.abs(roi.length_nm - (length - 40 * nmPerPx)) < 1.5 * nmPerPx, JSON.stringify(roi));
  assert.ok(Math.abs(roi.centre_nm[2] - roi.length_nm / 2 - start) < 1e-6 * length);

  // The URL carries the moved cylinder: a page opened from it has the same job.
  await page.waitForTimeout(600);  // the URL follows the state at most four times a second
  await frames(page, 2);
  const linked = await openPage(browser, page.url());
  assert.equal(await waitReady(linked.page), null);
  assert.deepEqual((await linked.page.evaluate(() => window.heteroscope.getState())).apt.job.roi, roi);
  await linked.context.close();

  // Run again: the moved cylinder's profile, as the CLI computes it, unlike the first.
  const rerun = await page.evaluate(() => window.heteroscope.runAptAnalysis(0));
  assert.equal(rerun.status, 'done', rerun.error);
  assert.notEqual(rerun.csv, first);
  assert.equal(rerun.csv, cliCsv('profile', ['--axis', 'z', '--bin', '2', '--radius', '12.5', '--centre',
    roi.centre_nm.map(String).join(','), '--length', String(roi.length_nm)]));
  assert.deepEqual(problems, []);
  await context.close();
});
