// The benchmark peers' copy of the score model (spec/score-model-v1.md, section 3),
// written once: every peer computes each customer's raw score from the plan made here,
// either as one DuckDB SQL query (duckdbSql) or with the plain-JS RawScoreAggregator
// that PapaParse and uDSV feed. Runs in node and in the browser (no imports).
//
// Supported: events-shaped models; measures count, sum, distinct_days, distinct_values,
// days_since_last; events filters, cap, transform, half_life_days; window.days and
// as_of (auto or a date). The raw score only: scaling and tiers do not change it.
//
// as_of "auto" is the latest day in the file, so nothing can be windowed before the
// whole file is read: both keep every row (SQL as a materialized CTE, JS as typed
// columns) and apply the window at the end.

const SECONDS_PER_DAY = 86400;

// [1] the plan ---------------------------------------------------------------------

export function planFromModel(modelJson) {
  const model = typeof modelJson === 'string' ? JSON.parse(modelJson) : modelJson;
  const data = model.data || {};
  // Version 2's ranges, missing values, groups and segment rules are not written here:
  // refuse rather than score a v2 model as if it were v1 (the DuckDB legs then run ces sql's query).
  if (model.ces_model === 2) throw new Error('a version 2 model (the peers\' own plan covers version 1)');
  if (data.shape !== 'events') throw new Error('benchmark peers support events-shaped models only');
  if (![undefined, 'auto', 'iso8601'].includes(data.time_format)) {
    throw new Error(`benchmark peers read ISO 8601 timestamps only, not data.time_format "${data.time_format}"`);
  }
  if (![undefined, 'auto', ','].includes(data.delimiter)) {
    throw new Error(`benchmark peers read comma-separated files only, not data.delimiter "${data.delimiter}"`);
  }
  const window = model.window || {};
  const activities = model.activities.map((a) => {
    const measure = a.measure || 'count';
    if (!['count', 'sum', 'distinct_days', 'distinct_values', 'days_since_last'].includes(measure)) {
      throw new Error(`benchmark peers do not support measure "${measure}"`);
    }
    return {
      name: a.name,
      events: a.events ? a.events.map((e) => e.trim()) : null,  // null: every event
      measure,
      column: a.column ?? null,
      weight: a.weight,
      cap: a.cap ?? null,
      transform: a.transform || 'none',
      halfLife: a.half_life_days ?? null,
    };
  });
  return {
    customer: data.customer,
    time: data.time,
    event: data.event ?? null,
    windowDays: window.days ?? 90,
    asOfDay: window.as_of && window.as_of !== 'auto' ? dayFromIsoDate(window.as_of) : null,
    activities,
    numericColumns: [...new Set(activities.filter((a) => a.measure === 'sum').map((a) => a.column))],
    textColumns: [...new Set(activities.filter((a) => a.measure === 'distinct_values').map((a) => a.column))],
  };
}

// Raw rounded to 6 decimals, as the spec shows it (exact halves may differ from ces by
// 1e-6; the agreement check allows that).
export function roundRaw(raw) {
  const r = Math.round(raw * 1e6) / 1e6;
  return r === 0 ? 0 : r;
}

export function transformValue(x, transform) {
  if (transform === 'log') return Math.sign(x) * Math.log1p(Math.abs(x));
  if (transform === 'sqrt') return Math.sign(x) * Math.sqrt(Math.abs(x));
  return x;
}

// [2] DuckDB SQL --------------------------------------------------------------------

