// Interoperability: a POS file written here (big-endian float32 records, per the format) goes
// through `heteroscope convert`; zarrita.js reads `position` and `mass` back and the multiset of
// (x, y, z, m) rows must equal the input (the store reorders rows into octree order).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zarr from 'zarrita';
import FileSystemStore from '@zarrita/storage/fs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repoRoot, 'build/native/bin/heteroscope');
let dir;

before(() => { dir = mkdtempSync(path.join(tmpdir(), 'hs-points-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

// Deterministic ions: a uniform block plus a dense cluster; coordinates on a 1/8 nm grid and
// masses from a short list, all exact in float32. More than one shard (2^20 rows) would be slow
// here, so 70,000 ions: two inner chunks of 65,536 rows.
function makeIons(count) {
  let state = 12345;
  const next = (n) => { state = (state * 1664525 + 1013904223) >>> 0; return (state >>> 8) % n; };
  const masses = [16, 29, 32, 37, 58, 45.5];
  const ions = [];
  for (let i = 0; i < count; i++) {
    const cluster = i % 4 === 0;
    const c = () => (cluster ? 10 + next(32) / 8 : -40 + next(640) / 8);
    ions.push([c(), c(), c(), masses[next(masses.length)]]);
  }
  return ions;
}

function posBytes(ions) {
  const view = new DataView(new ArrayBuffer(ions.length * 16));
  ions.forEach((ion, i) => ion.forEach((v, f) => view.setFloat32(i * 16 + f * 4, v, false)));
  return new Uint8Array(view.buffer);
}

const key = (row) => row.join(',');
const sortedKeys = (rows) => rows.map(key).sort();

test('zarrita reads the rows of a converted POS file', async () => {
  const ions = makeIons(70000);
  const pos = path.join(dir, 'run.pos');
  writeFileSync(pos, posBytes(ions));
  const store = path.join(dir, 'run.zarr');
  execFileSync(cli, ['convert', pos, '-o', store, '--capacity', '5000', '--seed', '4']);

  const root = zarr.root(new FileSystemStore(store));
  const group = await zarr.open(root, { kind: 'group' });
  assert.equal(group.attrs.heteroscope.kind, 'points');
  assert.equal(group.attrs.heteroscope.ion_count, ions.length);

  const position = await zarr.open(root.resolve('position'), { kind: 'array' });
  const mass = await zarr.open(root.resolve('mass'), { kind: 'array' });
  assert.equal(position.dtype, 'float32');
  assert.deepEqual(position.shape, [ions.length, 3]);
  assert.deepEqual(mass.shape, [ions.length]);
  const p = (await zarr.get(position, [null, null])).data;
  const m = (await zarr.get(mass, [null])).data;
  const rows = [];
  for (let i = 0; i < ions.length; i++) rows.push([p[3 * i], p[3 * i + 1], p[3 * i + 2], m[i]]);

  // Octree order differs from the input order: the first rows are the root's sample.
  assert.notDeepEqual(rows.slice(0, 10), ions.slice(0, 10));
  assert.deepEqual(sortedKeys(rows), sortedKeys(ions));

  // The spectrum sums to the ion count and its 58.00 Da bin holds the 58 Da ions.
  const spectrum = (await zarr.get(await zarr.open(root.resolve('spectrum'), { kind: 'array' }), [null])).data;
  let total = 0n;
  for (const c of spectrum) total += c;
  assert.equal(total, BigInt(ions.length));
  assert.equal(spectrum[5800], BigInt(ions.filter((ion) => ion[3] === 58).length));
});
