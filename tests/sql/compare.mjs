// The equality `ces sql` promises (spec v2 section 5), checked row by row: a query's
// result ({names, rows} of numbers, strings and nulls) against the CSV `ces score`
// wrote for the same data. Shared by tests/sql/run.mjs and bench/sql_scale.
import assert from 'node:assert/strict';

// ---- CSV (RFC 4180) with quoted-ness kept: PostgreSQL's COPY quotes every non-NULL cell.

export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false, inQuotes = false, i = 0;
  const endCell = () => { row.push({ v: cell, quoted }); cell = ''; quoted = false; };
  while (i < text.length) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        inQuotes = false; i++; continue;
      }
      cell += ch; i++; continue;
    }
    if (ch === '"') { inQuotes = true; quoted = true; i++; continue; }
    if (ch === ',') { endCell(); i++; continue; }
    if (ch === '\r' || ch === '\n') {
      endCell(); rows.push(row); row = [];
      if (ch === '\r' && text[i + 1] === '\n') i++;
      i++; continue;
    }
    cell += ch; i++;
  }
  if (cell !== '' || quoted || row.length) { endCell(); rows.push(row); }
  return rows;
}

// ---- Comparison with `ces score`

function unguard(s) { return s.length > 1 && s[0] === "'" && '=+-@'.includes(s[1]) ? s.slice(1) : s; }

// `tolerance` for score and raw (rounded with round6, so printed exactly): the spec's
// 1e-6, or less where the case tests round6 itself (a wrong rounding is off by 1e-6).
// Other numbers are printed to 6 decimals, so they are compared to 1e-6.
export function compare(expectedCsv, got, textColumns, tolerance) {
  const exp = parseCsv(expectedCsv);
  const header = exp.shift().map((c) => c.v);
  assert.deepEqual(got.names, header, 'column names and order');
  assert.equal(got.rows.length, exp.length, 'number of customers');
  for (let i = 0; i < exp.length; i++) {
    for (let k = 0; k < header.length; k++) {
      const e = exp[i][k].v;
      const g = got.rows[i][k];
      const where = `row ${i + 1} (customer ${exp[i][0].v}), column "${header[k]}"`;
      if (textColumns.has(k)) {
        assert.equal(g, unguard(e), where);
      } else if (e === '') {
        assert.equal(g, null, where + ': expected an empty cell');
      } else {
        assert.notEqual(g, null, where + `: expected ${e}`);
        const gv = Number(g);
        assert.ok(Math.abs(gv - Number(e)) <= (k === 1 || k === 2 ? tolerance : 1e-6), `${where}: sql ${g} vs ces ${e}`);
      }
    }
  }
}

export function textColumnsOf(model) {
  const carry = (model.data && model.data.carry) || [];
  const s = new Set([0, 3, 4]);
  carry.forEach((_, i) => s.add(5 + i));
  return s;
}

