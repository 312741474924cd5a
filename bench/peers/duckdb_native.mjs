#!/usr/bin/env node
// DuckDB native (npm @duckdb/node-api) computing the benchmark's per-customer raw score.
//   node bench/peers/duckdb_native.mjs MODEL.json EVENTS.csv OUT.tsv [THREADS=2] [CES_BINARY]
// Writes "customer<TAB>raw" lines to OUT.tsv and prints
// {"ms": ..., "customers": ..., "version": ...} on stdout. The clock covers the query
// (reading and parsing the file included) and fetching every result row into JS; it
// leaves out node's start and opening the in-memory database.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

import { DuckDBInstance } from '@duckdb/node-api';

import { readHead } from '../lib/data.mjs';
import { duckdbSql, duckdbTimestamp, planFromModel, timeUnitOf } from './score_plan.mjs';

const [modelPath, csvPath, outPath, threads = '2', cesBinary] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: duckdb_native.mjs MODEL.json EVENTS.csv OUT.tsv [THREADS=2]');
  process.exit(2);
}

const sqlText = (s) => "'" + s.replace(/'/g, "''") + "'";
const ident = (s) => '"' + s.replace(/"/g, '""') + '"';

// A model the peers' own plan does not cover (a version 2 model: ranges, missing values,
// groups, …; another shape or time format) is scored by the query `ces sql --dialect
// duckdb` writes (docs/sql.md), on a table loaded from the CSV inside the timed part:
// text trimmed with empty as NULL, sum/value columns as DOUBLE, the time in UTC (from ISO
// text or epoch digits, as the file writes it), `_line`.
// Both ways DuckDB reads the whole file and computes every customer's raw score.
function cesSqlPlan(model, why) {
  if (!cesBinary) throw new Error(`${why}, and no ces binary was given for its SQL`);
  const data = model.data || {};
  const columns = new Map();
  const text = (c) => { if (c && !columns.has(c)) columns.set(c, `NULLIF(trim(${ident(c)}), '') AS ${ident(c)}`); };
  for (const a of model.activities || []) {
    if (a.column && a.measure !== 'distinct_values') columns.set(a.column, `TRY_CAST(NULLIF(trim(${ident(a.column)}), '') AS DOUBLE) AS ${ident(a.column)}`);
  }
  if (data.time && data.shape !== 'customers') {
    const unit = timeUnitOf(readHead(csvPath), data.time);
    columns.set(data.time, `${duckdbTimestamp(`NULLIF(trim(${ident(data.time)}), '')`, unit)} AS ${ident(data.time)}`);
  }
  [data.customer, data.event, data.segment, ...(data.carry || [])].forEach(text);
  for (const a of model.activities || []) if (a.column && a.measure === 'distinct_values') text(a.column);
  const load = `CREATE TEMP TABLE events AS SELECT ${[...columns.values()].join(', ')}, row_number() OVER () + 1 AS _line
    FROM read_csv(${sqlText(csvPath)}, all_varchar = true, header = true)`;
  const query = execFileSync(cesBinary, ['sql', '--model', modelPath, '--dialect', 'duckdb', '--table', 'events'], { encoding: 'utf8' });
  return { load, query, how: `the query of ces sql (${why})` };
}

function handPlan(model) {
  try {
    return { query: duckdbSql(planFromModel(model), csvPath, readHead(csvPath)), how: 'the peers\' own SQL' };
  } catch (error) {
    return cesSqlPlan(model, error.message);
  }
}

const model = JSON.parse(readFileSync(modelPath, 'utf8'));
const plan = handPlan(model);
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
const version = (await connection.runAndReadAll('SELECT version()')).getRows()[0][0];

const start = performance.now();
if (plan.load) await connection.run(plan.load);
const reader = await connection.runAndReadAll(plan.query);
const columnNames = reader.columnNames();
const rows = reader.getRows();
const ms = performance.now() - start;

// The peers' SQL returns (customer, raw); ces sql returns the scored table's columns.
const [c, r] = plan.load ? [columnNames.indexOf('customer'), columnNames.indexOf('raw')] : [0, 1];
writeFileSync(outPath, rows.map((row) => `${row[c]}\t${Number(row[r])}`).join('\n'));
console.log(JSON.stringify({ ms, customers: rows.length, version, how: plan.how }));
