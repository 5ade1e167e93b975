// End-to-end tests of the viewer shell in headless Chromium: start-up, drawing, the view state in
// the URL, hostile URLs, input, and the readable error pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, openPage, waitReady, frames, pixelStats, repoRoot } from './harness.mjs';

// glClearColor(0.106, 0.114, 0.137) in viewer/app.cpp, in 8-bit.
const BACKGROUND = [27, 29, 35];

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openViewer(hash = '', options = {}) {
  const opened = await openPage(browser, server.baseUrl + hash, options);
  const failure = await waitReady(opened.page);
  assert.equal(failure, null, `viewer did not become ready: ${failure}\n${opened.problems.join('\n')}`);
  return opened;
}

const getState = (page) => page.evaluate(() => window.heteroscope.getState());

test('the page reaches ready with no console errors and reports the project version', async () => {
  const { page, context, problems } = await openViewer();
  await frames(page, 5);
  const cmake = readFileSync(path.join(repoRoot, 'CMakeLists.txt'), 'utf8');
  const version = /project\(heteroscope VERSION ([0-9.]+)/.exec(cmake)[1];
  assert.equal(await page.evaluate(() => window.heteroscope.version), version);
  assert.equal(await page.locator('#hs-loading').isHidden(), true, 'loading indicator still shown');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the canvas shows the ground grid with its x and y axes, and hides it on request', async () => {
  const { page, context, problems } = await openViewer('', { width: 960, height: 600 });
  await frames(page, 3);
  const regions = { ground: [0.1, 0.45, 0.9, 0.9], all: [0, 0, 1, 1] };
  const shot = await page.screenshot();
  mkdirSync(path.join(repoRoot, 'build/test-logs'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'build/test-logs/viewer.png'), shot);  // for people to look at
  const withGrid = await pixelStats(browser, shot, BACKGROUND, regions);
  // Grid lines: a good share of the ground is lighter than the background, in many shades.
  assert.ok(withGrid.ground.lighter > 0.04 * withGrid.ground.n, JSON.stringify(withGrid.ground));
  assert.ok(withGrid.all.colours > 50, `only ${withGrid.all.colours} colours: blank canvas?`);
  // The world x axis is drawn red and the y axis green through the origin.
  assert.ok(withGrid.all.red > 200, `x axis missing: ${withGrid.all.red} red pixels`);
  assert.ok(withGrid.all.green > 200, `y axis missing: ${withGrid.all.green} green pixels`);

  const result = await page.evaluate(() => window.heteroscope.setState({ version: 1, overlays: { grid: false } }));
  assert.equal(result.ok, true);
  await frames(page, 3);
  const without = await pixelStats(browser, await page.locator('#canvas').screenshot(), BACKGROUND, regions);
  assert.ok(without.ground.background > 0.97 * without.ground.n,
    `ground not empty without the grid: ${JSON.stringify(without.ground)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

const SAMPLE_STATE = {
  version: 1,
  camera: {
    target_nm: [12.5, -3, 7.25], distance_nm: 2500, azimuth_deg: 30, elevation_deg: 45,
    fov_y_deg: 50, projection: 'orthographic',
  },
  panels: { layers: false },
  overlays: { axes: false },
};

test('a state in a #! URL hash is restored exactly', async () => {
  const hash = `#!${encodeURIComponent(JSON.stringify(SAMPLE_STATE))}`;
  const { page, context, problems } = await openViewer(hash);
  assert.deepEqual(await getState(page), SAMPLE_STATE);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a state in a #z= URL hash (zstd + base64url, made by the zstd tool) is restored exactly', async () => {
  const frame = execFileSync('zstd', ['-19', '-c', '-q'], { input: JSON.stringify(SAMPLE_STATE) });
  const hash = `#z=${frame.toString('base64url')}`;
  const { page, context, problems } = await openViewer(hash);
  assert.deepEqual(await getState(page), SAMPLE_STATE);
  assert.deepEqual(problems, []);
  await context.close();
});

test('moving the camera rewrites the URL, and that URL reopens the same view', async () => {
  const { page, context } = await openViewer();
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6 + 80, box.y + box.height * 0.6 + 30, { steps: 4 });
  await page.mouse.up();
  await page.mouse.wheel(0, -300);
  await frames(page, 4);
  await page.waitForFunction(() => window.location.hash.length > 2, null, { timeout: 10000 });
  await page.waitForTimeout(400);  // the URL is rewritten at most four times a second
  await frames(page, 2);
  const moved = await getState(page);
  assert.ok(moved.camera && moved.camera.azimuth_deg !== undefined, `drag did not orbit: ${JSON.stringify(moved)}`);
  const url = page.url();
  const second = await openViewer(url.slice(url.indexOf('#')));
  assert.deepEqual(await getState(second.page), moved);
  await second.context.close();
  await context.close();
});

test('keyboard orbits by 5° per arrow press and zooms by 1.2× per +', async () => {
  const { page, context } = await openViewer(`#!${encodeURIComponent(JSON.stringify({ version: 1, camera: { azimuth_deg: 10, distance_nm: 2400 } }))}`);
  await page.locator('#canvas').focus();
  // Held across frames: a real key press lasts longer than a frame.
  await page.keyboard.down('ArrowRight');
  await frames(page, 2);
  await page.keyboard.up('ArrowRight');
  await frames(page, 2);
  await page.keyboard.press('+');
  await frames(page, 2);
  const state = await getState(page);
  assert.ok(Math.abs(state.camera.azimuth_deg - 15) < 1e-9, JSON.stringify(state.camera));
  assert.ok(Math.abs(state.camera.distance_nm - 2000) < 1e-6, JSON.stringify(state.camera));
  await context.close();
});

test('touch: one finger orbits, two fingers pinch-zoom', async () => {
  const start = { version: 1, camera: { azimuth_deg: 0, distance_nm: 3000 } };
  const opened = await openPage(browser, `${server.baseUrl}#!${encodeURIComponent(JSON.stringify(start))}`,
    { width: 640, height: 400, hasTouch: true });
  const { page, context } = opened;
  assert.equal(await waitReady(page), null);
  const cdp = await context.newCDPSession(page);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });

  await touch('touchStart', [{ x: 400, y: 250 }]);
  for (const x of [380, 360, 340, 320]) {
    await touch('touchMove', [{ x, y: 250 }]);
    await frames(page, 1);
  }
  await touch('touchEnd', []);
  await frames(page, 2);
  const orbited = (await getState(page)).camera;
  assert.ok(orbited.azimuth_deg > 10, `one-finger drag did not orbit: ${JSON.stringify(orbited)}`);

  await touch('touchStart', [{ x: 300, y: 200, id: 1 }, { x: 340, y: 200, id: 2 }]);
  for (const d of [40, 80, 120, 160]) {
    await touch('touchMove', [{ x: 320 - d, y: 200, id: 1 }, { x: 320 + d, y: 200, id: 2 }]);
    await frames(page, 1);
  }
  await touch('touchEnd', []);
  await frames(page, 2);
  const pinched = (await getState(page)).camera;
  // Fingers spread from 40 to 320 px: the distance shrinks by that ratio (8x).
  assert.ok(Math.abs(pinched.distance_nm - 3000 / 8) < 1, `pinch did not zoom: ${JSON.stringify(pinched)}`);
  await context.close();
});

