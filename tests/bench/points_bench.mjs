// The "points" section of scripts/bench: our atom probe point renderer (build/site) against
// three.js drawing the same number of ions as THREE.Points, in one headless Chromium with the e2e
// harness's flags (SwiftShader). Prints one JSON object:
//   counts.<budget>: at point budgets 1, 2 and 5·10^6 on the medium apt-nmc811 sample, the exact
//     ions drawn and the frame time (mean requestAnimationFrame interval) of ours without and with
//     eye-dome lighting and of three.js drawing as many ions (the first ones of the .pos), and the
//     ratios ours / three;
//   full_view: seconds from navigation start until all 5·10^6 ions are shown: ours streaming the
//     store at budget 5·10^6 until points_drawn reaches them, three.js until the first frame after
//     the whole .pos was fetched, parsed and uploaded;
//   large (with --large): the 2·10^8-ion sample: ours at budget 5·10^6 (seconds to a settled view,
//     frame times), and three.js loading its 3.2 GB .pos whole, or why it could not.
// The camera is fixed (no orbit): both loops redraw every frame anyway (wasm/main.cpp renders on
// every animation frame; the three.js page uses setAnimationLoop). Frame times are taken over
// MEASURE_MS and at least MIN_FRAMES frames each, in ROUNDS rounds of ours then three.js, so that
// load from elsewhere on a shared machine falls on both sides alike. One page is open at a time: a
// second WebGL page, even frozen, slowed the measured one severalfold under SwiftShader.
//   node tests/bench/points_bench.mjs [--large] [--cli PATH]
//     --cli PATH  the heteroscope binary that writes the samples (default build/native/bin/heteroscope)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { frames, launchBrowser, openPage, repoRoot, startServer, waitReady } from '../e2e/harness.mjs';

const cliAt = process.argv.indexOf('--cli');
const CLI = cliAt > 0 ? path.resolve(process.argv[cliAt + 1]) : path.join(repoRoot, 'build/native/bin/heteroscope');
const WIDTH = 800, HEIGHT = 600;
const POINT_SIZE_PX = 2;
const BUDGETS = [1_000_000, 2_000_000, 5_000_000];
const FULL_VIEW_BUDGET = 5_000_000;
const MEASURE_MS = 5000;
const MIN_FRAMES = 5;
const ROUNDS = 2;
const WARM_UP_FRAMES = 2;  // after a change, before timing (shader compiles, buffers allocated)
const LOAD_TIMEOUT_MS = 600_000;

// The view of core/scene/camera.cpp's camera_framing: the default direction and field of view,
// far enough to hold the bounds box's sphere; near/far where its projection matrix puts them.
function framing([lo, hi]) {
  const rad = Math.PI / 180;
  const camera = { azimuth_deg: -50, elevation_deg: 30, fov_y_deg: 40, projection: 'perspective' };
  camera.target_nm = lo.map((v, k) => (v + hi[k]) / 2);
  const radius = Math.hypot(...lo.map((v, k) => hi[k] - v)) / 2;
  camera.distance_nm = (1.1 * radius) / Math.sin((camera.fov_y_deg / 2) * rad);
  const az = camera.azimuth_deg * rad, el = camera.elevation_deg * rad;
  const back = [Math.sin(az) * Math.cos(el), -Math.cos(az) * Math.cos(el), Math.sin(el)];
  const eye = camera.target_nm.map((t, k) => t + camera.distance_nm * back[k]);
  return { camera, eye, near: camera.distance_nm * 1e-2, far: camera.distance_nm * 1e3 };
}

function viewerState(source, camera, points) {
  return {
    version: 1, background: 'black', camera,
    panels: { layers: false, display: false, analysis: false, status_bar: false },
    overlays: { grid: false, axes: false, scale_bar: false },
    layers: [{ source, points: { point_size: POINT_SIZE_PX, depth_cue: false, ...points } }],
  };
}

