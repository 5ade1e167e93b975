// Interoperability: stores written by `heteroscope convert` read back with zarrita.js (an
// independent Zarr v3 implementation) and match NumPy's input and NumPy's 2×2×2 pyramid mean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zarr from 'zarrita';
import FileSystemStore from '@zarrita/storage/fs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repoRoot, 'build/native/bin/heteroscope');
let dir;
let manifest;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hs-interop-'));
  execFileSync('/usr/bin/python3', [path.join(repoRoot, 'tests/interop/make_volumes.py'), dir]);
  manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const TYPED = { float32: Float32Array, uint16: Uint16Array };

function raw(name, suffix, dtype) {
  const bytes = readFileSync(path.join(dir, `${name}.${suffix}.raw`));
  return new TYPED[dtype](bytes.buffer, bytes.byteOffset, bytes.byteLength / TYPED[dtype].BYTES_PER_ELEMENT);
}

async function readLevel(store, level) {
  const array = await zarr.open(zarr.root(new FileSystemStore(store)).resolve(String(level)), { kind: 'array' });
  const chunk = await zarr.get(array, [0, 0, null, null, null]);
  return { array, chunk };
}

for (const [brick, shardBricks] of [[16, 2], [64, 4]]) {
  test(`zarrita reads our sharded stores (bricks ${brick}³, shards of ${shardBricks}³ bricks)`, async () => {
    for (const v of manifest) {
      const store = path.join(dir, `${v.name}-${brick}.zarr`);
      execFileSync(cli, ['convert', path.join(dir, `${v.name}.npy`), '-o', store, '--voxel-size', '0.5',
        '--brick', String(brick), '--shard-bricks', String(shardBricks)]);

      const root = await zarr.open(zarr.root(new FileSystemStore(store)), { kind: 'group' });
      assert.equal(root.attrs.ome.version, '0.5');
      assert.deepEqual(root.attrs.ome.multiscales[0].datasets[0].coordinateTransformations[0].scale, [1, 1, 0.5, 0.5, 0.5]);

      const level0 = await readLevel(store, 0);
      assert.equal(level0.array.dtype, v.dtype);
      assert.deepEqual(level0.chunk.shape, v.shape);
      assert.deepEqual(Array.from(level0.chunk.data), Array.from(raw(v.name, 'level0', v.dtype)));

      const level1 = await readLevel(store, 1);
      assert.deepEqual(level1.chunk.shape, v.level1_shape);
      const expected = raw(v.name, 'level1', v.dtype);
      const got = level1.chunk.data;
      let worst = 0;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
      // Integers exactly; float32 means within one rounding of the float64 mean.
      assert.ok(worst <= (v.dtype === 'float32' ? 1e-5 : 0), `${v.name}: level 1 differs by up to ${worst}`);
    }
  });
}
