// End-to-end test harness: serves build/site with nginx (scripts/serve) on a free loopback port,
// drives Debian's Chromium (SwiftShader WebGL2) with playwright-core, and reads pixels of
// screenshots inside a blank page so tests need no image library.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Starts nginx on `root` (default build/site), with scripts/serve's further `options` (e.g.
// ['--open', path]); resolves to {baseUrl, stop}. Fails after 15 s if it never answers.
export async function startServer(root = path.join(repoRoot, 'build/site'), options = []) {
  const port = await freePort();
  const child = spawn(path.join(repoRoot, 'scripts/serve'), ['--port', String(port), '--root', root, ...options], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const baseUrl = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    try {
      const response = await fetch(baseUrl, { redirect: 'manual' });
      if (response.status < 400) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`nginx did not answer on ${baseUrl}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGQUIT');
  });
  return { baseUrl, stop };
}

export function launchBrowser(extraArgs = []) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

// Opens the viewer in a new page and records console errors, page errors and dialogs.
export async function openPage(browser, url, { width = 640, height = 400, deviceScaleFactor = 1, hasTouch = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor, hasTouch });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', async (d) => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  await page.goto(url);
  return { page, context, problems };
}

// Waits for window.heteroscope.ready; returns null on success, or the rejection message.
export function waitReady(page, timeoutMs = 60000) {
  return page.evaluate(async (ms) => {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
    try {
      await Promise.race([window.heteroscope.ready, timeout]);
      return null;
    } catch (e) {
      return String(e.message || e);
    }
  }, timeoutMs);
}

// Waits until the viewer has drawn `count` more frames (frames are what update canvas and URL).
export function frames(page, count = 3) {
  return page.evaluate((n) => new Promise((resolve) => {
    const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  }), count);
}

// Pixel statistics of a PNG screenshot, computed in a blank page of the same browser.
// `regions` maps names to [x0, y0, x1, y1] in fractions of the image; for each region returns
// {n, background, lighter, red, green, colours} counts relative to the given background colour.
export async function pixelStats(browser, png, background, regions) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    return await page.evaluate(async ({ b64, bg, regions }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = new OffscreenCanvas(img.width, img.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      const out = {};
      for (const [name, [fx0, fy0, fx1, fy1]] of Object.entries(regions)) {
        const s = { n: 0, background: 0, lighter: 0, red: 0, green: 0, colours: 0 };
        const seen = new Set();
        for (let y = Math.floor(fy0 * img.height); y < Math.floor(fy1 * img.height); y++) {
          for (let x = Math.floor(fx0 * img.width); x < Math.floor(fx1 * img.width); x++) {
            const i = 4 * (y * img.width + x);
            const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
            s.n++;
            seen.add((r << 16) | (g << 8) | b);
            if (Math.abs(r - bg[0]) <= 3 && Math.abs(g - bg[1]) <= 3 && Math.abs(b - bg[2]) <= 3) s.background++;
            if (r + g + b > bg[0] + bg[1] + bg[2] + 45) s.lighter++;
            if (r > g + 60 && r > b + 60) s.red++;
            if (g > r + 60 && g > b + 40) s.green++;
          }
        }
        s.colours = seen.size;
        out[name] = s;
      }
      return out;
    }, { b64: png.toString('base64'), bg: background, regions });
  } finally {
    await context.close();
  }
}

// The RGBA pixels of a PNG screenshot, decoded in a blank page of the same browser:
// {width, height, data} with data a Buffer of width × height × 4 bytes. The pixels cross back as
// base64 (a plain array of a 480×480 image takes seconds to serialise).
export async function decodePng(browser, png) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const { width, height, base64 } = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = new OffscreenCanvas(img.width, img.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const bytes = new Uint8Array(ctx.getImageData(0, 0, img.width, img.height).data.buffer);
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { width: img.width, height: img.height, base64: btoa(text) };
    }, png.toString('base64'));
    return { width, height, data: Buffer.from(base64, 'base64') };
  } finally {
    await context.close();
  }
}
