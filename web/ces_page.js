// Page glue for the CES browser build.
//
// Emscripten places this file (--pre-js) inside the script it generates, ahead of its
// runtime, so it can configure `Module` and later call the exported functions
// (Module._ces_*, see src/platform/web/wasm_boundary.h) and read the heap (HEAPU8).
// The page's Content-Security-Policy forbids inline scripts and eval; none are used.
//
//   [1] status line, start-up and fatal errors
//   [2] network lock-down once the wasm is loaded
//   [3] reading a file in slices; the one <input id="csv-file">; drag and drop
//   [3b] reading a large file in parts on Web Workers (docs/threads.md)
//   [4] model files, share links, saved settings
//   [5] download and clipboard
//   [6] requests: one entry point (ces_request) for every operation of window.ces
//   [7] window.ces and window.cesReady
(function () {
  const SLICE_BYTES = 4 * 1024 * 1024;  // read from the file at a time
  const STEP_BYTES = 1024 * 1024;       // copied into the heap per engine call; the UI redraws in between

  const canvas = document.getElementById('canvas');
  const fileInput = document.getElementById('csv-file');
  const modelInput = document.getElementById('model-file');
  const statusText = document.getElementById('status-text');
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  // ---------------------------------------------------------------------------------
  // [1] status line, start-up and fatal errors
  // ---------------------------------------------------------------------------------

  let resolveReady;
  let rejectReady;
  window.cesReady = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  window.cesReady.catch(() => {});  // the page shows the failure itself; no unhandled-rejection noise

  function announce(text) {  // visible while loading; afterwards read out by screen readers only
    statusText.textContent = text;
  }

  function onReady() {
    // What the app starts from: the autosaved model, and a share link in the URL. The
    // link is consumed, so reloading the page keeps the edits made since.
    // (The autosaved model the app reads itself, through loadSetting: it owns the key.)
    const fragment = location.hash.startsWith('#model=') ? location.hash : '';
    request('pageStart', { fragment, pageUrl: location.href });
    if (fragment) forgetFragment();
    document.body.classList.add('ready');
    // The canvas is the page: it takes the keyboard focus (Tab, arrows, Enter, Space
    // then move through the app's controls), also after a click elsewhere on it.
    canvas.focus({ preventScroll: true });
    canvas.addEventListener('pointerdown', () => canvas.focus({ preventScroll: true }));
    announce('CES is ready. Open or drop a CSV file. Tab moves through the controls; Enter or Space activates.');
    window.ces = api;
    // Chromium compiles each wasm function on its first call, on this thread: the first
    // file's first calls paid 40-75 ms for it (app/core/warm_up.h). The engine runs once
    // on a made-up log now, in a task of its own, while nothing is being read.
    setTimeout(() => {
      Module['cesWarmedUp'] = Module['_ces_warm_up']();  // customers scored (a test hook)
      resolveReady(api);
    }, 0);
  }

  function onFatal(message) {
    document.body.classList.add('failed');
    announce(message);
    rejectReady(new Error(message));
  }

  Module['canvas'] = canvas;
  Module['onAbort'] = (what) => onFatal('CES stopped: ' + what);
  // The workers' wasm must be compiled before the lock-down forbids compiling ([3b]).
  Module['onRuntimeInitialized'] = () => { workerEngine().finally(lockDownNetwork); };

  // ---------------------------------------------------------------------------------
  // [2] network lock-down
  // ---------------------------------------------------------------------------------

  // The initial policy (web/tools/finalize_csp.mjs) must let the multi-file site fetch
  // its own .wasm. Once the module is compiled nothing else is ever fetched, so a second
  // policy is added that refuses every request: policies only ever add up, and the
  // data the user opens can then not leave the tab.
  function lockDownNetwork() {
    const policy = document.createElement('meta');
    policy.httpEquiv = 'Content-Security-Policy';
    policy.content = "default-src 'none'; worker-src blob:; base-uri 'none'; form-action 'none'";  // workers: [3b]
    document.head.appendChild(policy);
  }

  // ---------------------------------------------------------------------------------
  // [3] reading files
  // ---------------------------------------------------------------------------------

  // Copies bytes into the wasm input buffer; false when the app is out of memory (it
  // has already been told, and shows it).
  function stage(bytes) {
    const address = Module['_ces_input_buffer'](bytes.length) >>> 0;
    if (address === 0) return false;
    HEAPU8.set(bytes, address);  // HEAPU8 read after the allocation: growing the heap replaces it
    return true;
  }

  // Calls an export that takes UTF-8 text in the input buffer (and maybe more numbers).
  function callWithText(name, text, ...rest) {
    const bytes = encoder.encode(text);
    return stage(bytes) ? Module[name](bytes.length, ...rest) : 0;
  }

  // The text an output export returned (address; length from ces_output_size).
  function outputText(address) {
    address >>>= 0;
    if (address === 0) return null;
    const size = Module['_ces_output_size']() >>> 0;
    return decoder.decode(HEAPU8.subarray(address, address + size));
  }

  function appSummary() {
    const answer = request('summary');
    return answer.ok ? answer.value : null;
  }

  // Lets the frame loop draw and input events arrive. A message-channel task, not
  // setTimeout(0): chained timeouts are clamped to 4 ms each, which over a large file
  // adds up to seconds of idle time.
  const yieldChannel = new MessageChannel();
  const yieldWaiters = [];
  yieldChannel.port1.onmessage = () => { const resolve = yieldWaiters.shift(); if (resolve) resolve(); };
  function yieldToBrowser() {
    return new Promise((resolve) => {
      yieldWaiters.push(resolve);
      yieldChannel.port2.postMessage(0);
    });
  }

  // Resolves once the app has drawn `frames` more frames, or after `limitMs`.
  function appDrew(frames, limitMs) {
    const target = Module['_ces_frames_drawn']() + frames;
    const started = performance.now();
    return new Promise((resolve) => {
      const check = () => {
        if (Module['_ces_frames_drawn']() >= target || performance.now() - started > limitMs) resolve();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  }

  // Where the running import is, for a test's report when a load never ends.
  let readPhase = 'idle';
  // What the last read threw if it failed (null else), where it was (readPhase) and its
  // stack: a trap of the engine (a RuntimeError) names no line in the message the user
  // sees; the tests print it when a file fails (tests/browser/helpers.mjs nextImport).
  let lastReadFailure = null;
  Module['cesLastReadFailure'] = () => lastReadFailure;
  let active = null;      // the running import (never rejects)
  let current = null;     // { blob, name }: the file the app holds, read again on request
  let rereadQueued = false;
  // Every request for a new file takes a ticket from the app (an example's comes with
  // openBytes); only the latest is read, so two quick clicks never mix two files.
  let latestTicket = 0;
  function newTicket() {
    latestTicket = Module['_ces_file_request']();
    return latestTicket;
  }

  // Feeds a blob to the app slice by slice: File.slice -> arrayBuffer -> heap ->
  // _ces_file_chunk, yielding between slices so the tab never freezes. Stops early when
  // the app says so (the user cancelled, or an error). A new file first stops the one
  // being read; a re-read waits for it. Resolves with the app's summary.
  async function importBlob(blob, name, reread, ticket = 0) {
    const superseded = () => !reread && ticket !== latestTicket;  // a later request came: it wins
    while (active) {
      if (superseded()) return appSummary();
      if (!reread) Module['_ces_cancel_read']();
      await active;
    }
    if (superseded()) return appSummary();
    if (!reread) current = { blob, name };
    lastReadFailure = null;  // this read's, if it fails
    const run = sendBlob(blob, name, reread, ticket).catch(reportReadFailure);
    active = run;
    await run;
    active = null;
    readPhase = 'idle';
    const summary = appSummary();
    if (summary) announce(`${summary.file}: ${summary.status}, ${summary.rows} rows, ${summary.customers} customers.`);
    window.dispatchEvent(new CustomEvent('ces-import', { detail: summary }));
    if (rereadQueued) {
      rereadQueued = false;
      rereadFile();
    }
    return summary;
  }

  // Reads a Blob in pieces of `size` bytes. Where the browser offers byte streams
  // (Chromium), two buffers are reused: no garbage is left for the collector to trail
  // behind (reading a 500 MB file in fresh slices held ~200 MB of dead buffers at the
  // peak), and the next piece is read on the browser's side while the engine works on
  // this one. Elsewhere it reads slices. next() resolves with a Uint8Array, or null at
  // the end; release(piece) hands a piece's buffer back once it was copied.
  //
  // A byte stream that gives nothing for STREAM_STALL_MS is given up and the file read on
  // in slices from the first byte not yet handed out. Run in a loop here, the 200 MiB
  // test once saw Chromium's stream never answer its first read, the page on "loading"
  // for ever, as two CI runs had (they did not report where; the cause is not known).
  const STREAM_STALL_MS = 5000;
  function filePieces(blob, size) {
    let reader = null;
    try {
      reader = blob.stream().getReader({ mode: 'byob' });
    } catch (e) {
      reader = null;  // no byte streams here: slices
    }
    if (!reader) return slicePieces(blob, size, 0);
    let source = streamPieces(reader, size);
    let handedOut = 0;
    let fellBack = false;
    const stalled = {};
    return {
      async next() {
        let timer = 0;
        const late = fellBack ? null : new Promise((resolve) => { timer = setTimeout(() => resolve(stalled), STREAM_STALL_MS); });
        const piece = late ? await Promise.race([source.next(), late]) : await source.next();
        clearTimeout(timer);
        if (piece === stalled) {
          console.warn(`CES: the browser's file stream gave nothing for ${STREAM_STALL_MS / 1000} s at byte ${handedOut}; reading on in slices.`);
          source.cancel();
          source = slicePieces(blob, size, handedOut);
          fellBack = true;
          return this.next();
        }
        if (piece) handedOut += piece.length;
        return piece;
      },
      release(piece) { source.release(piece); },
      cancel() { source.cancel(); },
    };
  }

  // Slices of `size` bytes from byte `from`, the next one read while this one is used.
  function slicePieces(blob, size, from) {
    let at = from;
    let pending = at < blob.size ? blob.slice(at, at + size).arrayBuffer() : null;
    return {
      async next() {
        if (!pending) return null;
        const piece = new Uint8Array(await pending);
        at += piece.length;
        pending = at < blob.size && piece.length > 0 ? blob.slice(at, at + size).arrayBuffer() : null;
        return piece.length ? piece : null;
      },
      release() {},
      cancel() { pending = null; },
    };
  }

  // A byte stream's reader filling buffers of `size` bytes, two of them in turn.
  function streamPieces(reader, size) {
    let done = false;
    const spare = [new ArrayBuffer(size)];
    const fill = async (buffer) => {  // fills one buffer (a byte stream returns any amount per read)
      let filled = 0;
      while (filled < buffer.byteLength) {
        const { value, done: end } = await reader.read(new Uint8Array(buffer, filled, buffer.byteLength - filled));
        if (value) buffer = value.buffer;  // the stream hands the (transferred) buffer back
        if (end) {
          done = true;
          break;
        }
        filled += value.byteLength;
      }
      return filled ? new Uint8Array(buffer, 0, filled) : null;
    };
    let pending = fill(new ArrayBuffer(size));
    return {
      async next() {
        const piece = await pending;
        pending = done || !piece ? Promise.resolve(null) : fill(spare.pop() || new ArrayBuffer(size));
        return piece;
      },
      release(piece) { spare.push(piece.buffer); },
      cancel() { reader.cancel().catch(() => {}); },
    };
  }

  async function sendBlob(blob, name, reread, ticket) {
    const pass = reread ? 're-read' : 'new file';
    readPhase = `${pass}: begun`;
    if (!callWithText('_ces_file_begin', name, blob.size, reread ? 1 : 0, ticket)) return;
    // Large files are read by workers; `from` is where this thread reads on (0 after a fallback).
    const from = await sendBlobInParts(blob);
    if (from === 'done') return;
    const pieces = filePieces(from > 0 ? blob.slice(from) : blob, SLICE_BYTES);
    let offset = from;
    for (;;) {
      readPhase = `${pass}: waiting for the bytes after ${offset}`;
      const piece = await pieces.next();
      if (!piece) break;
      // Handed over a step at a time: an engine call on 4 MB took up to ~100 ms (the
      // first one, with every customer new, ~200 ms), a stall the page must not show.
      for (let at = 0; at < piece.length; at += STEP_BYTES) {
        const bytes = piece.subarray(at, Math.min(piece.length, at + STEP_BYTES));
        if (!stage(bytes)) return pieces.cancel();
        offset += bytes.length;
        if (!Module['_ces_file_chunk'](bytes.length)) return pieces.cancel();
        readPhase = `${pass}: yielding after ${offset}`;
        await yieldToBrowser();
      }
      pieces.release(piece);
    }
    if (offset !== blob.size) throw new Error('The file changed size while it was being read.');
    await endFile(blob);
  }

  // Ends a file's pass: the app scores it in steps of ~12 ms (a few hundred ms for 100k
  // customers in all), yielding between them so the canvas keeps drawing. A cancel or
  // a new file ends the steps (the app then answers 0).
  async function endFile(blob) {
    // Let the app draw "scoring" first (it draws up to 20 frames a second while reading).
    readPhase = 'ending: waiting for a frame';
    if (blob.size > 16 * 1024 * 1024) await appDrew(2, 400);
    if (!Module['_ces_file_end']()) return;
    let steps = 1;
    do {
      readPhase = `ending: ${steps} steps`;
      await yieldToBrowser();
      steps += 1;
    } while (Module['_ces_file_end_step']());
  }

  // ---------------------------------------------------------------------------------
  // [3b] reading a large file in parts on Web Workers
  // ---------------------------------------------------------------------------------
  // Each worker runs the engine alone (its own WebAssembly instance, embedded in the
  // page by web/tools/embed_worker.mjs) on one byte range cut at a record start, and
  // posts back the part's image; this thread only absorbs the images in file order
  // (ScoringFlow::AbsorbPartImage), so the canvas keeps drawing. Whenever the parts
  // cannot give one reader's result (AbsorbPart refuses, a worker fails) the file is
  // read here in one part, as before. window.cesReadOptions = { workers: true | false,
  // minBytes, parts } changes the choice (tests, measurements).
  const PARTS_MIN_BYTES = 8 * 1024 * 1024;   // smaller files: one part, in this thread
  const PARTS_MAX = 8;
  const PREVIEW_BYTES = 1024 * 1024;         // the app chooses the model on the first MB
  const CUT_WINDOW_BYTES = 4 * 1024 * 1024;  // looked at around each nominal cut
  let workerSetup = null;

  // { module, url } of the embedded worker, or null where workers are unavailable.
  function workerEngine() {
    if (workerSetup) return workerSetup;
    workerSetup = (async () => {
      const script = document.getElementById('ces-worker-js');
      const wasm = document.getElementById('ces-worker-wasm');
      if (!script || !wasm || typeof Worker !== 'function') return null;
      const binary = Uint8Array.from(atob(wasm.textContent), (c) => c.charCodeAt(0));
      const module = await WebAssembly.compile(binary);
      const blobUrl = URL.createObjectURL(new Blob([script.textContent], { type: 'text/javascript' }));
      const policy = window.trustedTypes
        ? window.trustedTypes.createPolicy('ces-worker', { createScriptURL: (u) => (u === blobUrl ? u : '') })
        : null;
      return { module, url: policy ? policy.createScriptURL(blobUrl) : blobUrl };
    })().catch((error) => {
      console.warn('CES: no workers, files are read in this thread:', error && error.message);
      return null;
    });
    return workerSetup;
  }

  async function readBytes(blob, from, to) {
    return new Uint8Array(await blob.slice(from, to).arrayBuffer());
  }

  // 'done' when the pass ended here (read, cancelled or failed), else the byte from
  // which this thread reads on.
  async function sendBlobInParts(blob) {
    const options = window.cesReadOptions || {};
    // Off unless asked for ({ workers: true }): the merge of each part's image runs here
    // in one call, measured slower than reading here on 2 cores (490 MB: 33 MB/s with the
    // worker, 68 MB/s here; longest frame gap 1.57 s against 0.28 s). docs/threads.md says
    // what would make them pay; until then they are for measuring and testing.
    const wanted = options.workers === true && blob.size >= (options.minBytes || PARTS_MIN_BYTES);
    const setup = wanted ? await workerEngine() : null;
    if (!setup) return 0;
    const head = await readBytes(blob, 0, Math.min(blob.size, PREVIEW_BYTES));
    if (!stage(head)) return 'done';
    if (!Module['_ces_file_chunk'](head.length)) return 'done';  // stopped: cancelled, or the file cannot be read
    if (!stage(head)) return 'done';
    const planText = outputText(Module['_ces_parts_begin'](head.length));
    if (!planText) return head.length;
    const plan = JSON.parse(planText);

    // One core stays with this thread (drawing, input, the browser's own work): on 2
    // cores, two workers starved it (2 animation frames a second), one worker does not.
    const cores = Math.max(1, Math.min(PARTS_MAX, (navigator.hardwareConcurrency || 2) - 1));
    const count = Math.max(1, Math.min(options.parts || cores, Math.floor(blob.size / (options.minPartBytes || 4 * 1024 * 1024)) || 1));
    const body = blob.size - plan.header;
    const cuts = [plan.header];
    for (let k = 1; k < count; ++k) {
      const nominal = plan.header + Math.floor((body * k) / count);
      const span = Math.min(CUT_WINDOW_BYTES, Math.floor(body / count)) + 1;  // from the byte before `nominal`
      const bytes = await readBytes(blob, nominal - 1, nominal - 1 + span);
      if (!stage(bytes)) return 'done';
      const at = Module['_ces_parts_cut'](bytes.length);
      const cut = nominal - 1 + at;
      if (at >= 0 && cut > cuts[cuts.length - 1] && cut < blob.size) cuts.push(cut);
    }
    cuts.push(blob.size);
    readingInParts = { parts: cuts.length - 1, workers: [], started: performance.now(), absorbMs: [], imageBytes: 0 };
    const outcome = await runParts(blob, plan, cuts, setup);
    for (const worker of readingInParts.workers) worker.terminate();
    const absorbMs = readingInParts.absorbMs;
    lastPartsRead = {
      parts: cuts.length - 1,
      outcome,
      // Where the time went: until the last part was absorbed, and this thread's share (absorbing).
      ms: Math.round(performance.now() - readingInParts.started),
      absorbMs: Math.round(absorbMs.reduce((a, b) => a + b, 0)),
      longestAbsorbMs: Math.round(Math.max(0, ...absorbMs)),
      imageMegabytes: +(readingInParts.imageBytes / 1e6).toFixed(1),
    };
    readingInParts = null;
    if (outcome === 'refused') return Module['_ces_parts_fallback']() ? 0 : 'done';
    if (outcome === 'read') await endFile(blob);
    return 'done';
  }
  // For tests and measurements: the parts being read now, and how the last file read in parts went.
  let readingInParts = null;  // { parts, workers }
  let lastPartsRead = null;   // { parts, outcome: 'read' | 'refused' (then read in one part) | 'stopped' }
  Module['cesReadingInParts'] = () => readingInParts && { parts: readingInParts.parts, workers: readingInParts.workers.length };
  Module['cesLastPartsRead'] = () => lastPartsRead;

  // One worker per part; images absorbed in file order as they come. Resolves with
  // 'read', 'refused' (read in one part instead) or 'stopped' (cancelled or failed).
  function runParts(blob, plan, cuts, setup) {
    return new Promise((resolve) => {
      const parts = cuts.length - 1;
      const done = new Array(parts).fill(0);
      const results = new Array(parts).fill(null);
      let next = 0;
      let finished = false;
      const finish = (outcome) => {
        if (finished) return;
        finished = true;
        clearInterval(poll);
        resolve(outcome);
      };
      const progress = () => {
        if (finished) return;
        if (!Module['_ces_parts_progress'](done.reduce((a, b) => a + b, 0))) finish('stopped');
      };
      const absorb = () => {
        while (!finished && next < parts && results[next]) {
          const part = results[next];
          results[next] = null;  // the image is freed once absorbed
          if (part.error || !part.ok) return finish('refused');
          const image = new Uint8Array(part.image);
          const started = performance.now();
          if (!stage(image)) return finish('stopped');
          const absorbed = Module['_ces_parts_absorb'](image.length, part.firstLine, part.endLine);
          readingInParts.absorbMs.push(performance.now() - started);
          readingInParts.imageBytes += image.length;
          if (!absorbed) return finish(Module['_ces_parts_progress'](0) ? 'refused' : 'stopped');
          ++next;
        }
        if (next === parts) finish('read');
      };
      const poll = setInterval(progress, 50);  // a cancel stops the workers at once
      for (let k = 0; k < parts; ++k) {
        const worker = new Worker(setup.url);
        readingInParts.workers.push(worker);
        worker.onmessage = (event) => {
          const message = event.data;
          if (message.progress !== undefined) {
            done[k] = message.progress;
            return progress();
          }
          done[k] = cuts[k + 1] - cuts[k];
          message.readMs = performance.now() - readingInParts.started;
          worker.terminate();  // one part each: its memory goes back now
          results[k] = message;
          absorb();
        };
        worker.onerror = (event) => {
          event.preventDefault();
          results[k] = { error: event.message || 'the worker failed' };
          absorb();
        };
        worker.postMessage({ module: setup.module, model: plan.model, file: blob, header: plan.header,
                             begin: cuts[k], end: cuts[k + 1], last: k === parts - 1 });
      }
    });
  }

  function reportReadFailure(error) {
    const message = `The file could not be read: ${error && error.message ? error.message : error}`;
    lastReadFailure = { message, phase: readPhase, stack: String((error && error.stack) || '') };
    console.warn('CES:', message, `(while ${readPhase})`, lastReadFailure.stack);
    callWithText('_ces_file_fail', message.slice(0, 1000));
  }

  // The app asks for the current file again (a model change needs other columns).
  // Never re-enters the app from inside its call: the read starts on the next task.
  function rereadFile() {
    setTimeout(() => {
      if (!current) {
        callWithText('_ces_file_fail', 'There is no file to read again: open one.');
      } else if (active) {
        rereadQueued = true;
        readPhase += ' (a re-read queued)';
      } else {
        importBlob(current.blob, current.name, true);
      }
    }, 0);
  }

  // Bytes the app holds (a bundled example), read as if the user had opened them.
  function openBytes(name, bytes, gzipped, ticket) {
    latestTicket = ticket;  // taken by the app when the example was clicked
    setTimeout(async () => {
      try {
        const blob = gzipped
          ? await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).blob()
          : new Blob([bytes]);
        await importBlob(new File([blob], name, { type: 'text/csv' }), name, false, ticket);
      } catch (error) {
        if (ticket === latestTicket) reportReadFailure(error);
      }
    }, 0);
  }

  // Every CSV the user opens arrives through this one input: the Open CSV button
  // clicks it, and a drop hands it the dropped file.
  fileInput.addEventListener('change', () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    importBlob(file, file.name, false, newTicket()).finally(() => {
      fileInput.value = '';  // choosing the same file again must fire `change` again
    });
  });

  // Ctrl+wheel (and a trackpad pinch, which arrives as one) zooms the page: stop it here,
  // in the capture phase, before Emscripten's GLFW cancels every wheel on the canvas.
  window.addEventListener('wheel', (event) => {
    if (event.ctrlKey) event.stopPropagation();
  }, { capture: true, passive: true });

  function carriesFiles(event) {
    return event.dataTransfer && Array.prototype.includes.call(event.dataTransfer.types, 'Files');
  }

  function isModelFile(file) {
    return /\.json$/i.test(file.name) || file.type === 'application/json';
  }

  window.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    document.body.classList.add('dragging');
  });
  window.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) document.body.classList.remove('dragging');
  });
  window.addEventListener('drop', (event) => {
    event.preventDefault();  // never let the browser navigate to the dropped file
    document.body.classList.remove('dragging');
    const files = event.dataTransfer ? event.dataTransfer.files : null;
    if (!files || files.length === 0) return;
    // A CSV dropped while the Check tab waits for an outcomes file is that file (the app says).
    const target = isModelFile(files[0]) || !window.ces ? null : request('dropTarget');  // (before ready: data)
    if (target && target.ok && target.value === 'outcomes') {
      sendSideFile('outcomes', files[0]);
      return;
    }
    const first = new DataTransfer();
    first.items.add(files[0]);
    const input = isModelFile(files[0]) ? modelInput : fileInput;  // a .json is a score definition
    input.files = first.files;
    input.dispatchEvent(new Event('change'));
  });

  function openFilePicker() {
    fileInput.click();  // works while the click that led here still counts as user activation
  }

  // ---------------------------------------------------------------------------------
  // [4] model files, share links, saved settings
  // ---------------------------------------------------------------------------------

  function openModelPicker() {
    modelInput.click();
  }

  modelInput.addEventListener('change', async () => {
    const file = modelInput.files && modelInput.files[0];
    modelInput.value = '';
    if (!file) return;
    // A model is at most 1 MiB (spec section 2): 2 MiB is enough for the app to say so.
    const answer = setModelText(await file.slice(0, 2 * 1024 * 1024).text(), 'file');
    // Like ces-import for CSV files: says the app has the file (its problems are on screen).
    window.dispatchEvent(new CustomEvent('ces-model-file', { detail: answer }));
  });

  // A file a view asks for beside the data (the Check view's outcomes CSV or a model to
  // compare with): its bytes go to the app as the "sideFile" request's attachment.
  function openSideFile(purpose, accept) {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.hidden = true;
    input.addEventListener('change', async () => {
      const file = input.files && input.files[0];
      input.remove();
      if (file) sendSideFile(purpose, file);
    });
    document.body.appendChild(input);
    input.click();
  }

  async function sendSideFile(purpose, file) {
    const answer = request('sideFile', { purpose, name: file.name }, new Uint8Array(await file.arrayBuffer()));
    if (!answer.ok) console.warn('CES: the file could not be used:', answer.error);
    window.dispatchEvent(new CustomEvent('ces-side-file', { detail: { purpose, name: file.name } }));
  }

  function setModelText(text, origin) {
    const answer = request('setModel', { model: text, origin });
    return answer.ok ? answer.value : { ok: false, errors: [answer.error] };
  }

  // A share link opened in this tab (the page does not reload when only the fragment changes).
  window.addEventListener('hashchange', () => {
    if (!location.hash.startsWith('#model=')) return;
    request('urlFragment', { fragment: location.hash });
    forgetFragment();
  });

  function forgetFragment() {
    try {
      history.replaceState(null, '', location.href.split('#')[0]);
    } catch (error) {
      console.warn('CES: could not clear the address fragment:', error.message);
    }
  }

  function loadSetting(key) {
    try {
      return localStorage.getItem(key) || '';
    } catch {
      return '';  // storage can be disabled (privacy settings, sandboxed frames)
    }
  }

  function saveSetting(key, value) {
    try {
      if (value) localStorage.setItem(key, value);
      else localStorage.removeItem(key);
    } catch (error) {
      console.warn('CES: could not save', key, error.message);
    }
  }

  // ---------------------------------------------------------------------------------
  // [5] download and clipboard
  // ---------------------------------------------------------------------------------

  function download(fileName, mimeType, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60 * 1000);
  }

  // Ctrl+V in a text field of the app: the browser hands the pasted text to this event
  // before the next frame, where ImGui asks for it.
  window.addEventListener('paste', (event) => {
    const text = event.clipboardData ? event.clipboardData.getData('text/plain') : '';
    if (text && window.ces) callWithText('_ces_paste_text', text.slice(0, 1 << 20));
  });

  function copyText(text) {
    if (!navigator.clipboard || !navigator.clipboard.writeText) {
      console.warn('CES: this browser gives the page no clipboard access');
      return;
    }
    navigator.clipboard.writeText(text).catch((error) => {
      console.warn('CES: copying to the clipboard failed:', error.message);
    });
  }

  Module['cesPage'] = {
    onReady, onFatal, openFilePicker, openModelPicker, openSideFile, rereadFile, openBytes, download, copyText, saveSetting, loadSetting,
    announce,
  };

  // ---------------------------------------------------------------------------------
  // [6] requests: every operation of window.ces goes through one export
  // ---------------------------------------------------------------------------------

  // Runs an operation of src/platform/web/api_ops.cpp now: { ok: true, value } (parsed
  // JSON or text) or { ok: false, error }. `attachment` is a Uint8Array or null.
  function request(op, options = {}, attachment = null) {
    const head = encoder.encode(JSON.stringify({ op, options }));
    const size = head.length + (attachment ? attachment.length : 0);
    const address = Module['_ces_input_buffer'](size) >>> 0;
    if (address === 0) return { ok: false, error: 'CES is out of memory' };
    HEAPU8.set(head, address);  // HEAPU8 read after the allocation: growing the heap replaces it
    if (attachment) HEAPU8.set(attachment, address + head.length);
    const answer = outputText(Module['_ces_request'](head.length, attachment ? attachment.length : 0));
    Module['_ces_release_output']();  // a results table can be large: do not keep a copy
    if (answer === null) return { ok: false, error: 'CES could not answer (out of memory?)' };
    const newline = answer.indexOf('\n');
    const kind = answer.slice(0, newline), body = answer.slice(newline + 1);
    if (kind === 'error') return { ok: false, error: body };
    return { ok: true, value: kind === 'json' ? JSON.parse(body) : body };
  }

  // An operation as a Promise (spec v2 section 6): a File or Blob among the options is
  // read here and travels as the attachment (its place in the options says `true`);
  // an error rejects with an Error whose message names the option.
  async function callOp(name, options = {}, blob = null) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new TypeError(`ces.${name}: expected an options object`);
    }
    const plain = Object.assign({}, options);  // (no object spread: Emscripten 3.1.6's optimizer rejects it)
    let attachment = blob ? new Uint8Array(await blob.arrayBuffer()) : null;
    for (const [key, value] of Object.entries(plain)) {
      if (!(value instanceof Blob)) continue;
      if (attachment) throw new TypeError(`ces.${name}: options.${key}: only one file can be passed`);
      attachment = new Uint8Array(await value.arrayBuffer());
      plain[key] = true;
    }
    const answer = request(name, plain, attachment);
    if (!answer.ok) throw new Error(answer.error);
    return answer.value;
  }

  // [Test hooks] for tests/browser only, not part of the API: where the app drew its key
  // controls (CSS pixels) so tests can click them, how many customers the table lists,
  // the selected customer; the frames drawn, to wait for the frame that handled input;
  // where a read is, for a test that waited too long for a file to say so; and
  // Module.cesWarmedUp (set at [1] onReady), the customers the warm-up scored.
  Module['cesUiState'] = () => {
    const answer = request('uiState');
    return answer.ok ? answer.value : { landmarks: {} };
  };
  Module['cesLandmarks'] = () => Module['cesUiState']().landmarks;
  Module['cesFramesDrawn'] = () => Module['_ces_frames_drawn']();
  Module['cesReadPhase'] = () => readPhase;

  // ---------------------------------------------------------------------------------
  // [7] window.ces: the page's JavaScript API (spec v1 and v2, section 6)
  // ---------------------------------------------------------------------------------

  // Spec v2 operations whose handlers are not in this build yet: until a row for each is
  // added to api_ops.cpp's table, callOp rejects with "ces.<name> is not available in
  // this build". PLACEHOLDERS: they become real with no change here.
  // Spec v2 operations (api_ops.cpp's table). Some need the loaded file's bytes again
  // (another model that reads the file differently, an outcome column of the file):
  // the engine says so and the call is repeated with the file attached, so a file is
  // copied into the engine only when it must be.
  // A model given as JSON text or as a plain object (as setModel takes it).
  function modelText(model) {
    return model !== null && typeof model === 'object' ? JSON.stringify(model) : model;
  }
  async function callOpWithFile(name, options) {
    try {
      return await callOp(name, options);
    } catch (error) {
      const marker = 'needs-loaded-file\n';
      if (!String(error.message).startsWith(marker)) throw error;
      if (!current) throw new Error(error.message.slice(marker.length));
      return callOp(name, options, current.blob);
    }
  }
  const v2 = {
    historyCsv: (options = {}) => callOp('historyCsv', options),
    moversCsv: (options = {}) => callOp('moversCsv', options),
    moversSummary: (options = {}) => callOp('moversSummary', options),
    compareCsv: (modelJsonText) => callOpWithFile('compareCsv', { model: modelText(modelJsonText) }),
    compareSummary: (modelJsonText) => callOpWithFile('compareSummary', { model: modelText(modelJsonText) }),
    backtest: (options = {}) => callOpWithFile('backtest', options),
    sql: (dialect) => callOp('sql', { dialect }),
  };

  const api = Object.freeze(Object.assign({
    // Validates and applies a model (JSON text). Returns { ok: true } or
    // { ok: false, errors: ["path: message", ...] }; the page keeps its model on errors.
    setModel(jsonText) {
      // JSON text, as the spec says; a plain object is taken as the JSON it would write.
      let text = jsonText;
      if (text !== null && typeof text === 'object') {
        try {
          text = JSON.stringify(text);
        } catch (error) {
          return { ok: false, errors: [`the model could not be turned into JSON: ${error.message}`] };
        }
      }
      if (typeof text !== 'string') {
        return { ok: false, errors: ['ces.setModel expects the model as JSON text (a string)'] };
      }
      const result = setModelText(text, 'api');
      return result.ok ? { ok: true } : { ok: false, errors: result.errors };
    },
    // The score definitions kept in this browser: [{ name, current }], in the Models menu's order.
    models() {
      const answer = request('models');
      return answer.ok ? answer.value : [];
    },
    // Undoes / redoes the last change to the models (an edit, a setModel, a delete, a
    // switch), as Ctrl+Z / Ctrl+Shift+Z do. Returns true when there was one.
    undo() {
      const answer = request('undo');
      return answer.ok && answer.value === true;
    },
    redo() {
      const answer = request('redo');
      return answer.ok && answer.value === true;
    },
    // Reads a File or Blob through the same sliced path as the Open CSV button and
    // scores it. Resolves with the summary once done.
    loadCsv(fileOrBlob) {
      if (!(fileOrBlob instanceof Blob)) {
        return Promise.reject(new TypeError('ces.loadCsv expects a File or a Blob'));
      }
      return importBlob(fileOrBlob, fileOrBlob.name || 'data.csv', false, newTicket());
    },
    // { status, file, rows, customers, rowErrors, errors, asOf, tiers, scoreMean, scoreMedian, ... }
    summary() {
      return appSummary();
    },
    // The scored table (spec section 5) as text; "" until a file is scored.
    resultsCsv() {
      const answer = request('resultsCsv');
      return answer.ok ? answer.value : '';
    },
  }, v2));
})();
