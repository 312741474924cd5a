// The browser peers of the benchmark, one function each on window.benchPeers. bench/run
// chooses the file through the page's <input id="csv-file"> (a real file chooser
// upload), then calls one peer in a fresh browser. Each peer times, with
// performance.now(), from the File in hand to every customer's raw score in memory;
// turning the scores into text for the agreement check happens after the clock stops.
import { RawScoreAggregator, duckdbSql, planFromModel } from '/bench/peers/score_plan.mjs';

const SLICE_BYTES = 4 * 1024 * 1024;

function chosenFile() {
  const file = document.getElementById('csv-file').files[0];
  if (!file) throw new Error('no file chosen in #csv-file');
  return file;
}

const asText = (pairs) => pairs.map(([id, raw]) => `${id}\t${raw}`).join('\n');

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

// The ceiling: read the File in 4 MB slices into ArrayBuffers and do nothing with them.
async function readSlices() {
  const file = chosenFile();
  const start = performance.now();
  let bytes = 0;
  for (let offset = 0; offset < file.size; offset += SLICE_BYTES) {
    const buffer = await file.slice(offset, offset + SLICE_BYTES).arrayBuffer();
    bytes += buffer.byteLength;
  }
  return { ms: performance.now() - start, bytes };
}

// PapaParse reading the File itself (FileReader, its default 10 MB chunks, fast mode
// when there are no quotes), rows handed to the plain-JS aggregation.
async function papaparse(modelJson) {
  await loadScript('/node_modules/papaparse/papaparse.min.js');
  const file = chosenFile();
  const plan = planFromModel(modelJson);
  const start = performance.now();
  let aggregator = null;
  await new Promise((resolve, reject) => {
    window.Papa.parse(file, {
      skipEmptyLines: true,
      chunk(results) {
        const rows = results.data;
        let first = 0;
        if (aggregator === null) {
          aggregator = new RawScoreAggregator(plan, rows[0]);
          first = 1;
        }
        for (let i = first; i < rows.length; i++) aggregator.addRow(rows[i]);
      },
      complete: resolve,
      error: reject,
    });
  });
  const scores = aggregator.finish();
  const ms = performance.now() - start;
  return { ms, customers: scores.length, rowErrors: aggregator.rowErrors, results: asText(scores) };
}

// uDSV on text decoded from 4 MB slices (streaming TextDecoder, so a character split
// between slices survives), each parsed row handed to the same aggregation.
async function udsv(modelJson) {
  const { inferSchema, initParser } = await import('/node_modules/udsv/dist/uDSV.mjs');
  const file = chosenFile();
  const plan = planFromModel(modelJson);
  const start = performance.now();
  const decoder = new TextDecoder();
  let parser = null;
  let aggregator = null;
  const onRow = (row) => { aggregator.addRow(row); };
  for (let offset = 0; offset < file.size; offset += SLICE_BYTES) {
    const last = offset + SLICE_BYTES >= file.size;
    const text = decoder.decode(await file.slice(offset, offset + SLICE_BYTES).arrayBuffer(), { stream: !last });
    if (parser === null) {
      const schema = inferSchema(text);
      parser = initParser(schema);
      aggregator = new RawScoreAggregator(plan, schema.cols.map((c) => c.name));
    }
    parser.chunk(text, parser.stringArrs, onRow);
  }
  parser.end();
  const scores = aggregator.finish();
  const ms = performance.now() - start;
  return { ms, customers: scores.length, rowErrors: aggregator.rowErrors, results: asText(scores) };
}

// DuckDB-WASM (the exception-handling bundle Chromium gets; single-threaded): the File
// registered as a browser file handle, then the one SQL query all DuckDB peers run.
// Instantiating the database happens before the clock starts.
let duckdbVersion = null;
async function duckdbWasm(modelJson, { head }) {
  const duckdb = await import('/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs');
  const dist = '/node_modules/@duckdb/duckdb-wasm/dist/';
  const worker = new Worker(dist + 'duckdb-browser-eh.worker.js');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(dist + 'duckdb-eh.wasm');
  await db.open({ query: { castBigIntToDouble: true } });
  const connection = await db.connect();
  // Never fetch extensions from the internet: a query that needed one should fail, not hang.
  await connection.query('SET autoinstall_known_extensions = false');
  await connection.query('SET autoload_known_extensions = false');
  duckdbVersion = (await connection.query('SELECT version() AS v')).getChild('v').get(0);
  const file = chosenFile();
  const sql = duckdbSql(planFromModel(modelJson), 'events.csv', head);

  const start = performance.now();
  await db.registerFileHandle('events.csv', file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  const table = await connection.query(sql);
  const ids = table.getChild('customer').toArray();
  const raws = table.getChild('raw').toArray();
  const ms = performance.now() - start;

  const pairs = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) pairs[i] = [ids[i], raws[i]];
  return { ms, customers: ids.length, version: duckdbVersion, results: asText(pairs) };
}

window.benchPeers = { readSlices, papaparse, udsv, duckdbWasm };
window.benchPeersReady = true;
