// The reference side of scripts/bench's store-read comparison: zarrita.js reads one whole array of
// a store from the local file system; prints the best of N passes as JSON.
//   node tests/bench/zarrita_read.mjs STORE ARRAY [REPEAT]
import * as zarr from 'zarrita';
import FileSystemStore from '@zarrita/storage/fs';

const [storePath, arrayPath, repeatText] = process.argv.slice(2);
const repeat = Math.max(1, Number(repeatText) || 3);
let best = Infinity;
let bytes = 0;
for (let pass = 0; pass < repeat; pass++) {
  const start = performance.now();
  const array = await zarr.open(zarr.root(new FileSystemStore(storePath)).resolve(arrayPath), { kind: 'array' });
  const chunk = await zarr.get(array, array.shape.map(() => null));
  best = Math.min(best, (performance.now() - start) / 1000);
  bytes = chunk.data.byteLength;
}
const mib = bytes / 1048576;
console.log(JSON.stringify({ region_mib: +mib.toFixed(1), region_seconds: +best.toFixed(4), region_mib_s: +(mib / best).toFixed(1) }));