// The three.js side: a page that loads the whole .pos (big-endian float32 x, y, z, m per ion) into
// one THREE.Points and exposes window.bench = {loaded, show(n)}; `loaded` resolves to
// {ions, full_view_ms} at the first animation frame after the upload.
const THREE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>three.js points</title><link rel="icon" href="data:,">
<style>html, body { margin: 0; height: 100%; overflow: hidden; background: #000; }
canvas { display: block; width: 100vw; height: 100vh; }</style></head>
<body><canvas id="canvas"></canvas><script type="module" src="three-points.js"></script></body></html>
`;
const THREE_MODULE = `import * as THREE from './three/three.module.js';
const config = JSON.parse(new URLSearchParams(location.search).get('config'));
const renderer = new THREE.WebGLRenderer({ canvas: document.getElementById('canvas'), antialias: false });
renderer.setPixelRatio(1);
renderer.setSize(innerWidth, innerHeight, false);
const scene = new THREE.Scene();
scene.background = new THREE.Color(0x000000);
const camera = new THREE.PerspectiveCamera(config.fov_y_deg, innerWidth / innerHeight, config.near, config.far);
camera.up.set(0, 0, 1);
camera.position.set(...config.eye);
camera.lookAt(...config.target);
let geometry = null;
async function load() {
  const response = await fetch(config.pos);
  if (!response.ok) throw new Error(config.pos + ': the server answered ' + response.status);
  const bytes = await response.arrayBuffer();
  const view = new DataView(bytes);
  const ions = Math.floor(bytes.byteLength / 16);
  const xyz = new Float32Array(ions * 3);
  for (let i = 0; i < ions; i++) {
    xyz[3 * i] = view.getFloat32(16 * i, false);
    xyz[3 * i + 1] = view.getFloat32(16 * i + 4, false);
    xyz[3 * i + 2] = view.getFloat32(16 * i + 8, false);
  }
  geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(xyz, 3));
  const material = new THREE.PointsMaterial({ size: config.point_size_px, sizeAttenuation: false, color: 0xc8c8c8 });
  scene.add(new THREE.Points(geometry, material));
  renderer.render(scene, camera);
  const full_view_ms = await new Promise(requestAnimationFrame);
  renderer.setAnimationLoop(() => renderer.render(scene, camera));
  return { ions, full_view_ms };
}
window.bench = { loaded: load(), show(n) { geometry.setDrawRange(0, n); } };
`;

// requestAnimationFrame intervals over at least MEASURE_MS and `minFrames` frames, after warm-up:
// {ms (their sum), frames}.
async function frameTime(page, minFrames = MIN_FRAMES) {
  await frames(page, WARM_UP_FRAMES);
  return page.evaluate(([ms, least]) => new Promise((resolve) => {
    const times = [];
    const step = (t) => {
      times.push(t);
      const count = times.length - 1;
      if (t - times[0] >= ms && count >= least) resolve({ ms: t - times[0], frames: count });
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }), [MEASURE_MS, minFrames]);
}

// Waits (checking every animation frame) until layer 0 has all its wanted bricks and draws every
// ion it wants; returns {at_ms (since navigation start), points_drawn}.
function settled(page) {
  return page.evaluate((timeoutMs) => new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const step = (t) => {
      const d = window.heteroscope.datasets()[0];
      if (d && d.status === 'failed') return reject(new Error(`${d.source}: ${d.error}`));
      if (d && d.bricks_total > 0 && d.bricks_resident === d.bricks_total && d.points_drawn > 0 &&
          d.points_drawn === d.points_wanted) {
        return resolve({ at_ms: t, points_drawn: d.points_drawn });
      }
      if (performance.now() > deadline) return reject(new Error(`not settled: ${JSON.stringify(d)}`));
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }), LOAD_TIMEOUT_MS);
}

// One run of a side in a page of its own, closed after: ours on a store at each budget in turn
// (the first one's settling is its full view), or three.js on a whole .pos at each count. Returns
// {full_view: {at_ms, drawn}, frames: [{drawn, plain, edl (ours only)} per budget or count],
// problems}, or {error, problems}; plain and edl are {ms, frames}.
async function runOurs(browser, baseUrl, source, view, budgets, minFrames = MIN_FRAMES) {
  const { page, context, problems } = await openPage(browser,
    `${baseUrl}#!${encodeURIComponent(JSON.stringify(viewerState(source, view.camera, { point_budget: budgets[0] })))}`,
    { width: WIDTH, height: HEIGHT });
  try {
    const failure = await waitReady(page);
    if (failure) throw new Error(`viewer did not become ready: ${failure}`);
    const shown = await settled(page);
    note('ours: full view', shown);
    const frames = [];
    for (const budget of budgets) {
      await setPoints(page, { point_budget: budget, depth_cue: false });
      const { points_drawn: drawn } = await settled(page);
      const plain = await frameTime(page, minFrames);
      note('ours', drawn, 'ions', plain);
      await setPoints(page, { depth_cue: true });
      const edl = await frameTime(page, minFrames);
      note('ours with EDL', drawn, 'ions', edl);
      frames.push({ budget, drawn, plain, edl });
    }
    return { full_view: { at_ms: shown.at_ms, drawn: shown.points_drawn }, frames, problems };
  } catch (e) {
    return { error: String(e.message || e).slice(0, 400), problems };
  } finally {
    await context.close();
  }
}

