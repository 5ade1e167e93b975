// End-to-end tests of opening datasets: layers in the URL open through the data workers (the same
// summary as `heteroscope info` prints natively for the same URL), broken servers and missing
// data give messages naming the URL and the problem, and dropped files are converted in the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, waitReady, freePort, frames, pixelStats, repoRoot } from './harness.mjs';

// glClearColor(0.106, 0.114, 0.137) in viewer/app.cpp, in 8-bit.
const BACKGROUND = [27, 29, 35];

const CLI = path.join(repoRoot, 'build/native/bin/heteroscope');

// 1000 ions in big-endian POS records: 300 at 27 Da, 500 at 58 Da, 200 at 100 Da (unranged).
function posBytes() {
  const view = new DataView(new ArrayBuffer(16000));
  for (let i = 0; i < 1000; i++) {
    view.setFloat32(16 * i, i % 10);
    view.setFloat32(16 * i + 4, i % 7);
    view.setFloat32(16 * i + 8, i * 0.1);
    view.setFloat32(16 * i + 12, i < 300 ? 27 : i < 800 ? 58 : 100);
  }
  return Buffer.from(view.buffer);
}
const RRNG = '[Ions]\nNumber=2\nIon1=Al\nIon2=Ni\n[Ranges]\nNumber=2\n' +
  'Range1=26.5 27.5 Vol:0.01660 Al:1 Color:33FFFF\nRange2=57.5 58.5 Vol:0.01094 Ni:1 Color:00FF00\n';

let site;      // a temporary copy of build/site (symlinks) with test datasets in data/
let server;    // nginx on `site`
let broken;    // a node server answering 500, ignoring Range, or with bad JSON
let browser;

