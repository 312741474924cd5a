// The whole JavaScript <-> wasm surface: plain numbers and bytes, nothing else.
//
// JavaScript -> wasm (defined in wasm_boundary.cpp, called by web/ces_page.js). Bytes
// travel in through one input buffer: JS asks for room, copies into the heap, then
// calls the function that consumes them. Text travels out through one output buffer:
// a function returns its address, ces_output_size() its length; it stays valid until
// the next call that writes it. No exception crosses this line: allocation failure
// and errors are caught here and reported to the app as a file error.
//
// Two kinds of traffic: a file's bytes, streamed (ces_file_*), and every operation of
// window.ces as one request/response (ces_request; the operations are a table in
// api_ops.cpp), so a new operation adds no export.
//
// wasm -> JavaScript (defined in web/library_ces.js, called by the platform code).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ces::app {
class App;
}
namespace ces::web {
class WebPlatformServices;
}

extern "C" {

// --- JavaScript -> wasm -------------------------------------------------------------
std::uint8_t* ces_input_buffer(std::size_t size);              // room for size bytes; null when out of memory
double ces_file_request(void);                                  // a ticket for a new file (ScoringFlow::RequestFile)
int ces_file_begin(std::size_t name_size, double total_bytes, int reread, double ticket);  // name in the input buffer; 1 = ok, 0 = superseded
int ces_file_chunk(std::size_t size);                           // next bytes in the input buffer; 1 = send more
int ces_file_end(void);                                         // every byte was sent; 1 = call ces_file_end_step
int ces_file_end_step(void);                                    // the next ~12 ms of scoring; 1 = call it again
void ces_file_fail(std::size_t message_size);                   // reading failed; message in the input buffer
void ces_cancel_read(void);                                     // stop the file being read (a new one is coming)
void ces_paste_text(std::size_t size);                          // text the user is pasting (a DOM paste event), for ImGui's Ctrl+V
const char* ces_request(std::size_t request_size, std::size_t attachment_size);
                                                                // {op, options} JSON, then attachment_size bytes (a File
                                                                //   option's), in the input buffer -> "json\n…", "text\n…"
                                                                //   or "error\n<message>" (api_ops.h)
int ces_frames_drawn(void);                                     // frames the UI has drawn: tests wait on it, and sendBlob
int ces_warm_up(void);                                          // the engine once on a made-up log (app/core/warm_up.h); customers scored, 0 = failed
std::size_t ces_output_size(void);                              // bytes of the text the last call above returned
void ces_release_output(void);                                  // frees that text (a results table can be large)

// --- wasm -> JavaScript -------------------------------------------------------------
void ces_js_ready(void);                                   // the UI is running: resolve window.cesReady
int ces_js_software_gl(void);                              // 1: WebGL is drawn on the CPU (no GPU)
void ces_js_fatal(const char* message);                    // the page cannot run: show why
void ces_js_open_file_picker(void);                        // click the hidden <input id="csv-file">
void ces_js_open_model_picker(void);                       // click the hidden <input id="model-file">
void ces_js_open_side_file(const char* purpose, const char* accept);  // a chooser; the file comes back as op "sideFile"
void ces_js_reread_file(void);                             // read the current file again (ces_file_begin reread=1)
void ces_js_open_bytes(const char* name, const std::uint8_t* data, std::size_t size,
                       int gzipped, double ticket);        // read these bytes as a file of this name
void ces_js_download(const char* file_name, const char* mime_type, const std::uint8_t* data,
                     std::size_t size);                    // save bytes as a file
void ces_js_copy_text(const char* text, std::size_t size);  // UTF-8 text to the clipboard
void ces_js_save_setting(const char* key, const char* value, std::size_t size);  // localStorage; "" removes
char* ces_js_load_setting(const char* key);                // localStorage; malloc'd UTF-8 (free it), null = none
void ces_js_announce(const char* text, std::size_t size);  // UTF-8 text for the page's live region (screen readers)
}

namespace ces::web {

void ConnectBoundary(app::App& app, WebPlatformServices& services);  // before the first call from JavaScript is served

}  // namespace ces::web