async function runThree(browser, baseUrl, view, pos, counts, minFrames = MIN_FRAMES) {
  const config = {
    pos, eye: view.eye, target: view.camera.target_nm, fov_y_deg: view.camera.fov_y_deg, near: view.near,
    far: view.far, point_size_px: POINT_SIZE_PX,
  };
  const { page, context, problems } = await openPage(browser,
    `${baseUrl}three.html?config=${encodeURIComponent(JSON.stringify(config))}`, { width: WIDTH, height: HEIGHT });
  try {
    const loaded = await page.evaluate((ms) => Promise.race([
      window.bench.loaded,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`not loaded after ${ms / 1000} s`)), ms)),
    ]), LOAD_TIMEOUT_MS);
    note('three.js: full view', loaded);
    const frames = [];
    for (const count of counts) {
      await page.evaluate((n) => window.bench.show(n), count);
      const plain = await frameTime(page, minFrames);
      note('three.js', count, 'ions', plain);
      frames.push({ drawn: Math.min(count, loaded.ions), plain });
    }
    return { full_view: { at_ms: loaded.full_view_ms, drawn: loaded.ions }, frames, problems };
  } catch (e) {
    return { error: String(e.message || e).slice(0, 400), problems };
  } finally {
    await context.close();
  }
}

async function setPoints(page, change) {
  const state = await page.evaluate(() => window.heteroscope.getState());
  state.layers[0].points = { ...state.layers[0].points, ...change };
  const result = await page.evaluate((s) => window.heteroscope.setState(s), state);
  if (result.errors.length > 0) throw new Error(`setState: ${result.errors.join('; ')}`);
}

const round = (v, digits = 2) => +v.toFixed(digits);
// Progress on stderr (scripts/bench shows it only when the section fails).
const note = (...what) => console.error(`points: ${new Date().toISOString().slice(11, 19)}`, ...what);
// The mean frame time over several measurements {ms, frames}.
const meanMs = (times) => times.reduce((s, t) => s + t.ms, 0) / times.reduce((s, t) => s + t.frames, 0);
const frameCount = (times) => times.reduce((s, t) => s + t.frames, 0);
const mean = (values) => values.reduce((s, v) => s + v, 0) / values.length;

// Writes sample apt-nmc811 of `size` as data/<name>.zarr (+ .pos) in the site; returns its
// store attributes and the seconds it took.
function writeSample(site, name, size) {
  const started = performance.now();
  execFileSync(CLI, ['sample', 'apt-nmc811', '--size', size, '-o', path.join(site, 'data', `${name}.zarr`)],
    { stdio: 'ignore' });
  rmSync(path.join(site, 'data', `${name}.epos`), { force: true });  // not read here
  const seconds = (performance.now() - started) / 1000;
  note(`${size} sample written in`, seconds, 's');
  const attributes = JSON.parse(readFileSync(path.join(site, 'data', `${name}.zarr/zarr.json`))).attributes.heteroscope;
  return { attributes, seconds };
}

// Errors, console errors and page errors of the runs of one side, as report members.
function problemsOf(name, runs) {
  const errors = [...new Set(runs.map((r) => r.error).filter(Boolean))];
  const problems = [...new Set(runs.flatMap((r) => r.problems))];
  return { ...(errors.length ? { [`${name}_error`]: errors.join('; ') } : {}),
           ...(problems.length ? { [`${name}_problems`]: problems } : {}) };
}

