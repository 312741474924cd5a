// The honesty check: every peer's per-customer raw score must match `ces score`.
import { readFileSync } from 'node:fs';

export const TOLERANCE = 1e-6 + 1e-9;  // raw is shown to 6 decimals; allow one step of rounding

// Splits CSV text into rows of cells (RFC 4180 quotes; LF or CRLF).
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        quoted = false;
      } else cell += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
    i++;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

// The scored table of spec section 5 -> Map(customer -> raw).
export function rawFromResultsCsv(text) {
  const rows = parseCsv(text);
  const header = rows[0];
  const c = header.indexOf('customer');
  const r = header.indexOf('raw');
  if (c < 0 || r < 0) throw new Error(`results table has no customer/raw column: ${header.slice(0, 5).join(',')}`);
  const out = new Map();
  for (let k = 1; k < rows.length; k++) {
    let id = rows[k][c];
    // Undo the spreadsheet-formula guard: a leading ' before = + - @ on a non-number.
    if (id.length > 1 && id[0] === "'" && '=+-@'.includes(id[1]) && Number.isNaN(Number(id.slice(1)))) id = id.slice(1);
    out.set(id, Number(rows[k][r]));
  }
  return out;
}

export const rawFromResultsFile = (path) => rawFromResultsCsv(readFileSync(path, 'utf8'));

// Compares a peer's [[customer, raw], ...] (or Map) with the reference Map. Returns
// { ok, customers, mismatches, message }.
export function compareRaw(reference, peer, tolerance = TOLERANCE) {
  const got = peer instanceof Map ? peer : new Map(peer);
  const problems = [];
  let mismatches = 0;
  for (const [id, raw] of reference) {
    const other = got.get(id);
    if (other === undefined || !(Math.abs(other - raw) <= tolerance)) {
      mismatches++;
      if (problems.length < 5) problems.push(`${id}: ces ${raw}, peer ${other === undefined ? 'missing' : other}`);
    }
  }
  for (const id of got.keys()) {
    if (!reference.has(id)) {
      mismatches++;
      if (problems.length < 5) problems.push(`${id}: not scored by ces`);
    }
  }
  return {
    ok: mismatches === 0,
    customers: reference.size,
    mismatches,
    message: mismatches === 0 ? `all ${reference.size} customers agree` :
      `${mismatches} of ${reference.size} customers differ, e.g. ${problems.join('; ')}`,
  };
}
