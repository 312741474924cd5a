// The wasm -> JavaScript half of the boundary (declared in src/platform/web/wasm_boundary.h),
// linked with --js-library. Each function converts pointers into JavaScript values and
// hands over to the page glue in ces_page.js (Module.cesPage).
// Pointers arrive as signed 32-bit numbers; with up to 4 GB of heap, `>>> 0` makes them addresses.
mergeInto(LibraryManager.library, {
  ces_js_ready: function () {
    Module['cesPage'].onReady();
  },

  // 1 when WebGL is drawn on the CPU (SwiftShader, llvmpipe: no GPU, as in headless or
  // remote desktops), where a frame costs the main thread tens of milliseconds.
  ces_js_software_gl: function () {
    try {
      const gl = (typeof GLctx !== 'undefined' && GLctx) || Module['ctx'];
      if (!gl) return 0;
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      Module['cesSoftwareGl'] = /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
      return Module['cesSoftwareGl'] ? 1 : 0;
    } catch (e) {
      return 0;
    }
  },

  ces_js_fatal: function (message) {
    Module['cesPage'].onFatal(UTF8ToString(message >>> 0));
  },

  ces_js_open_file_picker: function () {
    Module['cesPage'].openFilePicker();
  },

  ces_js_open_model_picker: function () {
    Module['cesPage'].openModelPicker();
  },

  ces_js_open_side_file: function (purpose, accept) {
    Module['cesPage'].openSideFile(UTF8ToString(purpose >>> 0), UTF8ToString(accept >>> 0));
  },

  ces_js_reread_file: function () {
    Module['cesPage'].rereadFile();
  },

  ces_js_open_bytes: function (name, data, size, gzipped, ticket) {
    data >>>= 0;
    size >>>= 0;
    Module['cesPage'].openBytes(UTF8ToString(name >>> 0), HEAPU8.slice(data, data + size), gzipped !== 0, ticket);
  },

  ces_js_download: function (fileName, mimeType, data, size) {
    data >>>= 0;
    size >>>= 0;
    Module['cesPage'].download(UTF8ToString(fileName >>> 0), UTF8ToString(mimeType >>> 0),
                               HEAPU8.slice(data, data + size));
  },

  ces_js_copy_text: function (text, size) {
    text >>>= 0;
    size >>>= 0;
    Module['cesPage'].copyText(new TextDecoder().decode(HEAPU8.subarray(text, text + size)));
  },

  // Returns a malloc'd copy (the caller frees it), or 0 when nothing is stored.
  ces_js_load_setting__deps: ['malloc'],
  ces_js_load_setting: function (key) {
    const value = Module['cesPage'].loadSetting(UTF8ToString(key >>> 0));
    return value ? allocateUTF8(value) : 0;
  },

  ces_js_announce: function (text, size) {
    text >>>= 0;
    size >>>= 0;
    Module['cesPage'].announce(new TextDecoder().decode(HEAPU8.subarray(text, text + size)));
  },

  ces_js_save_setting: function (key, value, size) {
    value >>>= 0;
    size >>>= 0;
    Module['cesPage'].saveSetting(UTF8ToString(key >>> 0), new TextDecoder().decode(HEAPU8.subarray(value, value + size)));
  },
});
