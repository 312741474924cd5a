// The whole JavaScript <-> wasm surface: plain numbers and bytes, nothing else.
//
// JavaScript -> wasm (defined in wasm_boundary.cpp, called by web/ces_page.js). Bytes
// travel through one input buffer: JS asks for room, copies into the heap, then calls
// the function that consumes them. No exception crosses this line: allocation failure
// and errors are caught here and reported to the app as a file error.
//
// wasm -> JavaScript (defined in web/library_ces.js, called by the platform code).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ces::app {
class App;
}

extern "C" {

// --- JavaScript -> wasm -------------------------------------------------------------
std::uint8_t* ces_input_buffer(std::size_t size);              // room for size bytes; null when out of memory
int ces_file_begin(std::size_t name_size, double total_bytes);  // name (UTF-8) in the input buffer; 1 = ok
int ces_file_chunk(std::size_t size);                           // next bytes in the input buffer; 1 = send more
void ces_file_end(void);                                        // every byte was sent
void ces_file_fail(std::size_t message_size);                   // reading failed; message in the input buffer
const char* ces_summary_json(void);                             // app state as JSON, valid until the next call

// --- wasm -> JavaScript -------------------------------------------------------------
void ces_js_ready(void);                                   // the UI is running: resolve window.cesReady
void ces_js_fatal(const char* message);                    // the page cannot run: show why
void ces_js_open_file_picker(void);                        // click the hidden <input id="csv-file">
void ces_js_download(const char* file_name, const char* mime_type, const std::uint8_t* data,
                     std::size_t size);                    // save bytes as a file
void ces_js_copy_text(const char* text, std::size_t size);  // UTF-8 text to the clipboard
}

namespace ces::web {

void ConnectBoundary(app::App& app);  // before the first call from JavaScript is served

}  // namespace ces::web