before(async () => {
  site = mkdtempSync(path.join(tmpdir(), 'hs-e2e-site-'));
  for (const name of readdirSync(path.join(repoRoot, 'build/site'))) {
    if (name !== 'data') symlinkSync(path.join(repoRoot, 'build/site', name), path.join(site, name));
  }
  const data = path.join(site, 'data');
  mkdirSync(data);
  const raw = Buffer.alloc(10 * 40 * 60);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7) % 251;
  writeFileSync(path.join(data, 'vol.raw'), raw);
  execFileSync(CLI, ['convert', path.join(data, 'vol.raw'), '--shape', '10,40,60', '--dtype', 'uint8',
    '--voxel-size', '2', '--unit', 'nm', '-o', path.join(data, 'vol.zarr')], { stdio: 'ignore' });
  writeFileSync(path.join(data, 'run.pos'), posBytes());
  writeFileSync(path.join(data, 'run.rrng'), RRNG);
  execFileSync(CLI, ['convert', path.join(data, 'run.pos'), path.join(data, 'run.rrng'), '-o',
    path.join(data, 'run.zarr')], { stdio: 'ignore' });
  execFileSync('zip', ['-0', '-r', '-q', path.join(data, 'vol.zip'), 'vol.zarr'], { cwd: data });
  writeFileSync(path.join(data, 'notjson.zarr.json'), '{"zarr_format": 3, "node_type": ');
  writeFileSync(path.join(data, 'view.json'), JSON.stringify({ version: 1, layers: [{ source: 'data/run.zarr' }] }));

  const port = await freePort();
  let flakyFailed = false;  // /flaky/ answers 503 once, then like /norange/
  broken = createServer((request, response) => {
    const headers = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'Range',
      'Cross-Origin-Resource-Policy': 'cross-origin' };
    if (request.method === 'OPTIONS') {
      response.writeHead(204, headers).end();
    } else if (request.url.startsWith('/fails/')) {
      response.writeHead(500, headers).end('oops');
    } else if (request.url === '/badjson.zarr/zarr.json') {
      response.writeHead(200, headers).end(readFileSync(path.join(data, 'notjson.zarr.json')));
    } else if (request.url.startsWith('/flaky/') && !flakyFailed) {
      flakyFailed = true;
      response.writeHead(503, headers).end();
    } else if (/^\/(norange|flaky)\//.test(request.url)) {  // ignores Range: always the whole file
      try {
        const file = readFileSync(path.join(data, decodeURIComponent(request.url.replace(/^\/\w+\//, ''))));
        response.writeHead(200, { ...headers, 'Content-Length': file.length }).end(request.method === 'HEAD' ? undefined : file);
      } catch {
        response.writeHead(404, headers).end();
      }
    } else {
      response.writeHead(404, headers).end();
    }
  });
  await new Promise((resolve) => broken.listen(port, '127.0.0.1', resolve));
  broken.baseUrl = `http://127.0.0.1:${port}/`;
  server = await startServer(site);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => (broken ? broken.close(resolve) : resolve()));
});

async function openViewer(state) {
  const hash = state ? `#!${encodeURIComponent(JSON.stringify(state))}` : '';
  const opened = await openPage(browser, server.baseUrl + hash);
  const failure = await waitReady(opened.page);
  assert.equal(failure, null, `viewer did not become ready: ${failure}\n${opened.problems.join('\n')}`);
  return opened;
}

// Polls window.heteroscope.datasets() until none is opening (at most 60 s).
async function settledDatasets(page) {
  const deadline = Date.now() + 60000;
  for (;;) {
    const list = await page.evaluate(() => window.heteroscope.datasets());
    if (list.length > 0 && list.every((d) => d.status !== 'opening')) return list;
    if (Date.now() > deadline) throw new Error(`datasets still opening: ${JSON.stringify(list)}`);
    await page.waitForTimeout(200);
  }
}

// `heteroscope info LOCATION`, run asynchronously: the test's own server must keep answering.
function cliInfo(location) {
  return new Promise((resolve) => {
    execFile(CLI, ['info', location], { encoding: 'utf8' }, (error, out, err) => {
      resolve({ code: error ? error.code : 0, out, err });
    });
  });
}

test('layers in the URL open in the data workers with the summary the CLI prints for the same URL', async () => {
  const { page, context, problems } = await openViewer({
    version: 1, layers: [{ source: 'data/vol.zarr' }, { source: `${server.baseUrl}data/run.zarr`, visible: false }],
  });
  const [image, points] = await settledDatasets(page);
  assert.equal(image.status, 'ready', image.error);
  assert.equal(image.kind, 'image');
  assert.equal(points.status, 'ready', points.error);
  assert.equal(points.kind, 'points');
  for (const [entry, url] of [[image, `${server.baseUrl}data/vol.zarr`], [points, `${server.baseUrl}data/run.zarr`]]) {
    const native = await cliInfo(url);
    assert.equal(native.code, 0, native.err);
    assert.equal(`${entry.title}\n${entry.details}`, native.out);
  }
  assert.match(image.details, /z \(nanometer\)[^]*0: 1×1×10×40×60 uint8, voxel z 2 y 2 x 2\n/);
  assert.match(points.details, /ions {8}1000\n/);
  assert.match(points.details, /Al +300 ions +30\.00 %/);
  // The layers stay in the state, so the URL still reopens them.
  const state = await page.evaluate(() => window.heteroscope.getState());
  assert.deepEqual(state.layers.map((l) => l.source), ['data/vol.zarr', `${server.baseUrl}data/run.zarr`]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('missing data, server errors, bad JSON and unreachable hosts are reported naming the URL', async () => {
  const unreachable = `http://127.0.0.1:${await freePort()}/x.zarr`;
  const { page, context } = await openViewer({
    version: 1,
    layers: [{ source: 'data/missing.zarr' }, { source: `${broken.baseUrl}fails/a.zarr` },
      { source: `${broken.baseUrl}badjson.zarr` }, { source: unreachable }, { source: `${broken.baseUrl}norange/run.zarr` },
      { source: `${broken.baseUrl}flaky/run.zarr` }],
  });
  const [missing, failing, badJson, nowhere, noRange, flaky] = await settledDatasets(page);
  assert.equal(missing.status, 'failed');
  assert.equal(missing.error, `${server.baseUrl}data/missing.zarr/zarr.json: no such Zarr v3 node (zarr.json missing)`);
  assert.equal(failing.status, 'failed');
  assert.equal(failing.error, `${broken.baseUrl}fails/a.zarr/zarr.json: HTTP status 500 (server error) (after 3 tries)`);
  assert.equal(badJson.status, 'failed');
  assert.match(badJson.error, new RegExp(`^${broken.baseUrl}badjson\\.zarr/zarr\\.json: .*(end|unexpected)`, 'i'));
  assert.equal(nowhere.status, 'failed');
  assert.match(nowhere.error, /^http:\/\/127\.0\.0\.1:\d+\/x\.zarr\/zarr\.json: network error: no answer \(the server cannot be reached/);
  // A server that ignores Range still serves small values whole (the node table here).
  assert.equal(noRange.status, 'ready', noRange.error);
  assert.match(noRange.details, /ions {8}1000\n/);
  // A transient failure (503) is retried after a backoff, and the dataset opens.
  assert.equal(flaky.status, 'ready', flaky.error);
  // The same failures from the CLI: exit code 1 and the same messages.
  for (const [url, message] of [[`${server.baseUrl}data/missing.zarr`, missing.error],
    [`${broken.baseUrl}fails/a.zarr`, failing.error]]) {
    const native = await cliInfo(url);
    assert.equal(native.code, 1);
    assert.equal(native.err, `heteroscope: ${message}\n`);
  }
  // The page stays usable and says what went wrong in its live region too.
  const announced = await page.evaluate(() => document.getElementById('hs-announce').textContent);
  assert.match(announced, /^Could not open /);
  assert.equal(await page.evaluate(() => window.heteroscope.setState({ version: 1 }).ok), true);
  await context.close();
});

// Drops files onto the page as a user would (a DataTransfer with File objects).
async function drop(page, files) {
  await page.evaluate((list) => {
    const transfer = new DataTransfer();
    for (const { name, base64 } of list) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], name));
    }
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files.map(([name, bytes]) => ({ name, base64: Buffer.from(bytes).toString('base64') })));
}

test('dropped files are converted in the page; a dropped zip of a store opens in place', async () => {
  const { page, context, problems } = await openViewer();
  const data = path.join(site, 'data');
  await drop(page, [['run.pos', readFileSync(path.join(data, 'run.pos'))], ['run.rrng', Buffer.from(RRNG)]]);
  await drop(page, [['vol.zip', readFileSync(path.join(data, 'vol.zip'))]]);
  await drop(page, [['broken.pos', Buffer.alloc(83)]]);
  const [points, zipped, bad] = await settledDatasets(page);
  assert.equal(points.local, true);
  assert.equal(points.source, 'run.pos + run.rrng');
  assert.equal(points.status, 'ready', points.error);
  assert.match(points.details, /ions {8}1000\n/);
  assert.match(points.details, /Ni +500 ions +50\.00 %/);
  assert.equal(zipped.status, 'ready', zipped.error);
  assert.equal(`${zipped.title.replace(/^vol\.zip/, 'X')}\n${zipped.details}`,
    (await cliInfo(path.join(data, 'vol.zarr'))).out.replace(/^.*vol\.zarr/, 'X'));
  assert.equal(bad.status, 'failed');
  assert.equal(bad.error, 'broken.pos: truncated: 83 bytes is not a multiple of 16-byte records (3 bytes left over)');
  // Dropped files are not part of the shareable state.
  assert.equal((await page.evaluate(() => window.heteroscope.getState())).layers, undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an image layer streams its bricks and is drawn framed in the view; hiding it removes it', async () => {
  const { page, context, problems } = await openViewer({
    version: 1, panels: { layers: false, display: false, status_bar: false }, overlays: { grid: false, axes: false, scale_bar: false },
    layers: [{ source: 'data/vol.zarr' }],
  });
  const deadline = Date.now() + 60000;
  let image;
  do {
    [image] = await page.evaluate(() => window.heteroscope.datasets());
    if (image.status === 'failed') assert.fail(image.error);
    if (Date.now() > deadline) assert.fail(`bricks still loading: ${JSON.stringify(image)}`);
    await page.waitForTimeout(200);
  } while (image.bricks_total === 0 || image.bricks_resident < image.bricks_total);
  // 10×40×60 voxels in bricks of 64³: one brick.
  assert.equal(image.bricks_total, 1);
  await frames(page, 3);
  const region = { centre: [0.4, 0.4, 0.6, 0.6], corner: [0, 0.9, 0.08, 1] };  // below the menu bar
  const png = await page.screenshot();
  mkdirSync(path.join(repoRoot, 'build/test-logs'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'build/test-logs/volume.png'), png);  // for people to look at
  const shown = await pixelStats(browser, png, BACKGROUND, region);
  assert.ok(shown.centre.lighter > 0.9 * shown.centre.n, `volume not drawn: ${JSON.stringify(shown.centre)}`);
  assert.equal(shown.corner.background, shown.corner.n, 'the camera was not framed on the volume');
  const state = await page.evaluate(() => window.heteroscope.getState());
  state.layers[0].visible = false;
  await page.evaluate((s) => window.heteroscope.setState(s), state);
  await frames(page, 3);
  const hidden = await pixelStats(browser, await page.screenshot(), BACKGROUND, region);
  assert.equal(hidden.centre.background, hidden.centre.n);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a point layer draws its ions coloured by species from the stored ranges', async () => {
  const { page, context, problems } = await openViewer({
    version: 1, panels: { layers: false, display: false, status_bar: false }, overlays: { grid: false, axes: false, scale_bar: false },
    layers: [{ source: 'data/run.zarr' }],
  });
  const deadline = Date.now() + 60000;
  let points;
  do {
    [points] = await page.evaluate(() => window.heteroscope.datasets());
    if (points.status === 'failed') assert.fail(points.error);
    if (Date.now() > deadline) assert.fail(`bricks still loading: ${JSON.stringify(points)}`);
    await page.waitForTimeout(200);
  } while (points.bricks_total === 0 || points.bricks_resident < points.bricks_total);
  await frames(page, 3);
  // 500 of the 1000 ions are Ni (ranged green, 00FF00); the camera frames the 10×7×100 nm column.
  const stats = await pixelStats(browser, await page.screenshot(), BACKGROUND, { all: [0, 0.05, 1, 1] });
  assert.ok(stats.all.green > 50, `no green Ni ions drawn: ${JSON.stringify(stats.all)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('?state= loads a view-state file served beside the data; a missing one is reported', async () => {
  let opened = await openPage(browser, `${server.baseUrl}?state=data/view.json`);
  assert.equal(await waitReady(opened.page), null);
  const [points] = await settledDatasets(opened.page);
  assert.equal(points.source, 'data/run.zarr');
  assert.equal(points.status, 'ready', points.error);
  assert.deepEqual(opened.problems, []);
  await opened.context.close();

  opened = await openPage(browser, `${server.baseUrl}?state=data/nothing.json`);
  assert.equal(await waitReady(opened.page), null);
  await opened.page.waitForFunction(() => document.getElementById('hs-announce').textContent !== '');
  const text = await opened.page.evaluate(() => document.getElementById('hs-announce').textContent);
  assert.equal(text, `The view state could not be loaded: ${server.baseUrl}data/nothing.json: the server answered 404 Not Found`);
  await opened.context.close();
});