async function medium(browser, baseUrl, site) {
  const sample = writeSample(site, 'apt', 'medium');
  const view = framing(sample.attributes.bounds_nm);
  // Round after round, one page at a time: ours, then three.js on the counts ours drew.
  const ours = [], three = [];
  const budgets = [FULL_VIEW_BUDGET, ...BUDGETS.filter((b) => b !== FULL_VIEW_BUDGET)];
  for (let r = 0; r < ROUNDS; r++) {
    const o = await runOurs(browser, baseUrl, 'data/apt.zarr', view, budgets);
    ours.push(o);
    if (o.error) break;
    three.push(await runThree(browser, baseUrl, view, 'data/apt.pos', o.frames.map((f) => f.drawn)));
  }
  const out = { sample_write_s: round(sample.seconds, 1), counts: {}, full_view: { ions: sample.attributes.ion_count } };
  const oursDone = ours.filter((o) => !o.error), threeDone = three.filter((t) => !t.error);
  if (oursDone.length > 0) {
    Object.assign(out.full_view, {
      ours_drawn: oursDone[0].full_view.drawn,
      ours_full_view_s: round(mean(oursDone.map((o) => o.full_view.at_ms)) / 1000, 3),
    });
  }
  if (threeDone.length > 0) {
    Object.assign(out.full_view, {
      three_drawn: threeDone[0].full_view.drawn,
      three_full_view_s: round(mean(threeDone.map((t) => t.full_view.at_ms)) / 1000, 3),
    });
  }
  if (oursDone.length > 0 && threeDone.length > 0) {
    out.full_view.ours_over_three = round(out.full_view.ours_full_view_s / out.full_view.three_full_view_s, 3);
  }
  for (const budget of BUDGETS) {
    const i = budgets.indexOf(budget);
    if (oursDone.length === 0) break;
    const plain = oursDone.map((o) => o.frames[i].plain), edl = oursDone.map((o) => o.frames[i].edl);
    const entry = {
      ours_drawn: oursDone[0].frames[i].drawn, ours_ms: round(meanMs(plain)), ours_frames: frameCount(plain),
      ours_edl_ms: round(meanMs(edl)), ours_edl_frames: frameCount(edl),
    };
    if (threeDone.length > 0) {
      const other = threeDone.map((t) => t.frames[i].plain);
      Object.assign(entry, {
        three_drawn: threeDone[0].frames[i].drawn, three_ms: round(meanMs(other)), three_frames: frameCount(other),
        ours_over_three: round(meanMs(plain) / meanMs(other), 3), ours_edl_over_three: round(meanMs(edl) / meanMs(other), 3),
      });
    }
    out.counts[String(budget)] = entry;
  }
  return { ...out, ...problemsOf('ours', ours), ...problemsOf('three', three) };
}

// Ours at budget FULL_VIEW_BUDGET on the 2·10^8-ion sample (one round, at least 2 frames per
// measurement), and three.js loading its .pos whole.
async function large(browser, baseUrl, site) {
  const sample = writeSample(site, 'large', 'large');
  const view = framing(sample.attributes.bounds_nm);
  const ours = await runOurs(browser, baseUrl, 'data/large.zarr', view, [FULL_VIEW_BUDGET], 2);
  const out = { sample_write_s: round(sample.seconds, 1), ions: sample.attributes.ion_count };
  if (!ours.error) {
    const [f] = ours.frames;
    out.ours = {
      budget: FULL_VIEW_BUDGET, drawn: f.drawn, view_settled_s: round(ours.full_view.at_ms / 1000, 3),
      frame_ms: round(meanMs([f.plain])), edl_frame_ms: round(meanMs([f.edl])),
    };
  }
  const three = await runThree(browser, baseUrl, view, 'data/large.pos', [sample.attributes.ion_count], 2);
  if (!three.error) {
    out.three = {
      drawn: three.full_view.drawn, full_view_s: round(three.full_view.at_ms / 1000, 3),
      frame_ms: round(meanMs([three.frames[0].plain])),
    };
  }
  rmSync(path.join(site, 'data', 'large.zarr'), { recursive: true, force: true });
  rmSync(path.join(site, 'data', 'large.pos'), { force: true });
  return { ...out, ...problemsOf('ours', [ours]), ...problemsOf('three', [three]) };
}

const site = mkdtempSync(path.join(tmpdir(), 'hs-bench-points-'));
let server;
let browser;
try {
  for (const name of readdirSync(path.join(repoRoot, 'build/site'))) {
    if (name !== 'data') symlinkSync(path.join(repoRoot, 'build/site', name), path.join(site, name));
  }
  symlinkSync(path.join(repoRoot, 'node_modules/three/build'), path.join(site, 'three'));
  writeFileSync(path.join(site, 'three.html'), THREE_HTML);
  writeFileSync(path.join(site, 'three-points.js'), THREE_MODULE);
  mkdirSync(path.join(site, 'data'));
  server = await startServer(site);
  browser = await launchBrowser();
  const report = {
    canvas_px: [WIDTH, HEIGHT], point_size_px: POINT_SIZE_PX, measure_ms: MEASURE_MS, rounds: ROUNDS,
    camera: 'fixed, framing the sample (no orbit)', ours_colour: 'species (range table lookup)',
    three_colour: 'one colour (PointsMaterial)', three_ions: 'the first N of the .pos',
    ...(await medium(browser, server.baseUrl, site)),
  };
  if (process.argv.includes('--large')) report.large = await large(browser, server.baseUrl, site);
  console.log(JSON.stringify(report));
} finally {
  await browser?.close();
  await server?.stop();
  rmSync(site, { recursive: true, force: true });
}
