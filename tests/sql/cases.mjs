// Generated cases for tests/sql/run.mjs: clean CSV files written here (so the table's
// typed rows and line numbers are known exactly, instants to the millisecond) and
// models covering every measure, cap, transform, decay, scale, tiers, segments and
// every version 2 field. Deterministic: a seeded generator.

function rng(seed) {  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86400000;
const BASE = Date.UTC(2024, 0, 1);

function csvCell(s) { return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; }

// columns: [{name, type, csvName?}]; rows: arrays of typed values (ms for timestamps).
function makeTable(columns, rows, { timeText } = {}) {
  const header = columns.map((c) => csvCell(c.name)).join(',');
  const lines = rows.map((r) => r.map((v, k) => {
    if (v === null) return '';
    if (columns[k].type === 'timestamp') return timeText ? timeText(v) : new Date(v).toISOString();
    return csvCell(String(v));
  }).join(','));
  const csv = [header, ...lines].join('\n') + '\n';
  return {
    csv,
    rows: {
      columns: [...columns.map((c) => ({ name: c.name, type: c.type })), { name: '_line', type: 'line' }],
      rows: rows.map((r, i) => [...r.map((v, k) => (columns[k].type === 'text' && v !== null ? String(v).trim() || null : v)), i + 2]),
    },
  };
}

const IDS = ['=evil', 'B', 'a', 'b', '\u00e4', 'Z z', '@x', '10', '9'];
for (let i = 0; i < 30; i++) IDS.push('c' + String(i).padStart(3, '0'));
const EVENTS = ['login', 'purchase', 'feature_used', 'support_ticket', 'page_view'];
const FEATURES = ['Reports', 'Export', 'API', 'Automations', 'Sharing'];
const PLANS = ['free', 'pro', 'team', null];
const OWNERS = ['Ann', 'Bob', 'Smith, "J"', 'a\\b', null];

function eventsData(seed) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const rows = [];
  for (const id of IDS) {
    const n = id === 'c000' ? 0 : id === 'c001' ? 3 : Math.floor(r() * 25);
    const oldOnly = id === 'c001';  // every event before the window
    for (let k = 0; k < n; k++) {
      const day = oldOnly ? Math.floor(r() * 10) : Math.floor(r() * 130);
      // Half the instants on whole seconds, some shared by two rows (v2 ties go to the later line).
      const ms = day * DAY + (r() < 0.5 ? Math.floor(r() * 86400) * 1000 : Math.floor(r() * DAY));
      const event = pick(EVENTS);
      const value = event === 'purchase' ? (r() < 0.15 ? null : Math.round(r() * 50000) / 100) : null;
      const feature = event === 'feature_used' ? (r() < 0.1 ? null : pick(FEATURES)) : null;
      rows.push([id, BASE + ms, event, value, feature, pick(PLANS), r() < 0.3 ? null : `${id}@ex.com`, pick(OWNERS)]);
      if (r() < 0.08) rows.push([id, BASE + ms, 'login', null, null, pick(PLANS), null, pick(OWNERS)]);  // same instant
    }
  }
  rows.push(['c000', BASE + 5 * DAY, 'page_view', null, null, null, null, null]);  // a customer with no segment
  // File order is not time order (exports are often newest first, or shuffled).
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return makeTable([
    { name: 'user_id', type: 'text' }, { name: 'ts', type: 'timestamp' }, { name: 'event', type: 'text' },
    { name: 'value', type: 'double' }, { name: 'feature', type: 'text' }, { name: 'plan', type: 'text' },
    { name: 'email', type: 'text' }, { name: 'owner', type: 'text' },
  ], rows);
}

// Values whose round6 is a trap: exact binary halves (odd multiples of 1/128), decimal
// halves that are not exact in binary, and their neighbours one unit in the last place away.
function adversarial() {
  const next = (x, dir) => {
    const b = new Float64Array([x]);
    const u = new BigInt64Array(b.buffer);
    u[0] += BigInt(dir * (x >= 0 ? 1 : -1));
    return b[0];
  };
  const base = [0.0000005, 2.5e-6, 1.0000005, 0.1234565, 0.0078125, 0.0234375, 3.5 / 128, 1 + 1 / 128, 1000 + 5 / 128,
    0.5e-6 * 3, 123456.0000005, 2.0000015, 1e-7, 0.4999995, 7812.5e-6, 0.3333335];
  const out = [];
  for (const x of base) for (const v of [x, -x, next(x, 1), next(x, -1)]) out.push(v);
  return out;
}

