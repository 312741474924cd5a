// The Web Worker's side of reading a file in parts (docs/threads.md). Appended to the
// engine-only Emscripten output (CesEngine, src/platform/web/worker_main.cpp) and
// embedded into the page by web/tools/embed_worker.mjs; the page starts it from a
// Blob URL. One message in, one part out:
//
//   in:  { module, model, file, header, begin, end, last }   (module: a compiled WebAssembly.Module)
//   out: { progress }                        bytes of the range read so far, now and then
//        { image, firstLine, endLine, ok }   the part's image (transferred, not copied)
//        { error }                           the worker could not read its part
//
// The file is read with FileReaderSync in slices: a worker may block, the page may not.
'use strict';
(function () {
  const SLICE_BYTES = 4 * 1024 * 1024;
  let engine = null;

  function copyIn(bytes) {  // into the engine's buffer; HEAPU8 read after the allocation
    const address = engine._ces_worker_buffer(bytes.length) >>> 0;
    if (address === 0) throw new Error('out of memory');
    engine.HEAPU8.set(bytes, address);
    return bytes.length;
  }

  async function readPart(job) {
    if (!engine) {
      engine = await CesEngine({
        instantiateWasm(imports, done) {
          WebAssembly.instantiate(job.module, imports).then((instance) => done(instance));
          return {};
        },
      });
    }
    const reader = new FileReaderSync();
    const read = (from, to) => new Uint8Array(reader.readAsArrayBuffer(job.file.slice(from, to)));
    if (!engine._ces_worker_begin(copyIn(new TextEncoder().encode(job.model)))) throw new Error('the model was refused');
    const ok = engine._ces_worker_feed(copyIn(read(0, job.header)));
    const firstLine = engine._ces_worker_lines();
    let fed = ok;
    let lastReport = 0;
    for (let at = job.begin; fed && at < job.end;) {
      const bytes = read(at, Math.min(job.end, at + SLICE_BYTES));
      if (bytes.length === 0) throw new Error('The file changed size while it was being read.');
      fed = engine._ces_worker_feed(copyIn(bytes));
      at += bytes.length;
      const now = performance.now();
      if (now - lastReport > 30 || at >= job.end) {
        postMessage({ progress: at - job.begin });
        lastReport = now;
      }
    }
    const ended = fed && engine._ces_worker_end(job.last ? 1 : 0);
    if (!fed) engine._ces_worker_end(job.last ? 1 : 0);  // the image then says why the part failed
    const endLine = engine._ces_worker_lines();
    const address = engine._ces_worker_image() >>> 0;
    const image = engine.HEAPU8.slice(address, address + engine._ces_worker_image_size()).buffer;
    engine._ces_worker_release();
    postMessage({ image, firstLine, endLine, ok: !!ended }, [image]);
  }

  self.onmessage = (event) => {
    readPart(event.data).catch((error) => postMessage({ error: String(error && error.message ? error.message : error) }));
  };
})();
