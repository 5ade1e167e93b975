// A data worker: runs heteroscope-data.wasm (the core's store, readers and converters) off the main
// thread, where synchronous XHR and FileReaderSync let that code read URLs and dropped files as
// it reads local files natively. Jobs come from heteroscope-page.js; each gets one 'done' reply
// (and 'progress' messages while it runs). Dropped File objects live in self.hsFiles, keyed by a
// handle the C++ side releases when it closes the dataset.
'use strict';

self.hsFiles = {};
self.hsNetworkBytes = 0;
let nextHandle = 1;

const runtimeReady = new Promise((resolve) => {
  self.Module = {
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onRuntimeInitialized: resolve,
  };
});
// Emscripten's script defines globals of its own (run, Module, HEAP8, ...): names here avoid them.
importScripts('heteroscope-data.js');

// Calls an exported C function with (int, strings...) and returns its string result.
function callWithStrings(fn, id, texts) {
  const pointers = texts.map((text) => {
    const size = Module.lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(size);
    Module.stringToUTF8(text, ptr, size);
    return ptr;
  });
  try {
    return Module.UTF8ToString(fn(id, ...pointers));
  } finally {
    for (const ptr of pointers) Module._free(ptr);
  }
}

function runJob(job) {
  if (job.op === 'open-url') return callWithStrings(Module._hs_data_open_url, job.id, [job.url]);
  if (job.op === 'open-files') {
    const list = job.files.map((file) => {
      const handle = nextHandle++;
      self.hsFiles[handle] = file;
      return { handle, name: file.name };
    });
    return callWithStrings(Module._hs_data_open_files, job.id, [JSON.stringify(list)]);
  }
  if (job.op === 'read-brick') {
    const error = callWithStrings(Module._hs_data_read_brick, job.id, [job.url, job.array, job.coords]);
    const message = { type: 'brick', key: job.key, networkBytes: self.hsNetworkBytes };
    if (error) {
      const reply = JSON.parse(error);
      postMessage({ ...message, error: reply.error, transient: reply.transient });
    } else {
      const start = Module._hs_data_brick();
      const bytes = Module.HEAPU8.slice(start, start + Module._hs_data_brick_size()).buffer;
      postMessage({ ...message, bytes }, [bytes]);
    }
    return null;
  }
  if (job.op === 'segment') return callWithStrings(Module._hs_data_segment, job.id, [job.url, job.request]);
  if (job.op === 'apt') return callWithStrings(Module._hs_data_apt, job.id, [job.url, job.request]);
  if (job.op === 'close') {
    Module._hs_data_close(job.id);
    return null;
  }
  return JSON.stringify({ ok: false, error: `unknown job ${String(job.op)}` });
}

self.onmessage = async (event) => {
  await runtimeReady;
  const job = event.data;
  let reply;
  try {
    reply = runJob(job);
  } catch (e) {
    reply = JSON.stringify({ ok: false, error: `internal error in the data worker: ${e && e.message}` });
  }
  if (reply !== null) postMessage({ type: 'done', id: job.id, reply, networkBytes: self.hsNetworkBytes });
};
