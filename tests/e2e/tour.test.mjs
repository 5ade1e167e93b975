// End-to-end tests of tours and the demo scene: a tour plays its steps (each merged onto the one
// before), flies the camera to each step's view, pauses, steps, loops and stops from the keyboard;
// bad tours are reported by name; the demo's own tour and views read without a warning; the
// correlative scene puts the needle's apex and the tomogram on particle 1's surface as the samples'
// truth defines it; `scripts/serve --open` sends the bare address to the demo scene.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, waitReady, frames, repoRoot } from './harness.mjs';

const CLI = path.join(repoRoot, 'build/native/bin/heteroscope');
const DEMO = path.join(repoRoot, 'assets/demo');

let site;
let server;
let browser;

// Steps 0 and 1 last 10 minutes (they change only by key), step 2 one second (it ends by itself).
const TOUR = {
  version: 1,
  title: 'test tour',
  loop: true,
  steps: [
    {
      caption: 'First', duration_s: 600, transition_s: 0,
      state: {
        layers: [{ source: 'data/apt.zarr' }], panels: { layers: false, display: false },
        camera: { target_nm: [0, 0, 50], distance_nm: 400, azimuth_deg: 10, elevation_deg: 20 },
      },
    },
    { caption: 'Second', duration_s: 600, transition_s: 3, state: { camera: { distance_nm: 4000, azimuth_deg: -60 } } },
    { caption: 'Third', duration_s: 1, transition_s: 0, state: { background: 'white' } },
  ],
};

