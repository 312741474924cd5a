#!/usr/bin/env node
// DuckDB native (npm @duckdb/node-api) computing the benchmark's per-customer raw score.
//   node bench/peers/duckdb_native.mjs MODEL.json EVENTS.csv OUT.tsv [THREADS=2]
// Writes "customer<TAB>raw" lines to OUT.tsv and prints
// {"ms": ..., "customers": ..., "version": ...} on stdout. The clock covers the query
// (reading and parsing the file included) and fetching every result row into JS; it
// leaves out node's start and opening the in-memory database.
import { readFileSync, writeFileSync, openSync, readSync, closeSync } from 'node:fs';

import { DuckDBInstance } from '@duckdb/node-api';

import { duckdbSql, planFromModel } from './score_plan.mjs';

const [modelPath, csvPath, outPath, threads = '2'] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: duckdb_native.mjs MODEL.json EVENTS.csv OUT.tsv [THREADS=2]');
  process.exit(2);
}

function readHeader(file) {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(64 * 1024);
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  return buffer.toString('utf8', 0, n).replace(/^\uFEFF/, '').split(/\r?\n|\r/)[0].split(',');
}

const plan = planFromModel(readFileSync(modelPath, 'utf8'));
const sql = duckdbSql(plan, csvPath, readHeader(csvPath));
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
const version = (await connection.runAndReadAll('SELECT version()')).getRows()[0][0];

const start = performance.now();
const reader = await connection.runAndReadAll(sql);
const rows = reader.getRows();
const ms = performance.now() - start;

writeFileSync(outPath, rows.map(([customer, raw]) => `${customer}\t${Number(raw)}`).join('\n'));
console.log(JSON.stringify({ ms, customers: rows.length, version }));