test('markup and script in the URL hash do not execute and are reported as text', async () => {
  const hostile = {
    version: 1,
    '<img src=x onerror="window.__pwned=1">': 1,
    camera: { distance_nm: '<script>window.__pwned=2</script>' },
  };
  const { page, context, problems } = await openViewer(`#!${encodeURIComponent(JSON.stringify(hostile))}`);
  await frames(page, 3);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // The messages are in the canvas UI and, as text, in the page's live region.
  const toast = page.locator('#hs-announce');
  const text = await toast.textContent();
  assert.match(text, /Warning: .*unknown key/);
  assert.match(text, /Error: camera\.distance_nm/);
  assert.equal(await toast.evaluate((el) => el.children.length), 0, 'message became markup');
  assert.equal(await page.locator('img').count(), 0);
  // The rejected value kept its default; the view still works.
  assert.equal(typeof (await getState(page)).version, 'number');
  assert.deepEqual(problems.filter((p) => !p.startsWith('console: ')), []);
  await context.close();
});

test('a corrupt #z= hash is reported and the viewer stays usable', async () => {
  const { page, context } = await openViewer('#z=AAAAbm90LXpzdGQ');
  const text = await page.locator('#hs-announce').textContent();
  assert.match(text, /URL hash/);
  const result = await page.evaluate(() => window.heteroscope.setState({ version: 1, camera: { distance_nm: 77 } }));
  assert.equal(result.ok, true);
  assert.equal((await getState(page)).camera.distance_nm, 77);
  await context.close();
});

test('the canvas follows the device pixel ratio and window resizes', async () => {
  const { page, context } = await openViewer('', { width: 500, height: 300, deviceScaleFactor: 2 });
  await frames(page, 3);
  const size = () => page.evaluate(() => {
    const c = document.getElementById('canvas');
    return [c.width, c.height, c.clientWidth, c.clientHeight];
  });
  assert.deepEqual(await size(), [1000, 600, 500, 300]);
  await page.setViewportSize({ width: 420, height: 260 });
  await frames(page, 4);
  assert.deepEqual(await size(), [840, 520, 420, 260]);
  await context.close();
});

test('without WebGL2 the page explains what is missing', async () => {
  const noGl = await launchBrowser(['--disable-webgl', '--disable-webgl2', '--disable-3d-apis']);
  try {
    const { page } = await openPage(noGl, server.baseUrl);
    const failure = await waitReady(page, 20000);
    assert.match(failure ?? '', /WebGL2/);
    assert.equal(await page.locator('#hs-error').isVisible(), true);
    assert.match(await page.locator('#hs-error').textContent(), /WebGL2 is not available/);
  } finally {
    await noGl.close();
  }
});

test('a viewer module that fails to download is reported with the server status', async () => {
  const context = await browser.newContext({ viewport: { width: 400, height: 300 } });
  const page = await context.newPage();
  await page.route('**/heteroscope.wasm', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto(server.baseUrl);
  const failure = await waitReady(page, 20000);
  assert.match(failure ?? '', /404/);
  assert.match(await page.locator('#hs-error-text').textContent(), /heteroscope\.wasm: the server answered 404/);
  await context.close();
});