before(async () => {
  site = mkdtempSync(path.join(tmpdir(), 'hs-e2e-tour-'));
  for (const name of readdirSync(path.join(repoRoot, 'build/site'))) {
    if (name !== 'data' && name !== 'tours') symlinkSync(path.join(repoRoot, 'build/site', name), path.join(site, name));
  }
  mkdirSync(path.join(site, 'data'));
  execFileSync(CLI, ['sample', 'apt-nmc811', '--size', 'small', '-o', path.join(site, 'data/apt.zarr')], { stdio: 'ignore' });
  mkdirSync(path.join(site, 'tours'));
  writeFileSync(path.join(site, 'tours/t.json'), JSON.stringify(TOUR));
  const bad = structuredClone(TOUR);
  bad.steps[1].duration_s = 0;
  writeFileSync(path.join(site, 'tours/bad.json'), JSON.stringify(bad));
  symlinkSync(path.join(DEMO, 'tours/demo.json'), path.join(site, 'tours/demo.json'));
  server = await startServer(site);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openViewer(url = server.baseUrl) {
  const opened = await openPage(browser, url, { width: 640, height: 400 });
  assert.equal(await waitReady(opened.page), null);
  await opened.page.locator('#canvas').focus();
  return opened;
}

// Keys are held across frames, as a person's are (the viewer reads key state once a frame).
async function key(page, name) {
  await page.keyboard.down(name);
  await frames(page, 2);
  await page.keyboard.up(name);
  await frames(page, 1);
}

const tour = (page) => page.evaluate(() => window.heteroscope.tour());
const state = (page) => page.evaluate(() => window.heteroscope.getState());
const announced = (page) => page.evaluate(() => document.getElementById('hs-announce').textContent);

async function until(page, what, predicate, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what(page);
    if (predicate(value)) return value;
    assert.ok(Date.now() < deadline, `timed out; last: ${JSON.stringify(value)}`);
    await page.waitForTimeout(100);
  }
}

test('a tour plays its merged steps, flies to each view, pauses, steps, loops and stops', async () => {
  const { page, context, problems } = await openViewer();
  const reply = await page.evaluate(() => window.heteroscope.playTour('tours/t.json'));
  assert.deepEqual(reply, { ok: true, steps: 3, warnings: [] });

  const first = await until(page, tour, (t) => t.playing && t.step === 0);
  assert.equal(first.caption, 'First');
  assert.equal(first.title, 'test tour');
  let s = await state(page);
  assert.deepEqual(s.camera, { target_nm: [0, 0, 50], distance_nm: 400, azimuth_deg: 10, elevation_deg: 20 });
  assert.deepEqual(s.layers, [{ source: 'data/apt.zarr' }]);
  assert.deepEqual(s.panels, { layers: false, display: false });
  assert.equal(await announced(page), 'First');

  await key(page, ' ');
  assert.equal((await tour(page)).paused, true);
  await key(page, ' ');
  assert.equal((await tour(page)).paused, false);

  // Step 1 changes only the camera: its flight is geometric in distance, and lands exactly.
  await key(page, 'PageDown');
  const distances = [];
  s = await until(page, async (p) => {
    const now = await state(p);
    distances.push(now.camera.distance_nm);
    return now;
  }, (now) => now.camera.distance_nm === 4000);
  assert.deepEqual(s.camera, { target_nm: [0, 0, 50], distance_nm: 4000, azimuth_deg: -60, elevation_deg: 20 });
  assert.deepEqual(s.layers, [{ source: 'data/apt.zarr' }]);
  for (let i = 1; i < distances.length; i++) assert.ok(distances[i] >= distances[i - 1], `not monotone: ${distances}`);
  assert.ok(distances.every((d) => d >= 400 && d <= 4000), `${distances}`);
  assert.equal((await tour(page)).caption, 'Second');

  // Step 2 (white, one second) ends by itself and the tour loops to step 0, whose state has the
  // default background again.
  await key(page, 'PageDown');
  await until(page, state, (now) => now.background === 'white');
  await until(page, tour, (t) => t.step === 0);
  assert.equal((await state(page)).background, undefined);

  await key(page, 'Escape');
  assert.deepEqual(await tour(page), { playing: false });
  assert.equal(await announced(page), 'The tour stopped');
  assert.deepEqual(problems, []);
  await context.close();
});

test('?tour= plays a tour; opening another view stops it', async () => {
  const { page, context } = await openViewer(`${server.baseUrl}?tour=tours/t.json`);
  await until(page, tour, (t) => t.playing && t.step === 0);
  const reply = await page.evaluate(() => window.heteroscope.setState({ version: 1 }));
  assert.equal(reply.ok, true);
  assert.deepEqual(await tour(page), { playing: false });
  await context.close();
});

test('a missing or malformed tour is reported by name and nothing plays', async () => {
  const { page, context } = await openViewer();
  let reply = await page.evaluate(() => window.heteroscope.playTour('tours/missing.json'));
  assert.equal(reply.ok, false);
  assert.equal(reply.error, `The tour could not be loaded: ${server.baseUrl}tours/missing.json: the server answered 404 Not Found`);
  assert.equal(await announced(page), reply.error);
  reply = await page.evaluate(() => window.heteroscope.playTour('tours/bad.json'));
  assert.equal(reply.ok, false);
  assert.match(reply.error, /tours\/bad\.json: steps\[1\]\.duration_s: expected seconds in \[0\.5, 3600\], got 0/);
  assert.deepEqual(await tour(page), { playing: false });
  await context.close();
});

test("the demo's tour and views read without a problem", async () => {
  const { page, context } = await openViewer();
  const reply = await page.evaluate(() => window.heteroscope.playTour('tours/demo.json'));
  assert.equal(reply.ok, true, JSON.stringify(reply));
  assert.deepEqual(reply.warnings, []);
  assert.ok(reply.steps >= 4);
  for (const name of readdirSync(path.join(DEMO, 'views'))) {
    const text = readFileSync(path.join(DEMO, 'views', name), 'utf8');
    const result = await page.evaluate((t) => window.heteroscope.setState(t), text);
    assert.deepEqual(result, { ok: true, errors: [], warnings: [] }, name);
  }
  await context.close();
});

// world = Rz Ry Rx p + t (core/scene/layer_transform.h), angles in degrees.
function toWorld({ translation_nm: t = [0, 0, 0], rotation_deg: r = [0, 0, 0] }, p) {
  const [a, b, c] = r.map((deg) => (deg * Math.PI) / 180);
  let [x, y, z] = p;
  [y, z] = [y * Math.cos(a) - z * Math.sin(a), y * Math.sin(a) + z * Math.cos(a)];
  [x, z] = [x * Math.cos(b) + z * Math.sin(b), -x * Math.sin(b) + z * Math.cos(b)];
  [x, y] = [x * Math.cos(c) - y * Math.sin(c), x * Math.sin(c) + y * Math.cos(c)];
  return [x + t[0], y + t[1], z + t[2]];
}

test('the correlative scene puts the needle and the tomogram on the surface of particle 1', () => {
  const truth = (name) => JSON.parse(readFileSync(path.join(repoRoot, `build/samples/${name}.zarr/zarr.json`), 'utf8'))
    .attributes.heteroscope.truth;
  const electrode = truth('xrdct-lmo');
  const columns = electrode.particles.columns;
  const row = electrode.particles.rows.find((r) => r[columns.indexOf('label')] === 1);
  const at = (name) => row[columns.indexOf(name)];
  assert.deepEqual([at('q_w'), at('q_x'), at('q_y'), at('q_z')], [1, 0, 0, 0]);  // axes along x, y, z
  const centreNm = ['x', 'y', 'z'].map((k) => at(`centre_${k}_um`) * 1000);
  const semiNm = [0, 1, 2].map((k) => at(`semi_axis_${k}_um`) * 1000);
  // rho = 1 on the surface, < 1 inside (the truth's rho, scene/tour steps describe it so).
  const rho = (p) => Math.hypot(...p.map((v, k) => (v - centreNm[k]) / semiNm[k]));

  const view = JSON.parse(readFileSync(path.join(DEMO, 'views/correlative.json'), 'utf8'));
  const layer = (name) => view.layers.find((l) => l.source === `data/${name}.zarr`);
  assert.equal(view.layers.length, 3);

  // The needle: its apex (z = 0 on the axis x = y = 0, the truth's frame) on the surface, its
  // shank (z = length) inside the particle.
  const needle = truth('apt-nmc811').geometry;
  const apex = toWorld(layer('apt-nmc811').transform, [0, 0, 0]);
  const base = toWorld(layer('apt-nmc811').transform, [0, 0, needle.length_nm]);
  assert.ok(Math.abs(rho(apex) - 1) < 1e-4, `apex at rho ${rho(apex)}`);
  assert.ok(rho(base) < 1, `base at rho ${rho(base)}`);

  // The tomogram: the centre of its top face on the surface, its body inside.
  const tomo = truth('tomo-ncm111');
  const edgeNm = tomo.shape_zyx[0] * tomo.voxel_size_nm;
  const top = toWorld(layer('tomo-ncm111').transform, [edgeNm / 2, edgeNm / 2, edgeNm]);
  const bottom = toWorld(layer('tomo-ncm111').transform, [edgeNm / 2, edgeNm / 2, 0]);
  assert.ok(Math.abs(rho(top) - 1) < 1e-3, `tomogram top at rho ${rho(top)}`);
  assert.ok(rho(bottom) < 1);
  // Side by side: the needle's widest point stays clear of the tomogram's box along x.
  const needleHalfWidth = needle.tip_radius_nm + needle.length_nm * needle.tan_shank_half_angle;
  assert.ok(apex[0] + needleHalfWidth < toWorld(layer('tomo-ncm111').transform, [0, 0, 0])[0]);
});

test('scripts/serve --open sends the bare address to the demo scene, and nothing else', async () => {
  const demo = await startServer(site, ['--open', '/?state=views/correlative.json']);
  try {
    const bare = await fetch(demo.baseUrl, { redirect: 'manual' });
    assert.equal(bare.status, 302);
    assert.equal(new URL(bare.headers.get('location'), demo.baseUrl).href, `${demo.baseUrl}?state=views/correlative.json`);
    const withQuery = await fetch(`${demo.baseUrl}?tour=tours/demo.json`, { redirect: 'manual' });
    assert.equal(withQuery.status, 200);
    assert.match(await withQuery.text(), /<canvas/);
  } finally {
    await demo.stop();
  }
});