function customersData(seed) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const rows = [];
  const adv = adversarial();
  const ids = IDS.concat(adv.map((_, i) => 'x' + String(i).padStart(3, '0')));
  ids.forEach((id, i) => {
    const copies = r() < 0.15 ? 2 : 1;  // merged customers: values added, segment from the last non-empty row
    for (let k = 0; k < copies; k++) {
      const maybe = (v) => (r() < 0.2 ? null : v);
      rows.push([id, pick(PLANS), pick(OWNERS), maybe(Math.floor(r() * 80)), maybe(Math.floor(r() * 12)),
        maybe(Math.round(r() * 100000) / 100 - 200), k === 0 && i >= IDS.length ? adv[i - IDS.length] : null]);
    }
  });
  rows.push(['nothing', null, null, null, null, null, null]);  // missing everywhere
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return makeTable([
    { name: 'email', type: 'text' }, { name: 'plan', type: 'text' }, { name: 'owner', type: 'text' },
    { name: 'logins', type: 'double' }, { name: 'orders', type: 'double' }, { name: 'mrr', type: 'double' },
    { name: 'x', type: 'double' },
  ], rows);
}

const EVENTS_DATA = { shape: 'events', customer: 'user_id', time: 'ts', event: 'event' };
const EVERY_MEASURE = [
  { name: 'Logins', events: ['login'], measure: 'count', weight: 1, cap: 20 },
  { name: 'Active days', measure: 'distinct_days', weight: 2 },
  { name: 'Spend', events: ['purchase'], measure: 'sum', column: 'value', weight: 0.5, transform: 'log' },
  { name: 'Features', events: ['feature_used'], measure: 'distinct_values', column: 'feature', weight: 3 },
  { name: 'Recent logins', events: ['login'], measure: 'count', weight: 2, half_life_days: 1 },
  { name: 'Decayed spend', events: ['purchase'], measure: 'sum', column: 'value', weight: 1, half_life_days: 7, transform: 'sqrt' },
  { name: 'Weekly logins', events: ['login', 'page_view'], measure: 'count', weight: 0.75, half_life_days: 2, cap: 3.5 },
  { name: 'Tickets', events: ['support_ticket'], measure: 'count', weight: -4 },
  { name: 'Since last', measure: 'days_since_last', weight: -0.5 },
  { name: 'Since last purchase', events: ['purchase'], measure: 'days_since_last', weight: -0.25, cap: 30, transform: 'sqrt' },
];
const TIERS = [{ name: 'At risk', below: 30 }, { name: 'Steady', below: 70 }, { name: 'Champion' }];

const CUSTOMERS_DATA = { shape: 'customers', customer: 'email' };
const VALUES = [
  { name: 'Logins', column: 'logins', weight: 2, cap: 60, transform: 'sqrt' },
  { name: 'Orders', column: 'orders', weight: 5, transform: 'log' },
  { name: 'MRR', column: 'mrr', weight: 0.1, cap: 500 },
];