const quoteIdent = (name) => '"' + String(name).replace(/"/g, '""') + '"';
const quoteText = (text) => "'" + String(text).replace(/'/g, "''") + "'";
const sqlNumber = (x) => {
  const s = String(x);
  return /e/i.test(s) ? `CAST('${s}' AS DOUBLE)` : s.includes('.') ? s : s + '.0';
};

// How a file writes its times, from its first rows' time cells (`head` as
// bench/lib/data.mjs readHead gives it: { header, rows }): the contract's `auto` reads
// 9–10 digits as epoch seconds and 12–13 as milliseconds, which DuckDB's TIMESTAMPTZ
// does not, so the SQL reads such a column as a number. 'iso' when any sampled cell is
// something else (a file mixing the two is then read as ISO, and the agreement check
// says where the peer differs).
export function timeUnitOf(head, column) {
  const at = head.header.indexOf(column);
  const cells = head.rows.map((row) => (row[at] ?? '').trim()).filter((cell) => cell !== '');
  if (at < 0 || cells.length === 0) return 'iso';
  if (cells.every((cell) => /^\d{9,10}$/.test(cell))) return 'epoch_s';
  if (cells.every((cell) => /^\d{12,13}$/.test(cell))) return 'epoch_ms';
  return 'iso';
}

const UNITS_PER_SECOND = { epoch_s: 1, epoch_ms: 1000 };

// The time column of DuckDB's table as a TIMESTAMP in UTC (what `ces sql` reads), from
// the text cell `cell` (an SQL expression) of a file whose times are `unit`.
export function duckdbTimestamp(cell, unit) {
  if (unit === 'iso') return `CAST(CAST(${cell} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)`;
  return `epoch_ms(CAST(${cell} AS BIGINT) * ${1000 / UNITS_PER_SECOND[unit]})`;
}

// One query from the CSV file (path as DuckDB sees it) to rows (customer, raw).
// `head.header` is the file's column names: every column is declared, so DuckDB does not
// spend time sniffing, and only the time column is parsed as a timestamp (TIMESTAMPTZ
// applies the offsets; epoch_us, unlike epoch, needs no ICU, which DuckDB-WASM would
// fetch from the internet), or as a BIGINT when the file writes epoch times. The rows are
// materialized once (as_of needs the whole file) and aggregated per customer with
// FILTER clauses: measured fastest of the shapes tried (a per-customer-and-day
// pre-aggregation, as the JS peers do, took 3x longer in DuckDB). Ids and event names
// are not trimmed (the spec trims them; the generated files have no spaces, and
// trim() cost DuckDB 30%): the agreement check would catch a file where it matters.
export function duckdbSql(plan, path, head) {
  const numeric = new Set(plan.numericColumns);
  const unit = timeUnitOf(head, plan.time);
  const timeType = unit === 'iso' ? "'TIMESTAMPTZ'" : "'BIGINT'";
  const columns = head.header
    .map((name) => `${quoteText(name)}: ${name === plan.time ? timeType : numeric.has(name) ? "'DOUBLE'" : "'VARCHAR'"}`)
    .join(', ');
  const day = unit === 'iso'
    ? `CAST(floor(epoch_us(${quoteIdent(plan.time)}) / ${SECONDS_PER_DAY * 1e6}) AS INTEGER)`
    : `CAST(floor(${quoteIdent(plan.time)} / ${SECONDS_PER_DAY * UNITS_PER_SECOND[unit]}) AS INTEGER)`;
  const valueCols = [...plan.numericColumns, ...plan.textColumns];
  const colAlias = (name) => 'v' + valueCols.indexOf(name);
  const matchOf = (a) => {
    if (!a.events) return 'TRUE';
    if (!plan.event) return 'FALSE';
    return `e IN (${a.events.map(quoteText).join(', ')})`;
  };
  const inWindow = `age >= 0 AND age < ${plan.windowDays}`;
  const decay = (a) => (a.halfLife ? `pow(0.5, age / ${sqlNumber(a.halfLife)})` : null);
  const measures = plan.activities.map((a, i) => {
    const match = matchOf(a);
    switch (a.measure) {
      case 'count':
        return decay(a) ? `coalesce(sum(${decay(a)}) FILTER (WHERE ${match} AND ${inWindow}), 0) AS m${i}`
          : `count(*) FILTER (WHERE ${match} AND ${inWindow}) AS m${i}`;
      case 'sum': {
        const v = colAlias(a.column);
        return `coalesce(sum(${decay(a) ? `${v} * ${decay(a)}` : v}) FILTER (WHERE ${match} AND ${inWindow}), 0) AS m${i}`;
      }
      case 'distinct_days':
        return `count(DISTINCT d) FILTER (WHERE ${match} AND ${inWindow}) AS m${i}`;
      case 'distinct_values': {
        const v = colAlias(a.column);
        return `count(DISTINCT ${v}) FILTER (WHERE ${match} AND ${inWindow} AND ${v} <> '') AS m${i}`;
      }
      case 'days_since_last':
        return `coalesce(min(age) FILTER (WHERE ${match} AND age >= 0), ${plan.windowDays}) AS m${i}`;
    }
  });
  const points = plan.activities.map((a, i) => {
    let x = `CAST(m${i} AS DOUBLE)`;
    if (a.cap !== null) x = `least(${x}, ${sqlNumber(a.cap)})`;
    if (a.transform === 'log') x = `sign(${x}) * ln(1 + abs(${x}))`;
    if (a.transform === 'sqrt') x = `sign(${x}) * sqrt(abs(${x}))`;
    return `${sqlNumber(a.weight)} * (${x})`;
  });
  const asOf = plan.asOfDay !== null ? String(plan.asOfDay) : '(SELECT max(d) FROM events)';
  return `
WITH events AS MATERIALIZED (
  SELECT ${quoteIdent(plan.customer)} AS c,
         ${plan.event ? quoteIdent(plan.event) : 'NULL'} AS e,
         ${day} AS d
         ${valueCols.map((name) => `, ${plan.textColumns.includes(name) ? `trim(${quoteIdent(name)})` : quoteIdent(name)} AS ${colAlias(name)}`).join('')}
  FROM read_csv(${quoteText(path)}, header = true, delim = ',', quote = '"', escape = '"',
                auto_detect = false, columns = {${columns}})
  WHERE ${quoteIdent(plan.customer)} IS NOT NULL AND ${quoteIdent(plan.time)} IS NOT NULL
),
aged AS (
  SELECT *, ${asOf} - d AS age FROM events
),
measured AS (
  SELECT c, ${measures.join(',\n         ')}
  FROM aged GROUP BY c
)
SELECT c AS customer, round(${points.join('\n  + ')}, 6) AS raw
FROM measured`;
}

// [3] plain JS ------------------------------------------------------------------------

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
export function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function dayFromIsoDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`as_of "${text}" is not YYYY-MM-DD`);
  return daysFromCivil(+m[1], +m[2], +m[3]);
}

