// End-to-end tests of how image layers are drawn: an orthographic maximum / minimum intensity
// projection along y, and a slice normal to y, match what is computed here on the CPU from the same voxels,
// through the grays colormap and the display window, with values outside the characteristic range
// in the highlight colour exactly where the data says and no-data voxels transparent; changing
// the time point changes the image as the data says. The view comes from the URL, so the URL's
// display settings are what restores these pixels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, waitReady, frames, decodePng, repoRoot } from './harness.mjs';

const CLI = path.join(repoRoot, 'build/native/bin/heteroscope');
const BACKGROUND = [27, 29, 35];     // glClearColor of viewer/app.cpp in 8-bit
const HIGHLIGHT = [255, 105, 181];   // kHighlightRgb (1, 0.41, 0.71) of core/scene/image_display.h
const [NZ, NY, NX] = [24, 32, 48];   // voxels of 1 nm; voxel i's centre at i nm
const WINDOW = [8.0, 8.2];           // display window, Å
const RANGE = [8.0, 8.15];           // characteristic range, Å: the blobs' cores lie above it
const CENTRES = [[20, 15, 12], [28, 15, 12]];  // x, y, z of the blob at each time point
const NO_DATA_CORNER = (x, z) => x < 8 && z < 6;  // 0 = not refined, in every y

// A lattice-parameter-like field: 8.0 Å plus a Gaussian bump of 0.2 Å (σ = 7 voxels).
function field(time) {
  const values = new Float32Array(NZ * NY * NX);
  const [cx, cy, cz] = CENTRES[time];
  for (let z = 0; z < NZ; z++) {
    for (let y = 0; y < NY; y++) {
      for (let x = 0; x < NX; x++) {
        const r2 = (x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2;
        values[(z * NY + y) * NX + x] = NO_DATA_CORNER(x, z) ? 0 : 8.0 + 0.2 * Math.exp(-r2 / (2 * 49));
      }
    }
  }
  return values;
}

// A little-endian float32 NPY file (format 1.0) of shape (NZ, NY, NX).
function npyBytes(values) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${NZ}, ${NY}, ${NX}), }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), Buffer.from(values.buffer)]);
}

// The value seen along the ray through world (x, z): per y voxel, the bilinear interpolation in x
// and z of the four voxels around it (what the GPU's linear filtering gives at voxel centres in y),
// then the maximum or minimum over y (or over the given planes `ys`). null where any of the four is no data or outside the volume.
function projected(values, xNm, zNm, reduce, ys = [...Array(NY).keys()]) {
  const x0 = Math.floor(xNm), z0 = Math.floor(zNm);
  if (x0 < 0 || z0 < 0 || x0 + 1 >= NX || z0 + 1 >= NZ) return null;
  const fx = xNm - x0, fz = zNm - z0;
  let best = null;
  for (const y of ys) {
    const at = (x, z) => values[(z * NY + y) * NX + x];
    const corners = [at(x0, z0), at(x0 + 1, z0), at(x0, z0 + 1), at(x0 + 1, z0 + 1)];
    if (corners.some((v) => v === 0)) return null;
    const v = (corners[0] * (1 - fx) + corners[1] * fx) * (1 - fz) + (corners[2] * (1 - fx) + corners[3] * fx) * fz;
    best = best === null ? v : reduce(best, v);
  }
  return best;
}

let site;
let server;
let browser;
const fields = [field(0), field(1)];
const rendered = new Map();  // "mode t" -> pixels, kept for the comparison across time points

