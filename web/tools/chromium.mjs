// Debian's Chromium as the tests and the benchmarks start it, written once: both drive
// /usr/bin/chromium through playwright-core (never a downloaded browser), headless and
// with nothing that reaches the network on its own.
//
// CHROMIUM=path picks another binary. CHROMIUM_EXTRA_ARGS (space-separated) adds flags
// for an experiment, e.g. "--js-flags=--no-wasm-lazy-compilation" to see what compiling
// WebAssembly on first call costs.
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ...(process.env.CHROMIUM_EXTRA_ARGS || '').split(' ').filter(Boolean),
];