const digit = (s, i) => s.charCodeAt(i) - 48;
const two = (s, i) => digit(s, i) * 10 + digit(s, i + 1);

// UTC day number of an ISO 8601 date or date-time (T or space, optional fraction,
// optional Z / ±hh:mm / ±hhmm; none = UTC), or NaN. Digits are read directly: the
// generous thing to do for a peer, Date.parse is several times slower.
export function utcDay(s) {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return epochDay(s);
  const day = daysFromCivil(digit(s, 0) * 1000 + digit(s, 1) * 100 + two(s, 2), two(s, 5), two(s, 8));
  if (n === 10) return day;
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || n < 16) return NaN;
  let seconds = two(s, 11) * 3600 + two(s, 14) * 60;
  let i = 16;
  if (s.charCodeAt(i) === 58) {
    seconds += two(s, 17);
    i = 19;
    if (s.charCodeAt(i) === 46) do ++i; while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57);
  }
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c === 90 && i === n - 1) {
      // Z
    } else if ((c === 43 || c === 45) && (n - i === 6 || n - i === 5)) {
      const offset = two(s, i + 1) * 3600 + two(s, n - 2) * 60;
      seconds -= c === 43 ? offset : -offset;
    } else {
      return NaN;
    }
  }
  return day + Math.floor(seconds / SECONDS_PER_DAY);
}