export function generatedCases() {
  const ev = eventsData(7);
  const cu = customersData(11);
  const cases = [];
  const add = (id, name, model, data, extra = {}) => cases.push({ id, name, model, csv: data.csv, rows: data.rows, ...extra });

  // Version 1, events.
  add('e1', 'v1 events: every measure, caps, transforms, decay, percentile, tiers, segment by file order',
    { ces_model: 1, data: { ...EVENTS_DATA, segment: 'plan' }, activities: EVERY_MEASURE, scale: { method: 'percentile' }, tiers: TIERS }, ev);
  add('e1p', 'v1 events as e1, ClickHouse text columns plain String with empty strings for empty cells',
    { ces_model: 1, data: { ...EVENTS_DATA, segment: 'plan' }, activities: EVERY_MEASURE, scale: { method: 'percentile' }, tiers: TIERS }, ev,
    { plainText: true, dialects: ['clickhouse'] });
  add('e2', 'v1 events: fixed as_of, 30-day window, minmax',
    { ces_model: 1, data: EVENTS_DATA, window: { days: 30, as_of: '2024-03-15' }, activities: EVERY_MEASURE,
      scale: { method: 'minmax' }, tiers: TIERS }, ev);
  add('e3', 'v1 events: target scale, no tiers, no segment, 60-day window',
    { ces_model: 1, data: EVENTS_DATA, window: { days: 60 }, activities: EVERY_MEASURE, scale: { method: 'target', target: 40 } }, ev);
  add('e4', 'v1 events: raw scale, negative tier bounds, as_of before some events',
    { ces_model: 1, data: { ...EVENTS_DATA, segment: 'plan' }, window: { days: 45, as_of: '2024-02-20' }, activities: EVERY_MEASURE,
      scale: { method: 'raw' }, tiers: [{ name: 'Neg', below: -5 }, { name: 'Low', below: 10 }, { name: 'High' }] }, ev);
  add('e5', 'v1 events: schema-qualified table name (--table analytics.events)',
    { ces_model: 1, data: { ...EVENTS_DATA, segment: 'plan' }, activities: EVERY_MEASURE.slice(0, 4), tiers: TIERS }, ev,
    { table: 'analytics.events' });

  // Version 2, events.
  add('v2e1', 'v2 events: segment latest by time, carried columns, bins, percentile by segment',
    { ces_model: 2, data: { ...EVENTS_DATA, segment: 'plan', carry: ['email', 'owner'] },
      activities: [
        { name: 'Logins', events: ['login'], measure: 'count', bins: [{ below: 1, points: 0 }, { below: 5, points: 10 }, { points: 25 }] },
        { name: 'Spend', events: ['purchase'], measure: 'sum', column: 'value', weight: 0.5, transform: 'log' },
        { name: 'Since last', measure: 'days_since_last', bins: [{ below: 7, points: 5 }, { below: 30, points: 1 }, { points: -3 }] },
      ], scale: { method: 'percentile', by_segment: true }, tiers: TIERS }, ev);
  add('v2e2', 'v2 events: groups with their own scales, model scale percentile by segment',
    { ces_model: 2, data: { ...EVENTS_DATA, segment: 'plan' },
      groups: [{ name: 'Usage', weight: 60, scale: { method: 'target', target: 30 } }, { name: 'Money', weight: 40, scale: { method: 'minmax' } },
        { name: 'Risk', weight: 10 }],
      activities: [
        { name: 'Logins', group: 'Usage', events: ['login'], measure: 'count', weight: 1, cap: 20 },
        { name: 'Active days', group: 'Usage', measure: 'distinct_days', weight: 2 },
        { name: 'Spend', group: 'Money', events: ['purchase'], measure: 'sum', column: 'value', weight: 0.5, transform: 'log' },
        { name: 'Tickets', group: 'Risk', events: ['support_ticket'], measure: 'count', weight: -4 },
      ], scale: { method: 'percentile', by_segment: true }, tiers: TIERS }, ev);
  add('v2e3', 'v2 events: target with target_by_segment',
    { ces_model: 2, data: { ...EVENTS_DATA, segment: 'plan' }, activities: EVERY_MEASURE,
      scale: { method: 'target', target: 50, target_by_segment: { pro: 80, free: 20 } }, tiers: TIERS }, ev);
  add('v2e4', 'v2 events: minmax by segment, carried owner',
    { ces_model: 2, data: { ...EVENTS_DATA, segment: 'plan', carry: ['owner'] }, activities: EVERY_MEASURE,
      scale: { method: 'minmax', by_segment: true } }, ev);

  // Version 1, customers.
  add('c1', 'v1 customers: values with caps and transforms, merged rows, percentile, tiers, segment',
    { ces_model: 1, data: { ...CUSTOMERS_DATA, segment: 'plan' }, activities: VALUES, scale: { method: 'percentile' }, tiers: TIERS }, cu);
  add('c2', 'v1 customers: round6 traps (exact binary halves and their neighbours), raw scale',
    { ces_model: 1, data: CUSTOMERS_DATA, activities: [{ name: 'X', column: 'x', weight: 1 }], scale: { method: 'raw' } }, cu, { tolerance: 1e-9 });
  add('c3', 'v1 customers: round6 traps scaled by target and minmax',
    { ces_model: 1, data: CUSTOMERS_DATA, activities: [{ name: 'X', column: 'x', weight: 3 }, { name: 'Y', column: 'x', weight: -0.5 }],
      scale: { method: 'target', target: 0.000003 } }, cu, { tolerance: 1e-9 });

  // Version 2, customers.
  add('v2c1', 'v2 customers: missing zero, skip and mean; a group that can be absent; carried owner',
    { ces_model: 2, data: { ...CUSTOMERS_DATA, segment: 'plan', carry: ['owner'] },
      groups: [{ name: 'Usage', weight: 2 }, { name: 'Revenue', weight: 1, scale: { method: 'target', target: 40 } }],
      activities: [
        { name: 'Logins', group: 'Usage', column: 'logins', weight: 2, missing: 'zero', transform: 'sqrt' },
        { name: 'Orders', group: 'Usage', column: 'orders', weight: 5, missing: 'mean', cap: 8 },
        { name: 'MRR', group: 'Revenue', column: 'mrr', weight: 0.1, missing: 'skip' },
      ], scale: { method: 'percentile' }, tiers: TIERS }, cu);
  add('v2c2', 'v2 customers: bins, skip outside groups, minmax by segment',
    { ces_model: 2, data: { ...CUSTOMERS_DATA, segment: 'plan' },
      activities: [
        { name: 'Logins', column: 'logins', bins: [{ below: 10, points: 1 }, { below: 40, points: 4 }, { points: 9 }] },
        { name: 'MRR', column: 'mrr', weight: 0.02, missing: 'skip', transform: 'log' },
        { name: 'Orders', column: 'orders', weight: 1, missing: 'mean' },
      ], scale: { method: 'minmax', by_segment: true }, tiers: TIERS }, cu);

  // Hostile names: a column, activities and tiers whose names hold quotes, backslashes and SQL.
  const evil = 'x"; DROP TABLE t; --';
  const hostile = makeTable([
    { name: evil, type: 'text' }, { name: 'when', type: 'timestamp' }, { name: "it's", type: 'text' }, { name: 'a\\b', type: 'double' },
  ], ev.rows.rows.map((r) => [r[0], r[1], r[2], r[3]]));
  add('n1', 'hostile names: quotes, backslashes and SQL in column, activity and tier names',
    { ces_model: 1, data: { shape: 'events', customer: evil, time: 'when', event: "it's" },
      activities: [
        { name: "Log'ins \"quoted\"", events: ['login', "o'brien"], measure: 'count', weight: 1 },
        { name: 'Spend \\ back', events: ['purchase'], measure: 'sum', column: 'a\\b', weight: 0.01 },
      ], tiers: [{ name: "It's \"low\" \\", below: 50 }, { name: '=HIGH' }] }, hostile);

  // Refusals.
  add('r1', 'refused: one column read as a number and as text',
    { ces_model: 1, data: EVENTS_DATA, activities: [
      { name: 'Spend', events: ['purchase'], measure: 'sum', column: 'value', weight: 1 },
      { name: 'Kinds', measure: 'distinct_values', column: 'value', weight: 1 }] }, ev,
    { refused: ['"value"', '"Spend"', '"Kinds"'] });
  const long = 'An activity name that is long enough to pass sixty-three bytes';
  add('r2', 'postgres refuses output names over 63 bytes; the others run them',
    { ces_model: 1, data: EVENTS_DATA, activities: [{ name: long, events: ['login'], measure: 'count', weight: 1 }] }, ev,
    { refusedIn: { postgres: [`${long} points`] } });
  return cases;
}