before(async () => {
  site = mkdtempSync(path.join(tmpdir(), 'hs-e2e-display-'));
  for (const name of readdirSync(path.join(repoRoot, 'build/site'))) {
    if (name !== 'data') symlinkSync(path.join(repoRoot, 'build/site', name), path.join(site, name));
  }
  const data = path.join(site, 'data');
  mkdirSync(data);
  fields.forEach((values, t) => writeFileSync(path.join(data, `t${t}.npy`), npyBytes(values)));
  execFileSync(CLI, ['convert', path.join(data, 't0.npy'), path.join(data, 't1.npy'), '--time', 'pristine,charged',
    '--voxel-size', '1', '--unit', 'nm', '--quantity', 'lattice parameter', '--value-unit', 'Å', '--no-data', '0',
    '--range', `${RANGE[0]}:${RANGE[1]}`, '-o', path.join(data, 'lattice.zarr')], { stdio: 'ignore' });
  server = await startServer(site);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const WIDTH = 480, HEIGHT = 320, HALF_HEIGHT_NM = 20;
const TARGET = [(NX - 1) / 2, (NY - 1) / 2, (NZ - 1) / 2];  // centre of the voxel centres, nm

// Looking along +y (azimuth 0, elevation 0): screen right is world x, screen up is world z.
function viewState(mode, time) {
  return {
    version: 1,
    camera: { target_nm: TARGET, distance_nm: HALF_HEIGHT_NM / Math.tan((20 * Math.PI) / 180), azimuth_deg: 0,
      elevation_deg: 0, projection: 'orthographic' },
    panels: { layers: false, display: false, status_bar: false },
    overlays: { grid: false, axes: false, scale_bar: false },
    layers: [{ source: 'data/lattice.zarr', display: { mode, time, colormap: 'grays', window: WINDOW } }],
  };
}

async function render(state) {
  const { page, context, problems } = await openPage(browser, `${server.baseUrl}#!${encodeURIComponent(JSON.stringify(state))}`,
    { width: WIDTH, height: HEIGHT });
  assert.equal(await waitReady(page), null);
  const deadline = Date.now() + 60000;
  let image;
  do {
    [image] = await page.evaluate(() => window.heteroscope.datasets());
    if (image.status === 'failed') assert.fail(image.error);
    if (Date.now() > deadline) assert.fail(`bricks still loading: ${JSON.stringify(image)}`);
    await page.waitForTimeout(200);
  } while (image.bricks_total === 0 || image.bricks_resident < image.bricks_total);
  await frames(page, 3);
  const png = await page.screenshot();
  mkdirSync(path.join(repoRoot, 'build/test-logs'), { recursive: true });
  const name = `volume-${state.layers[0].display.mode}-t${state.layers[0].display.time}${state.layers[0].transform ? '-placed' : ''}`;
  writeFileSync(path.join(repoRoot, `build/test-logs/${name}.png`), png);
  const pixels = await decodePng(browser, png);
  assert.deepEqual(problems, []);
  await context.close();
  return pixels;
}

// Compares every pixel away from the menu bar, the colorbar and its label with the CPU projection.
function compare(pixels, values, reduce, ys = undefined) {
  const halfWidthNm = HALF_HEIGHT_NM * (WIDTH / HEIGHT);
  const counts = { grey: 0, highlight: 0, transparent: 0, outside: 0 };
  const failures = [];
  for (let py = 50; py < HEIGHT; py++) {
    for (let px = 0; px < WIDTH - 130; px++) {
      const xNm = TARGET[0] + (((px + 0.5) / WIDTH) * 2 - 1) * halfWidthNm;
      const zNm = TARGET[2] + (1 - ((py + 0.5) / HEIGHT) * 2) * HALF_HEIGHT_NM;
      const i = 4 * (py * WIDTH + px);
      const got = pixels.data.slice(i, i + 3);
      const near = (expected, tolerance) => got.every((c, k) => Math.abs(c - expected[k]) <= tolerance);
      // Skip the rims: the box's faces and the no-data corner's edges within a voxel.
      const inside = xNm > 0.5 && xNm < NX - 1.5 && zNm > 0.5 && zNm < NZ - 1.5;
      const outside = xNm < -0.6 || xNm > NX - 0.4 || zNm < -0.6 || zNm > NZ - 0.4;
      if (outside) {
        counts.outside++;
        if (!near(BACKGROUND, 2)) failures.push(`(${px}, ${py}) outside the volume: ${got}`);
        continue;
      }
      if (!inside) continue;
      const v = projected(values, xNm, zNm, reduce, ys);
      if (v === null) {
        if (xNm < 6.5 && zNm < 4.5) {  // well inside the no-data corner
          counts.transparent++;
          if (!near(BACKGROUND, 2)) failures.push(`(${px}, ${py}) no data: ${got}`);
        }
        continue;
      }
      if (Math.abs(v - RANGE[1]) < 0.003) continue;  // too close to the range's end to call
      if (v > RANGE[1]) {
        counts.highlight++;
        if (!near(HIGHLIGHT, 2)) failures.push(`(${px}, ${py}) value ${v.toFixed(4)} is out of range: ${got}`);
      } else {
        counts.grey++;
        const grey = Math.round((255 * (v - WINDOW[0])) / (WINDOW[1] - WINDOW[0]));
        if (!near([grey, grey, grey], 3)) failures.push(`(${px}, ${py}) value ${v.toFixed(4)} wants grey ${grey}: ${got}`);
      }
    }
  }
  return { counts, failures };
}

for (const [mode, reduce] of [['mip', Math.max], ['minip', Math.min]]) {
  for (const time of [0, 1]) {
    test(`${mode} at time point ${time} equals the CPU projection through the window, highlight and no data`, async () => {
      const pixels = await render(viewState(mode, time));
      rendered.set(`${mode} ${time}`, pixels);
      const { counts, failures } = compare(pixels, fields[time], reduce);
      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} pixels differ; counts ${JSON.stringify(counts)}`);
      assert.ok(counts.grey > 5000 && counts.transparent > 100 && counts.outside > 1000, JSON.stringify(counts));
      if (mode === 'mip') assert.ok(counts.highlight > 300, `no highlighted core: ${JSON.stringify(counts)}`);
    });
  }
}

test('a layer turned 180° about z and moved, seen from the matching camera, gives the same MIP', async () => {
  const shift = [1000, -250, 40];
  const state = viewState('mip', 0);
  state.layers[0].transform = { translation_nm: shift, rotation_deg: [0, 0, 180] };
  // The turn maps the layer's (x, y, z) to (-x, -y, z); looking from +y (azimuth 180) keeps the
  // layer's x to the right and z up.
  state.camera.target_nm = [shift[0] - TARGET[0], shift[1] - TARGET[1], shift[2] + TARGET[2]];
  state.camera.azimuth_deg = 180;
  const { counts, failures } = compare(await render(state), fields[0], Math.max);
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} pixels differ; counts ${JSON.stringify(counts)}`);
  assert.ok(counts.grey > 5000 && counts.highlight > 300, JSON.stringify(counts));
});

test('a slice normal to y shows that plane of voxels through the colormap', async () => {
  const state = viewState('slices', 0);
  const plane = 15;  // through voxel centres: the box runs from -0.5 nm to NY - 0.5 nm
  Object.assign(state.layers[0].display, { slice_axes: 'y', slice_position: [0.5, (plane + 0.5) / NY, 0.5] });
  const { counts, failures } = compare(await render(state), fields[0], Math.max, [plane]);
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} pixels differ; counts ${JSON.stringify(counts)}`);
  assert.ok(counts.grey > 5000 && counts.highlight > 100, JSON.stringify(counts));
});

test('the two time points give different images where their data differ', async () => {
  const [a, b] = [rendered.get('mip 0'), rendered.get('mip 1')];
  assert.ok(a && b, 'the MIP tests did not run');
  // The blob moved 8 nm along x: the highlighted core is elsewhere.
  const pink = (p, i) => Math.abs(p.data[i] - HIGHLIGHT[0]) <= 2 && Math.abs(p.data[i + 1] - HIGHLIGHT[1]) <= 2;
  let onlyA = 0, onlyB = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (pink(a, i) && !pink(b, i)) onlyA++;
    if (pink(b, i) && !pink(a, i)) onlyB++;
  }
  assert.ok(onlyA > 100 && onlyB > 100, `only at t0 ${onlyA}, only at t1 ${onlyB}`);
});
