// `ces sql` on real engines (spec v2 section 5): for every example and a set of
// generated models, the table of the file's valid rows is loaded into DuckDB
// (@duckdb/node-api), ClickHouse (chdb, embedded) and PostgreSQL (a server this
// test starts with initdb + pg_ctl and stops at the end); the query `ces sql`
// prints runs there and every row is compared with `ces score`'s CSV: same
// customers in the same order, same text, numbers within 1e-6.
//
//   node --test tests/sql/run.mjs          (CES_BUILD=dir for another build folder;
//                                           CES_SQL_DIALECTS=duckdb,clickhouse for a subset)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { generatedCases } from './cases.mjs';
import { parseCsv, compare, textColumnsOf } from './compare.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = resolve(process.env.CES_BUILD || join(ROOT, 'build'));
const CES = join(BUILD, 'ces');
const ROWS_TOOL = join(BUILD, 'ces_sql_rows');
const DIALECTS = (process.env.CES_SQL_DIALECTS || 'duckdb,clickhouse,postgres').split(',');
const WORK = mkdtempSync(join(tmpdir(), 'ces-sql-'));
chmodSync(WORK, 0o755);

// ---- The table: typed values to SQL literals per dialect.

function quoteIdent(d, name) {
  return d === 'clickhouse' ? '"' + name.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"' : '"' + name.replace(/"/g, '""') + '"';
}
function quoteText(d, s) {
  return d === 'clickhouse' ? "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'" : "'" + s.replace(/'/g, "''") + "'";
}
function isoMs(ms) { return new Date(ms).toISOString().replace('T', ' ').replace('Z', ''); }
function literal(d, type, v) {
  if (v === null || v === undefined) return 'NULL';
  switch (type) {
    case 'text': return quoteText(d, v);
    case 'double': {
      const s = String(v);  // shortest text that reads back as the same double
      if (d === 'clickhouse') return s;
      // DuckDB reads a literal with an exponent as a DOUBLE (correctly rounded); without
      // one it would be a DECIMAL first.
      return d === 'duckdb' ? v.toExponential() : `CAST('${s}' AS DOUBLE PRECISION)`;
    }
    case 'timestamp': return d === 'clickhouse' ? `'${isoMs(v)}'` : `TIMESTAMP '${isoMs(v)}'`;
    case 'line': return String(v);
  }
  throw new Error('type ' + type);
}
function sqlType(d, type) {
  const t = {
    duckdb: { text: 'VARCHAR', double: 'DOUBLE', timestamp: 'TIMESTAMP', line: 'BIGINT' },
    postgres: { text: 'TEXT', double: 'DOUBLE PRECISION', timestamp: 'TIMESTAMP', line: 'BIGINT' },
    clickhouse: { text: 'Nullable(String)', double: 'Nullable(Float64)', timestamp: "Nullable(DateTime64(3, 'UTC'))", line: 'Int64' },
  }[d][type];
  return t;
}
// `plainText`: ClickHouse text columns as plain `String` holding '' for empty cells.
function tableStatements(d, tableName, table, plainText) {
  const parts = tableName.split('.');
  const qname = parts.map((p) => quoteIdent(d, p)).join('.');
  const stmts = [];
  if (parts.length === 2) stmts.push(d === 'clickhouse' ? `CREATE DATABASE IF NOT EXISTS ${quoteIdent(d, parts[0])}` : `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(d, parts[0])}`);
  stmts.push(`DROP TABLE IF EXISTS ${qname}`);
  const plain = (c) => plainText && d === 'clickhouse' && c.type === 'text';
  const cols = table.columns.map((c) => `${quoteIdent(d, c.name)} ${plain(c) ? 'String' : sqlType(d, c.type)}`).join(', ');
  stmts.push(`CREATE TABLE ${qname} (${cols})` + (d === 'clickhouse' ? ' ENGINE = Memory' : ''));
  for (let i = 0; i < table.rows.length; i += 1000) {
    const values = table.rows.slice(i, i + 1000)
      .map((r) => '(' + r.map((v, k) => literal(d, table.columns[k].type, plain(table.columns[k]) && v === null ? '' : v)).join(', ') + ')').join(',\n');
    stmts.push(`INSERT INTO ${qname} VALUES ${values}`);
  }
  return stmts;
}

// ---- Engines: load(statements), query(sql) -> { names, rows } with numbers, strings, null.

async function openDuckDb() {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  return {
    async exec(stmts) { for (const s of stmts) await conn.run(s); },
    async query(sql) {
      const reader = await conn.runAndReadAll(sql);
      return { names: reader.columnNames(), rows: reader.getRowsJS() };
    },
    close() { conn.closeSync(); instance.closeSync(); },
  };
}

async function openClickHouse() {
  const { Session } = await import('chdb');
  const session = new Session(join(WORK, 'chdb'));
  return {
    async exec(stmts) { for (const s of stmts) session.query(s, 'CSV'); },
    async query(sql) {
      const out = JSON.parse(session.query(sql, 'JSONCompact'));
      return { names: out.meta.map((m) => m.name), rows: out.data };
    },
    close() { session.close(); },
  };
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
    srv.on('error', rej);
  });
}

