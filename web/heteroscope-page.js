// Page glue for the Heteroscope viewer: checks WebGL2, downloads the wasm with a progress bar,
// starts the Emscripten module, keeps the URL fragment and the view state in step, turns touch
// gestures into viewer input, hands dataset jobs (URLs, dropped or chosen files) to the data
// workers, plays tours, and exposes window.heteroscope = {ready, version, getState, setState,
// datasets, runAnalysis, analysis, runAptAnalysis, aptAnalysis, spectrum, loadRanges, playTour, tour}.
// Text from the URL or from the module is only ever shown with textContent.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const canvas = $('canvas');
  const loading = $('hs-loading');
  const loadingFill = $('hs-loading-fill');
  const loadingText = $('hs-loading-text');

  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {});  // failures are shown on the page; callers may still await and catch

  const api = {
    ready, version: null, getState, setState, datasets, runAnalysis, analysis, runAptAnalysis, aptAnalysis, spectrum, loadRanges,
    playTour, tour,
  };
  window.heteroscope = api;

  function showError(text) {
    loading.hidden = true;
    canvas.hidden = true;
    $('hs-error-text').textContent = text;
    $('hs-error').hidden = false;
    rejectReady(new Error(text));
  }

  // The viewer shows messages in its own window; the live region repeats them for assistive
  // technology (the canvas is opaque to it).
  function announce(result, source) {
    const lines = [];
    for (const e of result.errors) lines.push(`Error: ${e}`);
    for (const w of result.warnings) lines.push(`Warning: ${w}`);
    if (lines.length > 0) $('hs-announce').textContent = `${source}\n${lines.join('\n')}`;
  }

  function hasWebGL2() {
    try {
      return !!document.createElement('canvas').getContext('webgl2');
    } catch (e) {
      return false;
    }
  }

  // Copies strings into the wasm heap (malloc'd, so large states do not overflow the wasm stack),
  // calls use(pointers) and frees them.
  function withStrings(texts, use) {
    const pointers = texts.map((text) => {
      const size = Module.lengthBytesUTF8(text) + 1;
      const ptr = Module._malloc(size);
      Module.stringToUTF8(text, ptr, size);
      return ptr;
    });
    try {
      return use(pointers);
    } finally {
      for (const ptr of pointers) Module._free(ptr);
    }
  }

  // Calls an exported C function taking UTF-8 strings and returning one.
  function callWithStrings(fn, ...texts) {
    return withStrings(texts, (pointers) => Module.UTF8ToString(fn(...pointers)));
  }

  function getState() {
    return JSON.parse(Module.UTF8ToString(Module._hs_get_state()));
  }

  // Accepts a state object or JSON text; returns {ok, errors, warnings}.
  function setState(state) {
    const text = typeof state === 'string' ? state : JSON.stringify(state);
    return JSON.parse(callWithStrings(Module._hs_set_state, text));
  }

  // The datasets and their status: [{id, source, local, status, kind, title, details, error, ...}].
  function datasets() {
    return JSON.parse(Module.UTF8ToString(Module._hs_get_datasets()));
  }

  // Dataset jobs run in Web Workers (web/heteroscope-data-worker.js). A dataset stays with the
  // worker that opened it (a dropped file's converted store lives in that worker's memory).
  const WORKER_COUNT = 2;
  const workers = [];
  const workerOf = new Map();  // dataset id -> worker record
  const urlOf = new Map();     // dataset id -> absolute URL (any worker can read those datasets)

  function datasetDone(id, reply) {
    workerOf.get(id)?.pending.delete(id);
    withStrings([reply], ([ptr]) => Module._hs_dataset_done(id, ptr));
  }

  function startWorker() {
    const record = { worker: new Worker('heteroscope-data-worker.js'), pending: new Set(), networkBytes: 0 };
    record.worker.onmessage = (event) => {
      const message = event.data;
      if (message.networkBytes > record.networkBytes) {
        Module._hs_add_network_bytes(message.networkBytes - record.networkBytes);
        record.networkBytes = message.networkBytes;
      }
      if (message.type === 'progress') Module._hs_dataset_progress(message.id, message.fraction);
      if (message.type === 'done') datasetDone(message.id, message.reply);
      if (message.type === 'brick') {
        record.pending.delete(message.key);
        brickDone(message.key, message.error || '', message.transient, message.bytes);
      }
    };
    record.worker.onerror = (event) => {
      event.preventDefault();
      const why = `the data worker stopped: ${event.message || 'it could not be loaded'}`;
      for (const job of [...record.pending]) {
        if (typeof job === 'number') datasetDone(job, JSON.stringify({ ok: false, error: why }));
        else brickDone(job, why, false, null);
      }
    };
    workers.push(record);
    return record;
  }

  // The worker with the fewest jobs under way (workers start on first use).
  function idlestWorker() {
    let record = workers.find((w) => w.pending.size === 0);
    if (!record && workers.length < WORKER_COUNT) record = startWorker();
    return record || workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  function post(id, job) {
    const record = idlestWorker();
    record.pending.add(id);
    workerOf.set(id, record);
    record.worker.postMessage({ ...job, id });
  }

  // One analysis worker per kind of job ('segment', 'apt'), so that an image segmentation and an
  // atom probe analysis can run side by side and cancelling one (terminating its worker) leaves
  // the other.
  const analysisWorkers = new Map();
  function stopAnalysisWorker(op) {
    const worker = analysisWorkers.get(op);
    if (worker) worker.terminate();
    analysisWorkers.delete(op);
  }
  function analysisDone(op, reply) {
    withStrings([op, reply], ([opPtr, replyPtr]) => Module._hs_analysis_done(opPtr, replyPtr));
  }
  // Resolves with `read()` once the job it describes is no longer running.
  function settled(read) {
    return new Promise((resolve) => {
      const poll = () => {
        const state = read();
        if (state.status === 'running') setTimeout(poll, 200);
        else resolve(state);
      };
      poll();
    });
  }
  // Starts the Analysis panel's segmentation of layer `index` (as its Run button does); resolves
  // once it has finished, with analysis().
  function runAnalysis(index) {
    Module._hs_run_analysis(index);
    return settled(analysis);
  }
  function analysis() {
    return JSON.parse(Module.UTF8ToString(Module._hs_get_analysis()));
  }
  // The same for the atom probe analysis of the state's "apt" member, on layer `index`.
  function runAptAnalysis(index) {
    Module._hs_run_apt_analysis(index);
    return settled(aptAnalysis);
  }
  function aptAnalysis() {
    return JSON.parse(Module.UTF8ToString(Module._hs_get_apt_analysis()));
  }
  // The mass spectrum of datasets()[index] once loaded, {bin_width_da, counts}; else null.
  function spectrum(index) {
    return JSON.parse(Module.UTF8ToString(Module._hs_get_spectrum(index)));
  }

  // Hands a decoded brick (or why it failed) to the viewer; its bytes pass through the wasm heap.
  function brickDone(key, error, transient, bytes) {
    const size = bytes ? bytes.byteLength : 0;
    const data = Module._malloc(Math.max(size, 1));
    try {
      if (size > 0) Module.HEAPU8.set(new Uint8Array(bytes), data);
      withStrings([key, error], ([keyPtr, errorPtr]) => Module._hs_brick_done(keyPtr, errorPtr, transient ? 1 : 0, data, size));
    } finally {
      Module._free(data);
    }
  }

  // Applies a range file's text to the atom probe layer the Points panel shows: {ok, warnings} or
  // {ok: false, error}.
  function loadRanges(name, text) {
    return JSON.parse(callWithStrings(Module._hs_load_ranges, name, text));
  }

  const isRangeFile = (name) => /\.(rrng|rng)$/i.test(name);

  function openFiles(files) {
    if (files.length === 0) return;
    // Range files alone re-range the shown atom probe layer; with a .pos/.epos they go to the converter.
    if (files.every((f) => isRangeFile(f.name))) {
      for (const f of files) f.text().then((text) => loadRanges(f.name, text));
      return;
    }
    const id = withStrings([files.map((f) => f.name).join(' + ')], ([ptr]) => Module._hs_begin_local_dataset(ptr));
    post(id, { op: 'open-files', files });
  }

  function installDrop() {
    const hint = $('hs-drop');
    let depth = 0;  // dragenter/dragleave pairs nest over child elements
    const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes('Files');
    window.addEventListener('dragenter', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth += 1;
      hint.hidden = false;
    });
    window.addEventListener('dragover', (event) => {
      if (hasFiles(event)) event.preventDefault();
    });
    window.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) hint.hidden = true;
    });
    window.addEventListener('drop', (event) => {
      event.preventDefault();
      depth = 0;
      hint.hidden = true;
      openFiles([...(event.dataTransfer ? event.dataTransfer.files : [])]);
    });
    const chooser = $('hs-file-input');
    chooser.addEventListener('change', () => {
      openFiles([...chooser.files]);
      chooser.value = '';
    });
  }

  // Fetches a text document at `location` (relative to the page, http(s) only): {url, text}, or
  // throws an Error saying why.
  async function fetchText(location) {
    const url = new URL(location, window.location.href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${location}: not an http(s) location`);
    let response;
    try {
      response = await fetch(url);
    } catch (e) {
      throw new Error(`${url.href}: it could not be fetched (${e.message})`);
    }
    if (!response.ok) throw new Error(`${url.href}: the server answered ${response.status} ${response.statusText}`.trim());
    return { url, text: await response.text() };
  }

  // Shows a problem of the page in the viewer's messages and the live region.
  function reportProblem(problem) {
    withStrings([problem], ([ptr]) => Module._hs_report_error(ptr));
    $('hs-announce').textContent = problem;
  }

  // ?state=URL: a view-state document served beside the data (a hash in the URL wins over it).
  async function loadStateUrl(location) {
    let fetched;
    try {
      fetched = await fetchText(location);
    } catch (e) {
      reportProblem(`The view state could not be loaded: ${e.message}`);
      return;
    }
    const result = JSON.parse(callWithStrings(Module._hs_load_state_document, fetched.url.href, fetched.text));
    announce(result, `The view in ${fetched.url.href} could not be restored completely:`);
  }

  // Plays the tour at `location` (?tour=URL, the Demo menu, playTour): resolves to the viewer's
  // reply {ok, steps, warnings} or {ok: false, error}.
  async function playTour(location) {
    let fetched;
    try {
      fetched = await fetchText(location);
    } catch (e) {
      const error = `The tour could not be loaded: ${e.message}`;
      reportProblem(error);
      return { ok: false, error };
    }
    return JSON.parse(callWithStrings(Module._hs_load_tour, fetched.url.href, fetched.text));
  }
  // The tour playing: {playing: false} or {playing, paused, source, title, step, steps, caption}.
  function tour() {
    return JSON.parse(Module.UTF8ToString(Module._hs_get_tour()));
  }

  function toggleFullscreen() {
    const request = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
    request.catch(() => reportProblem('The browser did not allow full screen here: press F (or use Demo > Full screen) to try again.'));
  }

  function loadHash(hash) {
    const result = JSON.parse(callWithStrings(Module._hs_load_url_hash, hash));
    announce(result, 'The view in the URL could not be restored completely:');
    return result;
  }

  // Services the wasm module calls (wasm/js_bridge.cpp).
  window.heteroscopeHost = {
    replaceUrlHash(hash) {
      history.replaceState(history.state, '', hash);
    },
    copyLink(hash) {
      const url = new URL(window.location.href);
      url.hash = hash;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url.href).catch(() => window.prompt('Copy this link:', url.href));
      } else {
        window.prompt('Copy this link:', url.href);
      }
    },
    notifyReady() {
      resolveReady(api);
    },
    fail(message) {
      showError(`The viewer could not start: ${message}`);
    },
    openDatasetUrl(id, source) {
      let url;
      try {
        url = new URL(source, window.location.href);
      } catch (e) {
        url = null;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        datasetDone(id, JSON.stringify({ ok: false, error: `${source}: not an http(s) location` }));
        return;
      }
      urlOf.set(id, url.href);
      post(id, { op: 'open-url', url: url.href });
    },
    startBrick(key, id, array, coords) {
      // Dropped files live in the worker that opened them; URL datasets can be read by any.
      const record = urlOf.has(id) ? idlestWorker() : workerOf.get(id);
      if (!record) {
        brickDone(key, `dataset ${id} is not open`, false, null);
        return;
      }
      record.pending.add(key);
      record.worker.postMessage({ op: 'read-brick', key, id, url: urlOf.get(id) || '', array, coords });
    },
    closeDataset(id) {
      const record = workerOf.get(id);
      workerOf.delete(id);
      urlOf.delete(id);
      if (record) {
        record.pending.delete(id);
        record.worker.postMessage({ op: 'close', id });
      }
    },
    // Analyses run in a worker of their own, so that cancelling (terminating it) loses no dataset.
    startAnalysis(op, id, request) {
      const url = urlOf.get(id);
      if (!url) {
        analysisDone(op, JSON.stringify({ ok: false, error: 'analysis needs a dataset opened from a URL; dropped files cannot be analysed yet' }));
        return;
      }
      if (!analysisWorkers.has(op)) {
        const worker = new Worker('heteroscope-data-worker.js');
        worker.onmessage = (event) => {
          const message = event.data;
          if (message.type === 'analysis-progress') withStrings([op], ([ptr]) => Module._hs_analysis_progress(ptr, message.fraction));
          if (message.type === 'done') analysisDone(op, message.reply);
        };
        worker.onerror = (event) => {
          event.preventDefault();
          stopAnalysisWorker(op);
          analysisDone(op, JSON.stringify({ ok: false, error: `the analysis worker stopped: ${event.message || 'it could not be loaded'}` }));
        };
        analysisWorkers.set(op, worker);
      }
      analysisWorkers.get(op).postMessage({ op, id, url, request });
    },
    cancelAnalysis(op) {
      stopAnalysisWorker(op);
    },
    pickFiles() {
      $('hs-file-input').click();
    },
    announce(text) {
      $('hs-announce').textContent = text;
    },
    fetchRanges(url) {
      fetchText(url)
        .then((fetched) => loadRanges(url, fetched.text))
        .catch((error) => reportProblem(error.message));
    },
    openStateUrl(url) {
      loadStateUrl(url);
    },
    // From the Demo menu: a click just happened, so the browser allows full screen.
    openTour(url) {
      playTour(url).then((result) => {
        if (result.ok && !document.fullscreenElement) toggleFullscreen();
      });
    },
    toggleFullscreen,
    download(fileName, text) {
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    },
  };

  // One finger drives the viewer like a mouse (so the ImGui panels work by touch); two fingers
  // pinch-zoom and pan. Handled in the capture phase so the module's own touch listeners, which
  // cannot read touch coordinates, never see them.
  function installTouch() {
    let mouseDown = false;
    let last = null;  // {x, y, spread} of the previous two-finger position
    const mouse = (type, t) => canvas.dispatchEvent(new MouseEvent(type, {
      clientX: t.clientX, clientY: t.clientY, screenX: t.screenX, screenY: t.screenY,
      button: 0, buttons: type === 'mouseup' ? 0 : 1, bubbles: true, cancelable: true,
    }));
    const pair = (touches) => {
      const a = touches[0];
      const b = touches[1];
      return { x: (a.clientX + b.clientX) / 2, y: (a.clientY + b.clientY) / 2,
               spread: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY), a };
    };
    const onTouch = (event) => {
      if (event.target !== canvas) return;
      event.preventDefault();
      event.stopPropagation();
      const touches = event.touches;
      if (touches.length === 1 && last === null) {
        if (!mouseDown) {
          mouse('mousemove', touches[0]);
          mouse('mousedown', touches[0]);
          mouseDown = true;
        } else {
          mouse('mousemove', touches[0]);
        }
      } else if (touches.length >= 2) {
        const p = pair(touches);
        if (mouseDown) {
          mouse('mouseup', p.a);
          mouseDown = false;
        }
        if (last !== null && last.spread > 0) {
          Module._hs_pinch(p.spread / last.spread, p.x - last.x, p.y - last.y);
        }
        last = p;
      }
      if (touches.length === 0) {
        if (mouseDown) mouse('mouseup', event.changedTouches[0]);
        mouseDown = false;
        last = null;
      }
    };
    for (const type of ['touchstart', 'touchmove', 'touchend', 'touchcancel']) {
      window.addEventListener(type, onTouch, { capture: true, passive: false });
    }
  }

  async function downloadWasm(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: the server answered ${response.status} ${response.statusText}`);
    const total = Number(response.headers.get('Content-Length')) || 0;
    if (!response.body) return new Uint8Array(await response.arrayBuffer());
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      const percent = total ? Math.min(100, Math.round((100 * received) / total)) : 0;
      loadingFill.style.width = `${percent}%`;
      loading.setAttribute('aria-valuenow', String(percent));
      loadingText.textContent = `Loading the viewer… ${(received / 1048576).toFixed(1)} MiB` +
        (total ? ` of ${(total / 1048576).toFixed(1)} MiB` : '');
    }
    const bytes = new Uint8Array(received);
    let offset = 0;
    for (const c of chunks) { bytes.set(c, offset); offset += c.length; }
    return bytes;
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`${src}: could not be loaded`));
      document.body.appendChild(script);
    });
  }

  async function start() {
    if (typeof WebAssembly !== 'object') {
      showError('This browser does not support WebAssembly.');
      return;
    }
    if (!hasWebGL2()) {
      showError('WebGL2 is not available in this browser, or it is disabled (check that hardware ' +
                'acceleration is on).');
      return;
    }
    let wasmBinary;
    try {
      wasmBinary = await downloadWasm('heteroscope.wasm');
    } catch (e) {
      showError(`The viewer could not be downloaded. ${e.message}`);
      return;
    }
    window.Module = {
      canvas,
      wasmBinary,
      print: (text) => console.log(text),
      printErr: (text) => console.warn(text),
      onAbort: (what) => showError(`The viewer stopped with an internal error: ${what}`),
      postRun: [() => {
        Module._hs_add_network_bytes(wasmBinary.length);
        api.version = Module.UTF8ToString(Module._hs_version());
        loading.hidden = true;
        installTouch();
        installDrop();
        const query = new URLSearchParams(window.location.search);
        const stateUrl = query.get('state');
        if (stateUrl !== null && window.location.hash.length <= 1) loadStateUrl(stateUrl);
        loadHash(window.location.hash);
        const tourUrl = query.get('tour');
        if (tourUrl !== null) playTour(tourUrl);
        window.addEventListener('hashchange', () => loadHash(window.location.hash));
        canvas.focus();
      }],
    };
    try {
      await loadScript('heteroscope.js');
    } catch (e) {
      showError(`The viewer could not be loaded. ${e.message}`);
    }
  }

  start();
})();