function epochDay(s) {  // 9-10 digits: epoch seconds; 12-13: milliseconds
  const t = s.trim();
  if (!/^\d+$/.test(t)) return NaN;
  if (t.length === 9 || t.length === 10) return Math.floor(Number(t) / SECONDS_PER_DAY);
  if (t.length === 12 || t.length === 13) return Math.floor(Number(t) / (SECONDS_PER_DAY * 1000));
  return NaN;
}

// A number cell per the spec (sign, fraction, exponent, spaces, $ € £, thousands
// commas), or NaN. '' is null: not counted.
export function parseNumber(text) {
  if (text === '') return null;
  const x = Number(text);  // fast path; Number() also accepts '', hex, 'Infinity'
  if (!Number.isNaN(x) && Number.isFinite(x) && !/[xXoObB]/.test(text)) return x;
  let t = text.trim();
  if (t === '') return null;
  t = t.replace(/^([+-]?)[$€£]/, '$1').replace(/^[$€£]/, '');
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?$/.test(t)) t = t.replace(/,/g, '');
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
}

function grow(array) {  // a typed array twice as long, same contents
  const grown = new array.constructor(array.length * 2);
  grown.set(array);
  return grown;
}

const trimmed = (s) => {
  const n = s.length;
  return n > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) ? s.trim() : s;
};