function pgBin(name) {
  for (const v of ['17', '16', '15', '14', '13']) {
    const p = `/usr/lib/postgresql/${v}/bin/${name}`;
    if (existsSync(p)) return p;
  }
  return name;
}

// A private PostgreSQL server: initdb in a temporary folder, run as an unprivileged
// user when this process is root (PostgreSQL refuses to run as root), loopback only.
async function openPostgres() {
  const dir = join(WORK, 'pg');
  const asRoot = process.getuid && process.getuid() === 0;
  const runAs = (cmd, args) => {
    const r = asRoot ? spawnSync('runuser', ['-u', 'nobody', '--', cmd, ...args], { encoding: 'utf8' })
      : spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout || r.error}`);
    return r.stdout;
  };
  if (asRoot) execFileSync('chown', ['nobody', WORK]);
  // A linguistic default collation (ICU English: 'a' < 'B' < 'b'), so a query that
  // forgot to sort customer ids by their bytes would fail here.
  runAs(pgBin('initdb'), ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8',
    '--locale-provider=icu', '--icu-locale=en']);
  const port = await freePort();
  runAs(pgBin('pg_ctl'), ['-D', dir, '-l', join(dir, 'server.log'), '-w', '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c statement_timeout=120s`, 'start']);
  const psql = (file) => {
    const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres',
      '-d', 'postgres', '-f', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error('psql: ' + r.stderr);
    return r.stdout;
  };
  let n = 0, running = true;
  const stop = () => {
    if (!running) return;
    running = false;
    runAs(pgBin('pg_ctl'), ['-D', dir, '-m', 'fast', '-w', 'stop']);
  };
  // Stopped on every way out, also when a test times out or the run is interrupted.
  process.on('exit', () => { try { stop(); } catch { /* reported by close() */ } });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
  return {
    async exec(stmts) {
      const f = join(WORK, `pg-load-${n++}.sql`);
      writeFileSync(f, stmts.map((s) => s + ';\n').join(''));
      psql(f);
    },
    async query(sql) {
      const f = join(WORK, `pg-query-${n++}.sql`);
      // FORCE_QUOTE * quotes every non-NULL cell, so NULL and '' stay apart.
      writeFileSync(f, `COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true, FORCE_QUOTE *);\n`);
      const rows = parseCsv(psql(f));
      const names = rows.shift().map((c) => c.v);
      return { names, rows: rows.map((r) => r.map((c) => (c.quoted ? c.v : null))) };
    },
    close: stop,
  };
}

// ---- Cases

function examples() {
  const dir = join(ROOT, 'examples');
  return readdirSync(dir).filter((n) => existsSync(join(dir, n, 'model.json'))).sort().map((n) => ({
    name: `example ${n}`,
    modelPath: join(dir, n, 'model.json'),
    csvPath: join(dir, n, 'data.csv'),
    // It reads `value` as a number (sum) and as text (distinct_values): refused, see saasTwoColumns.
    refused: n === 'saas-events' ? ['"value"', 'Minutes in app', 'Features used'] : undefined,
  }));
}

