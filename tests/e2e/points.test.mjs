// End-to-end tests of atom probe point layers on the small apt-nmc811 sample: species colours from
// the stored ranges land where the sample's truth puts each phase (the Cr coating at the apex),
// hiding a species and editing its colour recolour the view, the spectrum's peaks sit at the
// truth's m/z, a view restored from the URL draws the same pixels, a slab cuts the needle, and a
// truncated brick or a missing store are reported while the rest keeps rendering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, waitReady, frames, decodePng, repoRoot } from './harness.mjs';

const CLI = path.join(repoRoot, 'build/native/bin/heteroscope');
const BLACK = [0, 0, 0];  // the view's background ("background": "black")
const WIDTH = 480, HEIGHT = 480;
const MENU_BAR_PX = 24;   // rows under the ImGui menu bar, left out of every count
const HALF_HEIGHT_NM = 60;
const FOV_Y_DEG = 40;     // the camera's default field of view
const POINT_SIZE_PX = 3;
// points.frag shades a sprite from its colour at the centre to 0.65 of it at the rim.
const RIM_SHADE = 0.65;

let site;
let server;
let browser;
let store;     // attributes.heteroscope of the sample's zarr.json
let spectrumAttributes;

// CRC-32C (Castagnoli, reflected), as the shard index codec writes it.
function crc32c(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0x82f63b78 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// Rewrites the shard index (at the end, [offset, nbytes] u64 pairs + CRC-32C) so that inner chunk
// `chunk` is cut to half its bytes: that brick is truncated, the shard's other bricks stay intact.
function truncateBrick(shardFile, chunk) {
  const bytes = readFileSync(shardFile);
  const chunks = 1 << 4;  // a shard holds 2^20 rows of the 2^16-row bricks
  const indexStart = bytes.length - (16 * chunks + 4);
  const index = bytes.subarray(indexStart, bytes.length - 4);
  const nbytes = index.readBigUInt64LE(16 * chunk + 8);
  assert.ok(nbytes > 16n && nbytes < BigInt(indexStart), `brick ${chunk} of ${shardFile} is not stored`);
  index.writeBigUInt64LE(nbytes / 2n, 16 * chunk + 8);
  bytes.writeUInt32LE(crc32c(index), bytes.length - 4);
  writeFileSync(shardFile, bytes);
}

before(async () => {
  site = mkdtempSync(path.join(tmpdir(), 'hs-e2e-points-'));
  for (const name of readdirSync(path.join(repoRoot, 'build/site'))) {
    if (name !== 'data') symlinkSync(path.join(repoRoot, 'build/site', name), path.join(site, name));
  }
  const data = path.join(site, 'data');
  mkdirSync(data);
  execFileSync(CLI, ['sample', 'apt-nmc811', '--size', 'small', '-o', path.join(data, 'apt.zarr')], { stdio: 'ignore' });
  store = JSON.parse(readFileSync(path.join(data, 'apt.zarr/zarr.json'))).attributes.heteroscope;
  spectrumAttributes = JSON.parse(readFileSync(path.join(data, 'apt.zarr/spectrum/zarr.json'))).attributes;
  // The same store with its second position brick (rows 65536..) cut short inside the one shard.
  cpSync(path.join(data, 'apt.zarr'), path.join(data, 'broken.zarr'), { recursive: true });
  truncateBrick(path.join(data, 'broken.zarr/position/c/0/0'), 1);
  server = await startServer(site);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

// ---- the view -----------------------------------------------------------------------------------

// An orthographic camera on the needle's mid-point (the truth's axis x = y = 0, z from 0 at the
// apex to length_nm), looking along +y (azimuth 0) or along -x (azimuth 90); z is up on screen.
function camera(azimuthDeg) {
  return {
    target_nm: [0, 0, store.truth.geometry.length_nm / 2],
    distance_nm: HALF_HEIGHT_NM / Math.tan((FOV_Y_DEG / 2) * Math.PI / 180),
    azimuth_deg: azimuthDeg, elevation_deg: 0, projection: 'orthographic',
  };
}

function viewState(points = {}, { azimuthDeg = 0, source = 'data/apt.zarr' } = {}) {
  return {
    version: 1, background: 'black', camera: camera(azimuthDeg),
    panels: { layers: false, display: false, status_bar: false }, overlays: { grid: false, axes: false, scale_bar: false },
    layers: [{ source, points: { depth_cue: false, point_size: POINT_SIZE_PX, ...points } }],
  };
}

// Screen position (pixels, y down) of a point, with the view matrix of core/scene/camera.cpp.
function toScreen(cam, p) {
  const az = (cam.azimuth_deg * Math.PI) / 180, el = (cam.elevation_deg * Math.PI) / 180;
  const back = [Math.sin(az) * Math.cos(el), -Math.cos(az) * Math.cos(el), Math.sin(el)];
  const rightRaw = [-back[1], back[0], 0];  // +z × back
  const norm = Math.hypot(...rightRaw);
  const right = rightRaw.map((c) => c / norm);
  const up = [back[1] * right[2] - back[2] * right[1], back[2] * right[0] - back[0] * right[2], back[0] * right[1] - back[1] * right[0]];
  const d = p.map((c, k) => c - cam.target_nm[k]);
  const nmPerPx = (2 * HALF_HEIGHT_NM) / HEIGHT;
  return [WIDTH / 2 + dot(d, right) / nmPerPx, HEIGHT / 2 - dot(d, up) / nmPerPx];
}

async function openView(state) {
  const opened = await openPage(browser, `${server.baseUrl}#!${encodeURIComponent(JSON.stringify(state))}`,
    { width: WIDTH, height: HEIGHT });
  const failure = await waitReady(opened.page);
  assert.equal(failure, null, `viewer did not become ready: ${failure}\n${opened.problems.join('\n')}`);
  return opened;
}

// Waits until every point layer has all the bricks it wants and draws every ion it wants.
async function settle(page) {
  const deadline = Date.now() + 60000;
  for (;;) {
    const list = await page.evaluate(() => window.heteroscope.datasets());
    const failed = list.find((d) => d.status === 'failed');
    if (failed) assert.fail(`${failed.source}: ${failed.error}`);
    const done = (d) => d.bricks_total > 0 && d.bricks_resident === d.bricks_total && d.points_drawn > 0 &&
      d.points_drawn === d.points_wanted;
    if (list.length > 0 && list.every(done)) break;
    if (Date.now() > deadline) assert.fail(`ions still loading after 60 s: ${JSON.stringify(list.map(({ details, ...d }) => d))}`);
    await page.waitForTimeout(100);
  }
  await frames(page, 3);
}

// Changes layer 0's "points" settings through setState and waits for the view to follow.
async function setPoints(page, change) {
  const state = await page.evaluate(() => window.heteroscope.getState());
  state.layers[0].points = { ...state.layers[0].points, ...change };
  const result = await page.evaluate((s) => window.heteroscope.setState(s), state);
  assert.deepEqual(result.errors, [], JSON.stringify(result));
  await settle(page);
}

// Screenshot, kept in build/test-logs for people to look at, and its pixels.
async function shoot(page, name) {
  const png = await page.screenshot();
  mkdirSync(path.join(repoRoot, 'build/test-logs'), { recursive: true });
  writeFileSync(path.join(repoRoot, `build/test-logs/points-${name}.png`), png);
  return decodePng(browser, png);
}

// ---- pixels -------------------------------------------------------------------------------------

const rgbOf = (hex) => [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));

// Whether a pixel is a sprite of colour `rgb`: the colour times a shade in [RIM_SHADE, 1].
function isShadeOf(pixel, rgb, tolerance = 3) {
  const shade = Math.min(1, Math.max(RIM_SHADE - 0.02, dot(pixel, rgb) / dot(rgb, rgb)));
  return pixel.every((c, k) => Math.abs(c - shade * rgb[k]) <= tolerance);
}

// Whether pixel (x, y) holds anything but the background.
function drawnAt(pixels, x, y) {
  const i = 4 * (y * pixels.width + x);
  return [0, 1, 2].some((k) => Math.abs(pixels.data[i + k] - BLACK[k]) > 2);
}

// Counts, within pixel rows [y0, y1) (below the menu bar), the drawn pixels and those of each
// named group of colours: {drawn, <group>: n}.
function count(pixels, groups, [y0, y1] = [MENU_BAR_PX, HEIGHT]) {
  const out = { drawn: 0 };
  for (const name of Object.keys(groups)) out[name] = 0;
  for (let y = Math.max(Math.floor(y0), MENU_BAR_PX); y < Math.min(Math.ceil(y1), HEIGHT); y++) {
    for (let x = 0; x < pixels.width; x++) {
      if (!drawnAt(pixels, x, y)) continue;
      out.drawn++;
      const pixel = pixels.data.subarray(4 * (y * pixels.width + x), 4 * (y * pixels.width + x) + 3);
      for (const [name, colours] of Object.entries(groups)) {
        if (colours.some((rgb) => isShadeOf(pixel, rgb))) out[name]++;
      }
    }
  }
  return out;
}

// The stored ions made of one element (and oxygen): for Cr, Cr+, Cr++ and CrO+.
function ionsOf(element) {
  return store.ranges.ions.filter((ion) => element in ion.composition && Object.keys(ion.composition).every((e) => e === element || e === 'O'));
}
const crIons = () => ionsOf('Cr');
const crColours = () => crIons().map((ion) => rgbOf(ion.color));

// The pixel row of depth z (nm below the apex) on the azimuth-0 camera, the apex at the bottom.
const rowOfDepth = (z) => toScreen(camera(0), [0, 0, z])[1];
// Pixel rows [top, bottom] of depths z0 < z1.
const rowsOfDepth = (z0, z1) => [rowOfDepth(z1), rowOfDepth(z0)];

// ---- tests --------------------------------------------------------------------------------------

test('the needle is drawn with the Cr species colour in the coating band at the apex and not in the bulk', async () => {
  const { page, context, problems } = await openView(viewState());
  await settle(page);
  const pixels = await shoot(page, 'species');
  const { geometry, coating } = store.truth;
  const thickness = coating.thickness_nm;
  const inCoating = count(pixels, { cr: crColours() }, rowsOfDepth(1, thickness - 1));
  const inBulk = count(pixels, { cr: crColours() }, rowsOfDepth(thickness + 3, geometry.length_nm - 1));
  // Ions are spread over depth by volume: the frustum above depth z holds ((r0 + z t)^3 - r0^3) /
  // ((r0 + L t)^3 - r0^3) of them; the stored Cr ion counts come from the coating (but for the few
  // background ions that fall in Cr ranges).
  const r = (z) => geometry.tip_radius_nm + z * geometry.tan_shank_half_angle;
  const coatingShare = (r(thickness) ** 3 - r(0) ** 3) / (r(geometry.length_nm) ** 3 - r(0) ** 3);
  const crCount = crIons().reduce((sum, ion) => sum + store.species_counts[store.ranges.ions.indexOf(ion)], 0);
  const expected = crCount / (store.ion_count * coatingShare);
  const coatingFraction = inCoating.cr / inCoating.drawn;
  const bulkFraction = inBulk.cr / inBulk.drawn;
  assert.ok(inCoating.drawn > 2000 && inBulk.drawn > 20000, `needle not drawn: ${JSON.stringify({ inCoating, inBulk })}`);
  assert.ok(Math.abs(coatingFraction / expected - 1) < 0.2,
    `Cr pixels in the coating band ${coatingFraction.toFixed(3)}, Cr ions in the coating ${expected.toFixed(3)}`);
  assert.ok(bulkFraction < 0.005, `Cr pixels in the bulk: ${bulkFraction.toFixed(4)} (${JSON.stringify(inBulk)})`);
  // The needle widens away from the apex (radius_law): wider on screen at the far end.
  const width = (z) => {
    let n = 0;
    for (let x = 0; x < WIDTH; x++) n += drawnAt(pixels, x, Math.floor(rowOfDepth(z)));
    return (n * 2 * HALF_HEIGHT_NM) / HEIGHT;
  };
  for (const z of [10, 90]) {
    assert.ok(Math.abs(width(z) - 2 * r(z)) < 4, `drawn width at z = ${z} nm: ${width(z).toFixed(1)} nm, needle ${(2 * r(z)).toFixed(1)} nm`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('hiding the Cr species removes its colour; showing it again brings it back', async () => {
  const { page, context, problems } = await openView(viewState());
  await settle(page);
  const groups = { cr: crColours() };
  const shown = count(await shoot(page, 'cr-shown'), groups);
  await setPoints(page, { hidden_ions: crIons().map((ion) => ion.name) });
  const hidden = count(await shoot(page, 'cr-hidden'), groups);
  await setPoints(page, { hidden_ions: [] });
  const again = count(await shoot(page, 'cr-shown-again'), groups);
  assert.ok(shown.cr > 1000, `Cr not drawn: ${JSON.stringify(shown)}`);
  assert.equal(hidden.cr, 0, JSON.stringify(hidden));
  assert.ok(hidden.drawn > 0.9 * shown.drawn, `the other species went too: ${JSON.stringify(hidden)}`);
  assert.deepEqual(again, shown);
  assert.equal((await page.evaluate(() => window.heteroscope.getState())).layers[0].points.hidden_ions, undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a range table edited through setState recolours the Cr ions', async () => {
  const { page, context, problems } = await openView(viewState());
  await settle(page);
  const yellow = [255, 255, 0];  // no stored ion has a colour along (1, 1, 0)
  assert.ok(!store.ranges.ions.some((ion) => isShadeOf(rgbOf(ion.color), yellow, 20)));
  const groups = { cr: crColours(), yellow: [yellow] };
  const before = count(await shoot(page, 'ranges-stored'), groups);
  const ranges = structuredClone(store.ranges);
  const names = crIons().map((ion) => ion.name);
  for (const ion of ranges.ions) if (names.includes(ion.name)) ion.color = 'FFFF00';
  await setPoints(page, { ranges });
  const after = count(await shoot(page, 'ranges-edited'), groups);
  assert.ok(before.cr > 1000 && before.yellow === 0, JSON.stringify(before));
  assert.equal(after.cr, 0, JSON.stringify(after));
  // The same ions, now yellow: as many pixels as were Cr-coloured.
  assert.equal(after.yellow, before.cr, JSON.stringify({ before, after }));
  const kept = (await page.evaluate(() => window.heteroscope.getState())).layers[0].points.ranges;
  assert.deepEqual(kept.ions.map((ion) => ion.color), ranges.ions.map((ion) => ion.color));
  assert.deepEqual(problems, []);
  await context.close();
});

test('an RRNG file dropped on the page re-ranges the layer; a broken one is reported by name', async () => {
  // Unranged ions drawn at full size, so that re-ranging changes colours and nothing else.
  const { page, context, problems } = await openView(viewState({ unranged: 'shown' }));
  await settle(page);
  const yellow = [255, 255, 0];
  const groups = { cr: crColours(), yellow: [yellow] };
  const before = count(await shoot(page, 'rrng-stored'), groups);
  // A hand-written RRNG with only the Cr ranges of the store, coloured yellow.
  const crIndices = new Set(crIons().map((ion) => store.ranges.ions.indexOf(ion)));
  const crRanges = store.ranges.ranges.filter((range) => crIndices.has(range.ion));
  const rrng = ['[Ions]', 'Number=1', 'Ion1=Cr', '[Ranges]', `Number=${crRanges.length}`,
    ...crRanges.map((r, i) => `Range${i + 1}=${r.low_da.toFixed(4)} ${r.high_da.toFixed(4)} Vol:0.01200 Cr:1 Color:FFFF00`)].join('\r\n');
  const drop = (name, text) => page.evaluate(([n, t]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([t], n));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
  }, [name, text]);
  await drop('cr-only.rrng', rrng);
  await page.waitForFunction(() => window.heteroscope.getState().layers[0].points?.ranges !== undefined);
  await settle(page);
  const after = count(await shoot(page, 'rrng-dropped'), groups);
  assert.ok(before.cr > 1000, JSON.stringify(before));
  assert.equal(after.cr, 0, JSON.stringify(after));
  assert.equal(after.yellow, before.cr, JSON.stringify({ before, after }));
  const ranges = (await page.evaluate(() => window.heteroscope.getState())).layers[0].points.ranges;
  assert.deepEqual(ranges.ions.map((ion) => ion.name), ['Cr']);
  assert.equal(ranges.ranges.length, crRanges.length);
  // Broken text: the error names the file and the layer keeps its ranges.
  const result = await page.evaluate(() => window.heteroscope.loadRanges('broken.rrng', '[Ions]\nNumber=x\n'));
  assert.equal(result.ok, false);
  assert.match(result.error, /^broken\.rrng/);
  assert.deepEqual((await page.evaluate(() => window.heteroscope.getState())).layers[0].points.ranges, ranges);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the spectrum peaks at the m/z of the main species and counts every binned ion', async () => {
  const { page, context, problems } = await openView(viewState());
  const deadline = Date.now() + 60000;
  let spectrum;
  while (!(spectrum = await page.evaluate(() => window.heteroscope.spectrum(0)))) {
    if (Date.now() > deadline) assert.fail('the spectrum did not load in 60 s');
    await page.waitForTimeout(100);
  }
  await context.close();
  const { counts, bin_width_da: width } = spectrum;
  assert.equal(width, spectrumAttributes.bin_width_da);
  assert.equal(counts.reduce((a, b) => a + b, 0), store.ion_count - (spectrumAttributes.outside_count ?? 0));

  const ranged = new Uint8Array(counts.length);  // bins whose centre lies in a stored range
  const binsOf = ({ low_da, high_da }) => {
    const bins = [];
    for (let i = Math.floor(low_da / width); i <= Math.ceil(high_da / width); i++) {
      if ((i + 0.5) * width >= low_da && (i + 0.5) * width <= high_da && i < counts.length) bins.push(i);
    }
    return bins;
  };
  for (const range of store.ranges.ranges) for (const i of binsOf(range)) ranged[i] = 1;
  // Between the ranges lie the ions the stored ranges leave unranged (the truth's flat background,
  // peak tails, isotopes under ranged_abundance): as many as the store counted.
  const { background_fraction, background_mass_range_da: [lowDa, highDa], relative_sigma } = store.truth.spectrum;
  let unranged = 0, backgroundBins = 0;
  for (let i = 0; i < counts.length; i++) {
    if (ranged[i]) continue;
    unranged += counts[i];
    if (i * width >= lowDa && (i + 1) * width <= highDa) backgroundBins++;
  }
  assert.ok(Math.abs(unranged - store.unranged_count) <= 0.05 * store.unranged_count,
    `${unranged} ions between the ranges, ${store.unranged_count} unranged in the store`);
  const background = unranged / backgroundBins;
  const flat = (background_fraction * store.ion_count * width) / (highDa - lowDa);
  assert.ok(background > 0.8 * flat, `background ${background} per bin, the truth's flat part alone ${flat}`);

  // Each species with at least 5 % of the ions: its highest bin sits on its most abundant peak
  // and stands far above the background.
  const major = store.ranges.ions.filter((ion, k) => store.species_counts[k] >= 0.05 * store.ion_count);
  assert.ok(major.length >= 4, major.map((ion) => ion.name).join(', '));
  for (const ion of major) {
    const k = store.ranges.ions.indexOf(ion);
    let best = -1;
    for (const range of store.ranges.ranges.filter((r) => r.ion === k)) {
      for (const i of binsOf(range)) if (best < 0 || counts[i] > counts[best]) best = i;
    }
    const peak = store.truth.peaks.filter((p) => p.ion === ion.name).reduce((a, b) => (b.abundance > a.abundance ? b : a));
    const m = peak.mass_to_charge_da;
    const centre = (best + 0.5) * width;
    assert.ok(Math.abs(centre - m) <= 2 * relative_sigma * m + width,
      `${ion.name}: highest bin at ${centre.toFixed(3)} Da, peak ${peak.isotopes} at ${m.toFixed(3)} Da`);
    assert.ok(counts[best] > 200 * background, `${ion.name}: peak ${counts[best]}, background ${background.toFixed(3)} per bin`);
  }
  // The 20 highest bins all lie in stored ranges.
  const top = [...counts.keys()].sort((a, b) => counts[b] - counts[a]).slice(0, 20);
  assert.deepEqual(top.filter((i) => !ranged[i]).map((i) => `${(i * width).toFixed(2)} Da: ${counts[i]}`), []);
  assert.deepEqual(problems, []);
});

test('a view restored from the URL has the same settings and the same pixels', async () => {
  const first = await openView(viewState());
  await settle(first.page);
  await setPoints(first.page, {
    slab: { center_nm: [0, 0, 50], normal: [1, 0, 0], thickness_nm: 24 }, color_by: 'mass', point_size: 5,
  });
  const state = await first.page.evaluate(() => window.heteroscope.getState());
  assert.deepEqual(state.layers[0].points.slab, { center_nm: [0, 0, 50], normal: [1, 0, 0], thickness_nm: 24 });
  assert.equal(state.layers[0].points.color_by, 'mass');
  assert.equal(state.layers[0].points.point_size, 5);
  const original = await shoot(first.page, 'url-original');
  assert.deepEqual(first.problems, []);
  await first.context.close();

  const second = await openView(state);
  await settle(second.page);
  assert.deepEqual(await second.page.evaluate(() => window.heteroscope.getState()), state);
  const restored = await shoot(second.page, 'url-restored');
  let differing = 0;
  for (let i = 0; i < original.data.length; i += 4) {
    if ([0, 1, 2].some((k) => Math.abs(original.data[i + k] - restored.data[i + k]) > 1)) differing++;
  }
  assert.ok(count(original, {}).drawn > 10000, 'nothing drawn');
  assert.equal(differing, 0, `${differing} pixels differ`);
  assert.deepEqual(second.problems, []);
  await second.context.close();
});

test('a thin slab normal to x shows few ions seen along x and a narrow band seen edge-on', async () => {
  const thicknessNm = 2;
  const slab = { center_nm: [0, 0, store.truth.geometry.length_nm / 2], normal: [1, 0, 0], thickness_nm: thicknessNm };
  const { page, context, problems } = await openView(viewState({}, { azimuthDeg: 90 }));
  await settle(page);
  const whole = count(await shoot(page, 'along-x'), {});
  await setPoints(page, { slab });
  const cut = count(await shoot(page, 'slab-along-x'), {});
  assert.ok(whole.drawn > 50000, JSON.stringify(whole));
  assert.ok(cut.drawn > 500 && cut.drawn < 0.4 * whole.drawn, `with the slab ${cut.drawn}, without ${whole.drawn} pixels`);

  // Seen along y, the slab is the plane x = 0 edge-on: a band as wide as the slab plus a sprite.
  const state = await page.evaluate(() => window.heteroscope.getState());
  state.camera = camera(0);
  assert.deepEqual((await page.evaluate((s) => window.heteroscope.setState(s), state)).errors, []);
  await settle(page);
  const pixels = await shoot(page, 'slab-edge-on');
  const nmPerPx = (2 * HALF_HEIGHT_NM) / HEIGHT;
  const [left] = toScreen(camera(0), [-thicknessNm / 2, 0, 0]);
  const [right] = toScreen(camera(0), [thicknessNm / 2, 0, 0]);
  const pad = POINT_SIZE_PX / 2 + 1;
  let inside = 0, outside = 0;
  const rows = new Set();
  for (let y = MENU_BAR_PX; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      if (!drawnAt(pixels, x, y)) continue;
      if (x + 0.5 >= left - pad && x + 0.5 <= right + pad) {
        inside++;
        rows.add(y);
      } else {
        outside++;
      }
    }
  }
  assert.equal(outside, 0, `${outside} pixels outside the band of ${((right - left) * nmPerPx).toFixed(1)} nm (${inside} inside)`);
  const [top, bottom] = rowsOfDepth(0, store.truth.geometry.length_nm);
  assert.ok(rows.size > 0.9 * (bottom - top), `the band covers ${rows.size} of the needle's ${Math.round(bottom - top)} rows`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a truncated brick and a missing store are reported; the intact nodes keep rendering', async () => {
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: WIDTH, height: HEIGHT });
  assert.equal(await waitReady(page), null);
  // Failures are shown in the viewer's message window and repeated in the live region, each
  // replacing the one before: record them all.
  await page.evaluate(() => {
    window.announced = [];
    const region = document.getElementById('hs-announce');
    new MutationObserver(() => window.announced.push(region.textContent)).observe(region, { childList: true, characterData: true, subtree: true });
  });
  const state = viewState({}, { source: 'data/broken.zarr' });
  state.layers.push({ source: 'data/missing.zarr' });
  assert.deepEqual((await page.evaluate((s) => window.heteroscope.setState(s), state)).errors, []);
  const deadline = Date.now() + 60000;
  let broken, missing, errors;
  for (;;) {
    [broken, missing] = await page.evaluate(() => window.heteroscope.datasets());
    errors = (await page.evaluate(() => window.announced)).filter((text) => text.includes('could not be read'));
    // The layers join datasets() on the viewer's next frame.
    if (missing?.status === 'failed' && broken.points_drawn > 0 && errors.length > 0) break;
    if (Date.now() > deadline) assert.fail(`no failure seen in 60 s: ${JSON.stringify({ broken, missing, errors })}`);
    await page.waitForTimeout(100);
  }
  await frames(page, 3);
  assert.equal(missing.error, `${server.baseUrl}data/missing.zarr/zarr.json: no such Zarr v3 node (zarr.json missing)`);
  assert.match(errors[0], /^A brick could not be read: .*broken\.zarr\/position\/c\/0\/0/);
  [broken] = await page.evaluate(() => window.heteroscope.datasets());
  assert.equal(broken.status, 'ready', broken.error);
  // The root node is rows [0, capacity): all of brick 0, which is intact; its children are in
  // the truncated brick 1.
  assert.equal(broken.points_drawn, Math.min(store.octree.capacity, store.ion_count));
  assert.equal(broken.points_wanted, store.ion_count);
  assert.equal(broken.bricks_resident, broken.bricks_total - 1);
  // The far half of the needle (above the message window that reports the failures) is drawn
  // in species colours.
  const ionColours = { ions: store.ranges.ions.map((ion) => rgbOf(ion.color)) };
  const drawn = count(await shoot(page, 'broken-brick'), ionColours, rowsOfDepth(store.truth.geometry.length_nm / 2, store.truth.geometry.length_nm));
  assert.ok(drawn.ions > 20000, `the intact ions are not drawn: ${JSON.stringify(drawn)}`);
  assert.deepEqual(problems.filter((p) => p.startsWith('page error')), []);
  await context.close();
});
