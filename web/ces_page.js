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
//   [4] download and clipboard
//   [5] window.ces and window.cesReady
(function () {
  const SLICE_BYTES = 8 * 1024 * 1024;  // copied into the heap per step; the UI redraws in between

  const canvas = document.getElementById('canvas');
  const fileInput = document.getElementById('csv-file');
  const statusText = document.getElementById('status-text');

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
    document.body.classList.add('ready');
    announce('CES is ready. Open or drop a CSV file.');
    window.ces = api;
    resolveReady(api);
  }

  function onFatal(message) {
    document.body.classList.add('failed');
    announce(message);
    rejectReady(new Error(message));
  }

  Module['canvas'] = canvas;
  Module['onAbort'] = (what) => onFatal('CES stopped: ' + what);
  Module['onRuntimeInitialized'] = lockDownNetwork;

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
    policy.content = "default-src 'none'; base-uri 'none'; form-action 'none'";
    document.head.appendChild(policy);
  }

  // ---------------------------------------------------------------------------------
  // [3] reading files
  // ---------------------------------------------------------------------------------

  let importing = false;

  // Copies bytes into the wasm input buffer; false when the app is out of memory (it
  // has already been told, and shows it).
  function stage(bytes) {
    const address = Module['_ces_input_buffer'](bytes.length) >>> 0;
    if (address === 0) return false;
    HEAPU8.set(bytes, address);  // HEAPU8 read after the allocation: growing the heap replaces it
    return true;
  }

  function appSummary() {
    const address = Module['_ces_summary_json']() >>> 0;
    return address === 0 ? null : JSON.parse(UTF8ToString(address));
  }

  function yieldToBrowser() {  // lets the frame loop draw and input events arrive
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  // Feeds the blob to the app slice by slice: File.slice -> arrayBuffer -> heap ->
  // _ces_file_chunk, yielding between slices so the tab never freezes. Stops early when
  // the app says so (the user cancelled, or an error). Always resolves with the
  // app's summary; only misuse rejects.
  async function importBlob(blob, name) {
    if (importing) throw new Error('CES is already reading a file; wait for it or cancel it.');
    importing = true;
    try {
      await sendBlob(blob, name);
    } catch (error) {
      reportReadFailure(error);
    } finally {
      importing = false;
    }
    const summary = appSummary();
    announce(summary ? `${summary.file}: ${summary.status}, ${summary.lines} lines.` : 'Reading failed.');
    window.dispatchEvent(new CustomEvent('ces-import', { detail: summary }));
    return summary;
  }

  async function sendBlob(blob, name) {
    const nameBytes = new TextEncoder().encode(name);
    if (!stage(nameBytes) || !Module['_ces_file_begin'](nameBytes.length, blob.size)) return;
    let offset = 0;
    while (offset < blob.size) {
      const bytes = new Uint8Array(await blob.slice(offset, offset + SLICE_BYTES).arrayBuffer());
      if (bytes.length === 0) throw new Error('The file became shorter while it was being read.');
      if (!stage(bytes)) return;
      offset += bytes.length;
      if (!Module['_ces_file_chunk'](bytes.length)) return;
      await yieldToBrowser();
    }
    Module['_ces_file_end']();
  }

  function reportReadFailure(error) {
    const message = `The file could not be read: ${error && error.message ? error.message : error}`;
    console.warn('CES:', message);
    const bytes = new TextEncoder().encode(message.slice(0, 1000));
    if (stage(bytes)) Module['_ces_file_fail'](bytes.length);
  }

  // Every file the user opens arrives through this one input: the Open CSV button
  // clicks it, and a drop hands it the dropped file.
  fileInput.addEventListener('change', () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    if (importing) {
      console.warn('CES: still reading the previous file; ignoring', file.name);
      return;
    }
    importBlob(file, file.name).finally(() => {
      fileInput.value = '';  // choosing the same file again must fire `change` again
    });
  });

  function carriesFiles(event) {
    return event.dataTransfer && Array.prototype.includes.call(event.dataTransfer.types, 'Files');
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
    const first = new DataTransfer();
    first.items.add(files[0]);
    fileInput.files = first.files;
    fileInput.dispatchEvent(new Event('change'));
  });

  function openFilePicker() {
    fileInput.click();  // works while the click that led here still counts as user activation
  }

  // ---------------------------------------------------------------------------------
  // [4] download and clipboard
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

  function copyText(text) {
    if (!navigator.clipboard || !navigator.clipboard.writeText) {
      console.warn('CES: this browser gives the page no clipboard access');
      return;
    }
    navigator.clipboard.writeText(text).catch((error) => {
      console.warn('CES: copying to the clipboard failed:', error.message);
    });
  }

  Module['cesPage'] = { onReady, onFatal, openFilePicker, download, copyText };

  // ---------------------------------------------------------------------------------
  // [5] window.ces: the page's JavaScript API (spec/score-model-v1.md, section 6)
  // ---------------------------------------------------------------------------------

  function notConnectedYet(name) {
    // TODO(engine integration): remove once the engine session is behind the App.
    throw new Error(`ces.${name}() is not available yet: the scoring engine is not connected to the page.`);
  }

  const api = Object.freeze({
    // Reads a File or Blob through the same sliced path as the Open CSV button.
    // Resolves with the app's summary; for now (placeholder app):
    //   { status: "done"|"cancelled"|"error", file, size, bytes, lines, elapsedMs, error? }
    loadCsv(fileOrBlob) {
      if (!(fileOrBlob instanceof Blob)) {
        return Promise.reject(new TypeError('ces.loadCsv expects a File or a Blob'));
      }
      return importBlob(fileOrBlob, fileOrBlob.name || 'data.csv');
    },
    // TODO(engine integration): parse and validate the model; { ok: true } or { ok: false, errors }.
    setModel(jsonText) {
      return notConnectedYet('setModel');
    },
    // TODO(engine integration): { status, file, rows, customers, rowErrors, errors, asOf, tiers, scoreMean, scoreMedian }.
    summary() {
      return notConnectedYet('summary');
    },
    // TODO(engine integration): the scored table (spec section 5) as text.
    resultsCsv() {
      return notConnectedYet('resultsCsv');
    },
  });
})();
