// Reference check of the whole volume path: files written by independent libraries (mrcfile,
// NumPy, tifffile, h5py; tests/reference/volume_readers_check.py) are converted by
// `heteroscope convert`, then read back with zarrita.js: shape, type, voxel size, sum and first
// voxels must equal what the writing library says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zarr from 'zarrita';
import FileSystemStore from '@zarrita/storage/fs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repoRoot, 'build/native/bin/heteroscope');
let dir;
let files;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hs-volumes-'));
  const out = execFileSync('/usr/bin/python3', [path.join(repoRoot, 'tests/reference/volume_readers_check.py'), dir]);
  files = JSON.parse(out.toString()).files;
});
after(() => rmSync(dir, { recursive: true, force: true }));

function convertArgs(file, store) {
  const args = ['convert', file.file, '-o', store, '--unit', 'nm'];
  if (file.options.hdf5_dataset) args.push('--dataset', file.options.hdf5_dataset);
  const raw = file.options.raw;
  if (raw) {
    args.push('--shape', raw.shape_zyx.join(','), '--dtype', raw.dtype, '--header-bytes', String(raw.header_bytes));
    if (raw.big_endian) args.push('--big-endian');
  }
  return args;
}

test('files from mrcfile, NumPy, tifffile and h5py convert to stores zarrita reads identically', async () => {
  assert.ok(files.length >= 10, `only ${files.length} reference files`);
  for (const file of files) {
    const name = path.basename(file.file);
    const store = path.join(dir, `${name}.zarr`);
    execFileSync(cli, convertArgs(file, store), { stdio: ['ignore', 'ignore', 'pipe'] });
    const root = await zarr.open(zarr.root(new FileSystemStore(store)), { kind: 'group' });
    const scale = root.attrs.ome.multiscales[0].datasets[0].coordinateTransformations[0].scale.slice(2);
    assert.deepEqual(scale, file.voxel_size_nm_zyx ?? [1, 1, 1], `${name}: voxel size`);

    const array = await zarr.open(zarr.root(new FileSystemStore(store)).resolve('0'), { kind: 'array' });
    assert.equal(array.dtype, file.dtype, `${name}: data type`);
    const chunk = await zarr.get(array, [0, 0, null, null, null]);
    assert.deepEqual(chunk.shape, file.shape_zyx, `${name}: shape`);
    let sum = 0;
    for (const v of chunk.data) sum += Number(v);
    assert.equal(sum, file.sum, `${name}: sum`);
    const first = Array.from(chunk.data.slice(0, file.first_voxels.length), Number);
    assert.deepEqual(first, file.first_voxels, `${name}: first voxels`);
  }
});