// The saas example reads `value` as a number (sum) and as text (distinct_values): `ces sql`
// refuses it (tested below); this copy has the text in a column of its own.
function saasTwoColumns() {
  const dir = join(ROOT, 'examples', 'saas-events');
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  for (const a of model.activities) if (a.measure === 'distinct_values') a.column = 'feature';
  const rows = parseCsv(readFileSync(join(dir, 'data.csv'), 'utf8'));
  const vi = rows[0].findIndex((c) => c.v === 'value');
  const esc = (s) => (/[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
  const text = rows.map((r, i) => [...r.map((c) => c.v), i === 0 ? 'feature' : (r[vi] ? r[vi].v : '')].map(esc).join(',')).join('\n') + '\n';
  const modelPath = join(WORK, 'saas-two-columns.json');
  const csvPath = join(WORK, 'saas-two-columns.csv');
  writeFileSync(modelPath, JSON.stringify(model));
  writeFileSync(csvPath, text);
  return { name: 'example saas-events, text values in their own column', modelPath, csvPath };
}

function materialise(c) {
  if (c.modelPath) return c;
  const modelPath = join(WORK, c.id + '.json');
  const csvPath = join(WORK, c.id + '.csv');
  writeFileSync(modelPath, JSON.stringify(c.model, null, 2));
  writeFileSync(csvPath, c.csv);
  return { ...c, modelPath, csvPath };
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// ---- The tests

const engines = {};
const openers = { duckdb: openDuckDb, clickhouse: openClickHouse, postgres: openPostgres };
const tally = {};

before(async () => {
  assert.ok(existsSync(CES), `${CES} missing: build first (cmake --build build --target ces ces_sql_rows)`);
  assert.ok(existsSync(ROWS_TOOL), `${ROWS_TOOL} missing: build the ces_sql_rows target`);
  for (const d of DIALECTS) engines[d] = await openers[d]();
});

after(() => {
  for (const d of Object.keys(engines)) {
    try { engines[d].close(); } catch (e) { console.error(`closing ${d}: ${e.message}`); }
  }
  rmSync(WORK, { recursive: true, force: true });
  for (const [d, t] of Object.entries(tally)) console.log(`# ${d}: ${t.pass} cases pass, ${t.fail} fail, ${t.skip} skipped`);
});

const cases = [...examples(), { lazy: saasTwoColumns }, ...generatedCases()];

for (const raw of cases) {
  for (const d of DIALECTS) {
    if (raw.dialects && !raw.dialects.includes(d)) continue;
    const title = `${d}: ${raw.name || 'example saas-events, text values in their own column'}`;
    test(title, async (t) => {
      tally[d] ||= { pass: 0, fail: 0, skip: 0 };
      // Files, `ces score` and the table are made once per case and shared by the dialects.
      if (!raw.prepared) {
        const c = materialise(raw.lazy ? raw.lazy() : raw);
        raw.prepared = { c, score: run(CES, ['score', '--model', c.modelPath, c.csvPath]) };
      }
      const { c, score } = raw.prepared;
      const model = JSON.parse(readFileSync(c.modelPath, 'utf8'));
      if (score.status !== 0) {
        // Only a version 2 model that this build's model reader does not know yet is
        // skipped (nothing to compare with); any other failure of `ces score` fails.
        assert.ok(model.ces_model === 2 && /ces_model|unknown field/.test(score.stderr), `ces score failed: ${score.stderr}`);
        tally[d].skip++;
        t.skip(`ces score cannot score it: ${score.stderr.trim().split('\n')[0]}`);
        return;
      }
      const args = ['sql', '--model', c.modelPath, '--dialect', d];
      if (c.table) args.push('--table', c.table);
      const sql = run(CES, args);
      const refused = c.refused || (c.refusedIn && c.refusedIn[d]);
      if (refused) {
        assert.equal(sql.status, 2, 'ces sql should refuse this model');
        for (const part of refused) assert.ok(sql.stderr.includes(part), `refusal should mention ${part}: ${sql.stderr}`);
        tally[d].pass++;
        return;
      }
      try {
        assert.equal(sql.status, 0, sql.stderr);
        if (!c.rows) {
          const dump = run(ROWS_TOOL, [c.modelPath, c.csvPath]);
          assert.equal(dump.status, 0, dump.stderr);
          c.rows = JSON.parse(dump.stdout);
        }
        const table = c.rows;
        const tableName = c.table || (model.data.shape === 'customers' ? 'customers' : 'events');
        await engines[d].exec(tableStatements(d, tableName, table, c.plainText));
        const got = await engines[d].query(sql.stdout);
        compare(score.stdout, got, textColumnsOf(model), c.tolerance || 1e-6);
        tally[d].pass++;
      } catch (e) {
        tally[d].fail++;
        throw e;
      }
    });
  }
}

