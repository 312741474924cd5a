// One step of the scale demonstration, in a process of its own so that /usr/bin/time
// measures that step's peak memory alone (bench/sql_scale/run.mjs runs each).
//
//   node engine.mjs duckdb-load      EVENTS.csv DB.duckdb EVENTS.parquet
//   node engine.mjs duckdb-query     DB.duckdb QUERY.sql OUT.json
//   node engine.mjs clickhouse-load  EVENTS.parquet CHDB_DIR
//   node engine.mjs clickhouse-query CHDB_DIR QUERY.sql OUT.json
//
// Each prints one JSON line {step, ms}: the engine's own time for the step (opening the
// database and node's start are outside it; the process's wall clock is /usr/bin/time's).
// A query's rows are written to OUT.json as {names, rows} for the comparison.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { duckdbTimestamp } from '../peers/score_plan.mjs';

const [step, ...args] = process.argv.slice(2);
const sqlText = (s) => "'" + s.replace(/'/g, "''") + "'";

// The table docs/sql.md describes for the bench model (bench/bench_model.json): text
// trimmed with empty as NULL, `amount` a double, times in UTC, `_line` the CSV line
// (the generator writes no line breaks inside cells, so a row's line is its index + 2).
// DuckDB keeps a scan's insertion order (preserve_insertion_order, the default), which
// row_number() OVER () numbers; the equality check at the end would catch a reordering
// (v1's segment is the last value in line order).
async function duckdbLoad(csv, db, parquet) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  const t0 = performance.now();
  await conn.run(`CREATE OR REPLACE TABLE events AS
    SELECT NULLIF(trim(user_id), '') AS user_id,
           ${duckdbTimestamp('"timestamp"', 'iso')} AS "timestamp",
           NULLIF(trim(event), '') AS event,
           TRY_CAST(amount AS DOUBLE) AS amount,
           NULLIF(trim(plan), '') AS plan,
           row_number() OVER () + 1 AS _line
    FROM read_csv(${sqlText(csv)}, all_varchar = true, header = true)`);
  const t1 = performance.now();
  // The same rows for ClickHouse, times as epoch milliseconds (no time zone to guess).
  await conn.run(`COPY (SELECT user_id, epoch_ms("timestamp") AS ts_ms, event, amount, plan, _line FROM events)
    TO ${sqlText(parquet)} (FORMAT parquet)`);
  const t2 = performance.now();
  const rows = (await conn.runAndReadAll('SELECT count(*) FROM events')).getRowsJS()[0][0];
  conn.closeSync();
  instance.closeSync();
  console.log(JSON.stringify({ step, ms: t1 - t0, parquet_ms: t2 - t1, rows: Number(rows) }));
}

async function duckdbQuery(db, queryFile, out) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  const sql = readFileSync(queryFile, 'utf8');
  const t0 = performance.now();
  const reader = await conn.runAndReadAll(sql);
  const result = { names: reader.columnNames(), rows: reader.getRowsJS() };
  const ms = performance.now() - t0;
  const threads = (await conn.runAndReadAll("SELECT current_setting('threads')")).getRowsJS()[0][0];
  conn.closeSync();
  instance.closeSync();
  writeFileSync(out, JSON.stringify(result, (k, v) => (typeof v === 'bigint' ? Number(v) : v)));
  console.log(JSON.stringify({ step, ms, threads: Number(threads), customers: result.rows.length }));
}

async function clickhouseLoad(parquet, dir) {
  const { Session } = await import('chdb');
  const session = new Session(dir);
  const t0 = performance.now();
  session.query('DROP TABLE IF EXISTS events', 'CSV');
  session.query(`CREATE TABLE events (user_id Nullable(String), timestamp DateTime64(3, 'UTC'), event Nullable(String),
    amount Nullable(Float64), plan Nullable(String), _line Int64) ENGINE = MergeTree ORDER BY tuple()`, 'CSV');
  session.query(`INSERT INTO events SELECT user_id, fromUnixTimestamp64Milli(ts_ms, 'UTC'), event, amount, plan, _line
    FROM file(${sqlText(parquet)}, Parquet)`, 'CSV');
  session.query('OPTIMIZE TABLE events FINAL', 'CSV');
  const ms = performance.now() - t0;
  const rows = Number(JSON.parse(session.query('SELECT count() AS n FROM events', 'JSONCompact')).data[0][0]);
  session.close();
  console.log(JSON.stringify({ step, ms, rows }));
}

async function clickhouseQuery(dir, queryFile, out) {
  const { Session } = await import('chdb');
  const session = new Session(dir);
  const sql = readFileSync(queryFile, 'utf8');
  const t0 = performance.now();
  const parsed = JSON.parse(session.query(sql, 'JSONCompact'));
  const ms = performance.now() - t0;
  const threads = JSON.parse(session.query("SELECT getSetting('max_threads') AS t", 'JSONCompact')).data[0][0];
  session.close();
  const result = { names: parsed.meta.map((m) => m.name), rows: parsed.data };
  writeFileSync(out, JSON.stringify(result));
  console.log(JSON.stringify({ step, ms, threads: String(threads), customers: result.rows.length }));
}

const steps = { 'duckdb-load': duckdbLoad, 'duckdb-query': duckdbQuery, 'clickhouse-load': clickhouseLoad, 'clickhouse-query': clickhouseQuery };
if (!steps[step]) {
  console.error(`usage: node engine.mjs ${Object.keys(steps).join('|')} ARGS…`);
  process.exit(2);
}
await steps[step](...args);