// Feed rows (arrays of cell strings, header excluded) in file order, then finish().
// Each valid row is kept as a few numbers in typed columns (customer, day, event,
// numeric cells); finish() applies the window once as_of is known. Measured 3.5x
// faster than keeping per-customer-and-day buckets in Maps, at a similar size.
export class RawScoreAggregator {
  constructor(plan, header) {
    const index = (name) => {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`column "${name}" is not in the file (${header.join(', ')})`);
      return i;
    };
    this.plan = plan;
    this.width = header.length;
    this.customerCol = index(plan.customer);
    this.timeCol = index(plan.time);
    this.eventCol = plan.event ? index(plan.event) : -1;
    this.numericCols = plan.numericColumns.map(index);
    this.textCols = plan.textColumns.map(index);
    this.customers = new Map();  // id -> index
    this.customerIds = [];
    this.events = new Map();     // event name -> index
    this.eventNames = [];
    this.texts = new Map();      // distinct_values cells -> index
    this.rows = 0;               // data rows seen
    this.kept = 0;               // valid rows stored
    this.rowErrors = 0;
    this.maxDay = -Infinity;
    const capacity = 1 << 16;
    this.rowCustomer = new Int32Array(capacity);
    this.rowDay = new Int32Array(capacity);
    this.rowEvent = new Int32Array(capacity);
    this.rowNumbers = this.numericCols.map(() => new Float64Array(capacity));  // NaN: empty
    this.rowTexts = this.textCols.map(() => new Int32Array(capacity));         // -1: empty
  }

  addRow(row) {
    if (row.length !== this.width) {
      if (row.length === 1 && row[0] === '') return;  // blank line
      this.rows++;
      this.rowErrors++;
      return;
    }
    this.rows++;
    const id = trimmed(row[this.customerCol]);
    const day = utcDay(row[this.timeCol]);
    if (id === '' || Number.isNaN(day)) {
      this.rowErrors++;
      return;
    }
    const at = this.kept;
    if (at === this.rowDay.length) this.growColumns();
    for (let k = 0; k < this.numericCols.length; k++) {
      const x = parseNumber(row[this.numericCols[k]]);
      if (Number.isNaN(x)) {
        this.rowErrors++;
        return;
      }
      this.rowNumbers[k][at] = x === null ? NaN : x;
    }
    for (let k = 0; k < this.textCols.length; k++) {
      const text = row[this.textCols[k]].trim();
      let t = -1;
      if (text !== '') {
        t = this.texts.get(text);
        if (t === undefined) this.texts.set(text, (t = this.texts.size));
      }
      this.rowTexts[k][at] = t;
    }
    let customer = this.customers.get(id);
    if (customer === undefined) {
      customer = this.customerIds.length;
      this.customers.set(id, customer);
      this.customerIds.push(id);
    }
    const name = this.eventCol >= 0 ? row[this.eventCol] : '';
    let event = this.events.get(name);
    if (event === undefined) {
      event = this.eventNames.length;
      this.events.set(name, event);
      this.eventNames.push(name.trim());
    }
    if (day > this.maxDay) this.maxDay = day;
    this.rowCustomer[at] = customer;
    this.rowDay[at] = day;
    this.rowEvent[at] = event;
    this.kept = at + 1;
  }

  growColumns() {
    this.rowCustomer = grow(this.rowCustomer);
    this.rowDay = grow(this.rowDay);
    this.rowEvent = grow(this.rowEvent);
    this.rowNumbers = this.rowNumbers.map(grow);
    this.rowTexts = this.rowTexts.map(grow);
  }

  // [[customer id, raw rounded to 6 decimals], ...] in first-seen order.
  finish() {
    const plan = this.plan;
    const activities = plan.activities;
    const A = activities.length;
    const N = this.customerIds.length;
    const W = plan.windowDays;
    const asOf = plan.asOfDay !== null ? plan.asOfDay : this.maxDay;
    // Which activities each event feeds.
    const activitiesOf = this.eventNames.map((name) => Int32Array.from(
      activities.map((a, i) => (a.events === null || (plan.event && a.events.includes(name)) ? i : -1)).filter((i) => i >= 0)));
    const numberSlot = activities.map((a) => plan.numericColumns.indexOf(a.column));
    const textSlot = activities.map((a) => plan.textColumns.indexOf(a.column));
    const measure = new Float64Array(N * A);
    for (let i = 0; i < A; i++) {
      if (activities[i].measure === 'days_since_last') for (let c = 0; c < N; c++) measure[c * A + i] = Infinity;
    }
    const seen = new Map();  // distinct_days / distinct_values: (customer * A + activity) -> Set
    const distinct = (key, value) => {
      let set = seen.get(key);
      if (set === undefined) seen.set(key, (set = new Set()));
      set.add(value);
    };
    for (let r = 0; r < this.kept; r++) {
      const age = asOf - this.rowDay[r];
      if (age < 0) continue;
      const inWindow = age < W;
      const list = activitiesOf[this.rowEvent[r]];
      const base = this.rowCustomer[r] * A;
      for (let j = 0; j < list.length; j++) {
        const i = list[j];
        const a = activities[i];
        switch (a.measure) {
          case 'count':
            if (inWindow) measure[base + i] += a.halfLife ? Math.pow(0.5, age / a.halfLife) : 1;
            break;
          case 'sum': {
            const x = this.rowNumbers[numberSlot[i]][r];
            if (inWindow && !Number.isNaN(x)) measure[base + i] += a.halfLife ? x * Math.pow(0.5, age / a.halfLife) : x;
            break;
          }
          case 'distinct_days':
            if (inWindow) distinct(base + i, age);
            break;
          case 'distinct_values': {
            const t = this.rowTexts[textSlot[i]][r];
            if (inWindow && t >= 0) distinct(base + i, t);
            break;
          }
          case 'days_since_last':
            if (age < measure[base + i]) measure[base + i] = age;
            break;
        }
      }
    }
    const out = new Array(N);
    for (let c = 0; c < N; c++) {
      let raw = 0;
      for (let i = 0; i < A; i++) {
        const a = activities[i];
        let x = measure[c * A + i];
        if (a.measure === 'distinct_days' || a.measure === 'distinct_values') x = seen.get(c * A + i)?.size ?? 0;
        if (a.measure === 'days_since_last' && x === Infinity) x = W;
        if (a.cap !== null) x = Math.min(x, a.cap);
        raw += a.weight * transformValue(x, a.transform);
      }
      out[c] = [this.customerIds[c], roundRaw(raw)];
    }
    return out;
  }
}
