#!/usr/bin/env python3
"""Unit tests of the reference (ces_ref.py) on tiny cases computed by hand.

Every expected value below is written out literally (worked by hand in the comment next
to it), never computed by calling the code under test.

    python3 -m unittest -v test_ref        (from this directory)
"""

import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ces_ref  # noqa: E402


def run(model, data, as_of=None):
    """Score `data` (bytes or str) with `model` (dict or JSON text) -> (lines, summary)."""
    with tempfile.TemporaryDirectory() as d:
        mp, dp = os.path.join(d, 'model.json'), os.path.join(d, 'data.csv')
        with open(mp, 'w', encoding='utf-8') as f:
            f.write(model if isinstance(model, str) else json.dumps(model))
        with open(dp, 'wb') as f:
            f.write(data.encode('utf-8') if isinstance(data, str) else data)
        table, summary = ces_ref.run_score(mp, dp, as_of)
    return table.split('\n')[:-1], summary


def customers_model(activities, **extra):
    m = {'ces_model': 1, 'data': {'shape': 'customers', 'customer': 'id'},
         'activities': activities}
    m.update(extra)
    return m


def events_model(activities, **extra):
    data = {'shape': 'events', 'customer': 'id', 'time': 't', 'event': 'e'}
    data.update(extra.pop('data', {}))
    m = {'ces_model': 1, 'data': data, 'activities': activities}
    m.update(extra)
    return m


X = [{'name': 'X', 'column': 'x', 'weight': 1}]
HEAD_X = 'customer,score,raw,tier,segment,X value,X points'


class Scales(unittest.TestCase):
    def test_percentile_ties(self):
        # raws 1,1,2,3 (N=4).  raw 1: L=0 E=2 -> 100*(0+1)/4 = 25;  raw 2: L=2 E=1 -> 62.5;
        # raw 3: L=3 E=1 -> 87.5.  Equal scores sort by id (a before b).
        lines, _ = run(customers_model(X), 'id,x\nb,1\na,1\nc,2\nd,3\n')
        self.assertEqual(lines, [HEAD_X, 'd,87.5,3,,,3,3', 'c,62.5,2,,,2,2', 'a,25,1,,,1,1',
                                 'b,25,1,,,1,1'])

    def test_tie_after_rounding_raw(self):
        # p: 0.1 + 0.2 = 0.30000000000000004 in binary, q: 0.3 + 0 = 0.3.  Raw is rounded
        # to 6 decimals first, so both are 0.3: L=0 E=2 -> 100*1/2 = 50 for both.
        m = customers_model([{'name': 'A', 'column': 'a', 'weight': 1},
                             {'name': 'B', 'column': 'b', 'weight': 1}])
        lines, _ = run(m, 'id,a,b\nq,0.3,0\np,0.1,0.2\n')
        self.assertEqual(lines[1:], ['p,50,0.3,,,0.1,0.1,0.2,0.2', 'q,50,0.3,,,0.3,0.3,0,0'])

    def test_minmax_all_equal_is_50(self):
        lines, _ = run(customers_model(X, scale={'method': 'minmax'}), 'id,x\na,7\nb,7\n')
        self.assertEqual(lines[1:], ['a,50,7,,,7,7', 'b,50,7,,,7,7'])
        lines, _ = run(customers_model(X, scale={'method': 'minmax'}), 'id,x\nsolo,-3\n')
        self.assertEqual(lines[1:], ['solo,50,-3,,,-3,-3'])

    def test_minmax(self):
        # min -1, max 3: (0+1)/4*100 = 25, (1+1)/4*100 = 50; e's raw is rounded first to
        # 0.333333, so (0.333333+1)/4*100 = 33.333325
        lines, _ = run(customers_model(X, scale={'method': 'minmax'}),
                       'id,x\na,-1\nb,0\nc,1\nd,3\ne,0.333333333333\n')
        self.assertEqual(lines[1:], ['d,100,3,,,3,3', 'c,50,1,,,1,1',
                                     'e,33.333325,0.333333,,,0.333333,0.333333',
                                     'b,25,0,,,0,0', 'a,0,-1,,,-1,-1'])

    def test_target_clamps(self):
        # target 10: 20 -> 200 -> 100; 5 -> 50; 2.5 -> 25; -5 -> -50 -> 0
        lines, _ = run(customers_model(X, scale={'method': 'target', 'target': 10}),
                       'id,x\na,20\nb,5\nc,2.5\nd,-5\n')
        self.assertEqual(lines[1:], ['a,100,20,,,20,20', 'b,50,5,,,5,5', 'c,25,2.5,,,2.5,2.5',
                                     'd,0,-5,,,-5,-5'])

    def test_raw_scale(self):
        lines, _ = run(customers_model(X, scale={'method': 'raw'}), 'id,x\na,-2.5\nb,4\n')
        self.assertEqual(lines[1:], ['b,4,4,,,4,4', 'a,-2.5,-2.5,,,-2.5,-2.5'])


class Tiers(unittest.TestCase):
    MODEL = customers_model(X, scale={'method': 'raw'},
                            tiers=[{'name': 'Low', 'below': 25}, {'name': 'Mid', 'below': 50},
                                   {'name': 'High'}])

    def test_bounds_are_exclusive(self):
        # "the first tier whose below is greater than the score": 25 is not below 25.
        lines, s = run(self.MODEL, 'id,x\na,24.999999\nb,25\nc,49.999999\nd,50\ne,-1\n')
        self.assertEqual([l.split(',')[3] for l in lines[1:]],
                         ['High', 'Mid', 'Mid', 'Low', 'Low'])   # d c b a e
        self.assertEqual(s['tiers'], {'Low': 2, 'Mid': 2, 'High': 1})

    def test_tier_uses_shown_score(self):
        # raw 1/3 of 3 -> minmax scores 0, 33.333333.., 100; with a bound at 33.333333 the
        # shown score 33.333333 is not below it (AMBIGUITIES: score rounding).
        m = customers_model(X, scale={'method': 'minmax'},
                            tiers=[{'name': 'L', 'below': 33.333333}, {'name': 'H'}])
        lines, _ = run(m, 'id,x\na,0\nb,1\nc,3\n')
        self.assertEqual(lines[1:], ['c,100,3,H,,3,3', 'b,33.333333,1,H,,1,1', 'a,0,0,L,,0,0'])

    def test_single_tier_takes_all(self):
        m = customers_model(X, tiers=[{'name': 'Everyone'}])
        lines, _ = run(m, 'id,x\na,1\nb,2\n')
        self.assertEqual([l.split(',')[3] for l in lines[1:]], ['Everyone', 'Everyone'])


class OutputFormat(unittest.TestCase):
    def test_format_number(self):
        f = ces_ref.format_number
        self.assertEqual(f(12.5), '12.5')
        self.assertEqual(f(3.0), '3')
        self.assertEqual(f(-1 / 3), '-0.333333')
        self.assertEqual(f(-0.0), '0')
        self.assertEqual(f(-0.0000004), '0')            # rounds to -0.000000
        self.assertEqual(f(0.0078125), '0.007812')      # exact half, 2 is even: down
        self.assertEqual(f(0.0234375), '0.023438')      # exact half, 7 is odd: up
        self.assertEqual(f(-0.0390625), '-0.039062')
        self.assertEqual(f(1e20), '100000000000000000000')
        self.assertEqual(f(2.675), '2.675')

    def test_negative_zero_never_printed(self):
        # weight -1 on a 0 count -> points -0; weight -1e-7 on 1 -> -0.0000001 -> "0"
        m = customers_model([{'name': 'N', 'column': 'x', 'weight': -1},
                             {'name': 'T', 'column': 'y', 'weight': -1e-7}],
                            scale={'method': 'raw'})
        lines, _ = run(m, 'id,x,y\na,0,1\n')
        self.assertEqual(lines[1], 'a,0,0,,,0,0,1,0')

    def test_rounding_halves_in_raw(self):
        # 5 * 0.0078125 = 0.0390625 exactly -> half to even -> 0.039062; 3/128 -> 0.023438
        m = customers_model([{'name': 'H', 'column': 'x', 'weight': 0.0078125}],
                            scale={'method': 'raw'})
        lines, _ = run(m, 'id,x\na,5\nb,3\n')
        self.assertEqual(lines[1:], ['a,0.039062,0.039062,,,5,0.039062',
                                     'b,0.023438,0.023438,,,3,0.023438'])

    def test_formula_guard_and_quoting(self):
        data = ('id,x,seg\n'
                '=1+1,1,-\n'
                '-12,1,@home\n'
                '+7,1,+x\n'
                '-foo,1,"a,b"\n'
                '@x,1,"say ""hi"""\n'
                '"=a,""b""",1,-5\n')
        m = customers_model(X, data={'shape': 'customers', 'customer': 'id', 'segment': 'seg'})
        lines, _ = run(m, data)
        got = {l.split(',')[0]: l for l in lines[1:]}
        self.assertEqual(got["'=1+1"], "'=1+1,50,1,,'-,1,1")
        self.assertEqual(got['-12'], "-12,50,1,,'@home,1,1")
        self.assertEqual(got['+7'], "+7,50,1,,'+x,1,1")
        self.assertEqual(got["'-foo"], '\'-foo,50,1,,"a,b",1,1')
        self.assertEqual(got["'@x"], '\'@x,50,1,,"say ""hi""",1,1')
        self.assertEqual(got['"\'=a'], '"\'=a,""b""",50,1,,-5,1,1')

    def test_header_cells_are_text_cells(self):
        m = customers_model([{'name': 'Spend, total', 'column': 'x', 'weight': 1}])
        lines, _ = run(m, 'id,x\na,1\n')
        self.assertEqual(lines[0], 'customer,score,raw,tier,segment,'
                                   '"Spend, total value","Spend, total points"')

    def test_sort_is_byte_order(self):
        # "B" (0x42) < "a" (0x61); "10" < "9"; "z" < "é" (0xC3 0xA9); all tied at 50.
        lines, _ = run(customers_model(X), 'id,x\né,1\nz,1\n9,1\n10,1\na,1\nB,1\n')
        self.assertEqual([l.split(',')[0] for l in lines[1:]], ['10', '9', 'B', 'a', 'z', 'é'])


class EventsMeasures(unittest.TestCase):
    def test_decay_uses_whole_days(self):
        # as_of 2024-01-10, half-life 1 day, window 3: ages 0 (late in the day), 1, 2
        # (23:59:59) count 1 + 0.5 + 0.25 = 1.75; age 3 is outside; 2024-01-11 is after as_of.
        m = events_model([{'name': 'C', 'weight': 1, 'half_life_days': 1}],
                         window={'days': 3, 'as_of': '2024-01-10'}, scale={'method': 'raw'})
        data = ('id,t,e\n'
                'a,2024-01-10T23:59:59Z,x\n'
                'a,2024-01-09T00:00:00Z,x\n'
                'a,2024-01-08T23:59:59Z,x\n'
                'a,2024-01-07T12:00:00Z,x\n'
                'a,2024-01-11T00:00:00Z,x\n')
        lines, s = run(m, data)
        self.assertEqual(lines[1], 'a,1.75,1.75,,,1.75,1.75')
        self.assertEqual(s['asOf'], '2024-01-10')

    def test_offsets_move_the_utc_day(self):
        # 2024-01-10T01:00+05:30 is 2024-01-09T19:30Z; 2024-01-09T20:00-0800 is 2024-01-10T04:00Z.
        m = events_model([{'name': 'D', 'measure': 'distinct_days', 'weight': 1},
                          {'name': 'L', 'measure': 'days_since_last', 'weight': 1}],
                         window={'as_of': '2024-01-10'}, scale={'method': 'raw'})
        lines, _ = run(m, 'id,t,e\na,2024-01-10T01:00:00+05:30,x\nb,2024-01-09T20:00:00-0800,x\n')
        self.assertEqual(lines[1:], ['a,2,2,,,1,1,1,1', 'b,1,1,,,1,1,0,0'])

    def test_days_since_last(self):
        # window 30, as_of 2024-03-31.  a: ages 5 and 40 -> 5.  b: only age 40 -> 40 (not
        # limited to the window).  c: only a non-matching event -> window.days = 30.
        # d: only an event after as_of -> none -> 30.
        m = events_model([{'name': 'L', 'events': ['visit'], 'measure': 'days_since_last',
                           'weight': 1}],
                         window={'days': 30, 'as_of': '2024-03-31'}, scale={'method': 'raw'})
        data = ('id,t,e\n'
                'a,2024-03-26,visit\na,2024-02-20,visit\n'
                'b,2024-02-20, visit \n'
                'c,2024-03-30,other\n'
                'd,2024-04-02,visit\n')
        lines, _ = run(m, data)
        self.assertEqual(lines[1:], ['b,40,40,,,40,40', 'c,30,30,,,30,30', 'd,30,30,,,30,30',
                                     'a,5,5,,,5,5'])

    def test_count_sum_distinct(self):
        # as_of auto = 2024-05-03 (latest valid row).  Window 2 = ages 0 and 1.
        m = events_model([{'name': 'N', 'events': ['buy'], 'weight': 1},
                          {'name': 'S', 'events': ['buy'], 'measure': 'sum', 'column': 'v',
                           'weight': 1, 'cap': 100},
                          {'name': 'V', 'measure': 'distinct_values', 'column': 'f', 'weight': 1},
                          {'name': 'D', 'measure': 'distinct_days', 'weight': 1,
                           'transform': 'sqrt'}],
                         window={'days': 2}, scale={'method': 'raw'})
        data = ('id,t,e,v,f\n'
                'a,2024-05-03T10:00:00Z,buy,"$1,234.50",x\n'   # sum 1234.5 -> capped 100
                'a,2024-05-02,buy,,x \n'                       # empty value: not counted
                'a,2024-05-01,buy,7,y\n'                       # age 2: outside
                'a,2024-05-02,view,oops, y\n'                  # not a buy: not a number is fine
                'b,2024-05-03,buy,-2.5,\n')
        lines, s = run(m, data)
        # a: N=2, S=min(1234.5,100)=100, V={x,y}=2, D=sqrt(2)=1.414214 -> raw 105.414214
        # b: N=1, S=-2.5, V=0, D=1 -> raw -0.5
        self.assertEqual(lines[1:], ['a,105.414214,105.414214,,,2,2,100,100,2,2,1.414214,1.414214',
                                     'b,-0.5,-0.5,,,1,1,-2.5,-2.5,0,0,1,1'])
        self.assertEqual(s['rowErrors'], 0)

    def test_log_transform_and_negative_weight(self):
        # log(1+|x|) with sign: x = 0 -> 0; weight -4 on count 0 -> -0 -> "0"
        m = events_model([{'name': 'T', 'events': ['ticket'], 'weight': -4, 'transform': 'log'}],
                         window={'as_of': '2024-01-01'}, scale={'method': 'raw'})
        lines, _ = run(m, 'id,t,e\na,2024-01-01,login\n')
        self.assertEqual(lines[1], 'a,0,0,,,0,0')

    def test_as_of_auto_ignores_row_errors(self):
        # the 2024-06-30 row has a bad number, so as_of is 2024-06-01
        m = events_model([{'name': 'S', 'measure': 'sum', 'column': 'v', 'weight': 1}])
        _, s = run(m, 'id,t,e,v\na,2024-06-01,x,1\nb,2024-06-30,x,abc\n')
        self.assertEqual(s['asOf'], '2024-06-01')
        self.assertEqual([(e['line'], e['message'][:2]) for e in s['errors']], [(3, 'v:')])

    def test_segment_is_last_non_empty(self):
        m = events_model([{'name': 'C', 'weight': 1}],
                         data={'segment': 'p'}, scale={'method': 'raw'})
        lines, _ = run(m, 'id,t,e,p\na,2024-01-01,x,free\na,2024-01-02,x, pro \na,2024-01-03,x,\n')
        self.assertEqual(lines[1], 'a,3,3,,pro,3,3')

    def test_epoch_and_digit_counts(self):
        # 86400*19723 = 1704067200 = 2024-01-01; 999999999 (9 digits) = 2001-09-09;
        # 1704067200000 ms = 2024-01-01; 12345678901 (11 digits) does not parse.
        m = events_model([{'name': 'C', 'weight': 1}], scale={'method': 'raw'})
        _, s = run(m, 'id,t,e\na,1704067200,x\nb,999999999,x\nc,1704153600000,x\nd,12345678901,x\n')
        self.assertEqual(s['asOf'], '2024-01-02')
        self.assertEqual([e['line'] for e in s['errors']], [5])


class Dates(unittest.TestCase):
    M = events_model([{'name': 'C', 'weight': 1}], scale={'method': 'raw'})

    def test_day_first_decided_by_file(self):
        # 13/2/2024 can only be day-first, so 1/3/2024 is 1 March: latest day 2024-03-01.
        _, s = run(self.M, 'id,t,e\na,1/3/2024,x\nb,13/2/2024,x\n')
        self.assertEqual(s['asOf'], '2024-03-01')

    def test_month_first_decided_by_file(self):
        # 2/13/2024 is month-first, so 3/1/2024 is 1 March and 1/3/2024 is 3 January.
        _, s = run(self.M, 'id,t,e\na,1/3/2024,x\nb,2/13/2024 10:30,x\n')
        self.assertEqual(s['asOf'], '2024-02-13')

    def test_undecided_is_month_first_with_warning(self):
        # 4/3/2024 read month-first = 3 April (day-first would be 4 March)
        _, s = run(self.M, 'id,t,e\na,4/3/2024,x\nb,1/2/2024,x\n')
        self.assertEqual(s['asOf'], '2024-04-03')
        self.assertTrue(any('month-first' in w for w in s['warnings']))

    def test_iso_forms(self):
        data = ('id,t,e\n'
                'a,2024-01-05,x\n'
                'b,2024-01-05 23:00:00.123,x\n'
                'c,2024-01-05T23:30:00-01:00,x\n'       # 2024-01-06T00:30Z
                'd,2024-01-05T10:00:00.5Z,x\n')
        _, s = run(self.M, data)
        self.assertEqual((s['asOf'], s['rowErrors']), ('2024-01-06', 0))


class Encodings(unittest.TestCase):
    def test_windows_1252_fallback(self):
        # 0xE9 = é, 0x80 = € (a currency sign): not UTF-8, so read as Windows-1252.
        lines, s = run(customers_model(X, scale={'method': 'raw'}), b'id,x\nJos\xe9,\x805\n')
        self.assertEqual(lines[1], 'José,5,5,,,5,5')
        self.assertEqual(len(s['warnings']), 1)
        self.assertIn('1252', s['warnings'][0])

    def test_utf16_le_and_be(self):
        text = 'id,x\r\nZoë,2\r\n'
        for bom, codec in ((b'\xff\xfe', 'utf-16-le'), (b'\xfe\xff', 'utf-16-be')):
            lines, s = run(customers_model(X, scale={'method': 'raw'}), bom + text.encode(codec))
            self.assertEqual(lines[1], 'Zoë,2,2,,,2,2')
            self.assertEqual(s['warnings'], [])

    def test_utf8_bom_ignored(self):
        lines, _ = run(customers_model(X, scale={'method': 'raw'}), b'\xef\xbb\xbfid,x\na,1\n')
        self.assertEqual(lines[1], 'a,1,1,,,1,1')


class CsvDialect(unittest.TestCase):
    def test_row_error_lines_count_physical_lines(self):
        data = ('id,t,note\r\n'                     # 1
                'a,2024-01-01,"x\n'                 # 2
                'y"\r\n'                            # 3
                ',2024-01-01,z\r\n'                 # 4: empty id
                '\r\n'                              # 5: blank
                'b,bad,"p\r\nq"\r'                  # 6-7: bad timestamp (CRLF inside = 1 line end)
                'c,2024-01-01\n'                    # 8: 2 fields, not 3
                '  ,2024-01-01,w\n')                # 9: empty id after trimming
        m = events_model([{'name': 'C', 'weight': 1}], data={'event': None})
        del m['data']['event']
        lines, s = run(m, data)
        self.assertEqual([e['line'] for e in s['errors']], [4, 6, 8, 9])
        self.assertEqual(s['rows'], 5)              # records a, (4), b, c, (9)
        self.assertEqual(lines[1:], ['a,50,1,,,1,1'])

    def test_sniff_delimiter(self):
        f = ces_ref.sniff_delimiter
        self.assertEqual(f('a;b,c;d\n'), ';')
        self.assertEqual(f('a,b;c\n'), ',')                # tie: , wins
        self.assertEqual(f('"a;b;c",d\n'), ',')            # quoted ones do not count
        self.assertEqual(f('a\tb|c\n'), '\t')              # tie: TAB before |
        self.assertEqual(f('\n\na|b|c;d\n'), '|')          # blank lines before the header
        self.assertEqual(f('only\n'), ',')

    def test_semicolon_file_with_decimal_comma(self):
        lines, _ = run(customers_model(X, scale={'method': 'raw'}),
                       'id;x\na;1234,50\nb;"1,234.50"\nc;€ 1\n')
        self.assertEqual(lines[1:], ['a,1234.5,1234.5,,,1234.5,1234.5',
                                     'b,1234.5,1234.5,,,1234.5,1234.5'])

    def test_decimal_comma_only_with_semicolon(self):
        _, s = run(customers_model(X), 'id|x\na|1234,50\nb|1,234\n')
        self.assertEqual([e['line'] for e in s['errors']], [2])

    def test_numbers(self):
        p = ces_ref.parse_number
        self.assertEqual(p(' $1,234.50 ', False), 1234.5)
        self.assertEqual(p('-£3', False), -3.0)
        self.assertEqual(p('1.5e3', False), 1500.0)
        self.assertEqual(p('1,234,567', False), 1234567.0)
        self.assertEqual(p('12,34', False), None)
        self.assertEqual(p('1e999', False), None)
        self.assertEqual(p('   ', False), ces_ref.EMPTY)

    def test_column_matching(self):
        m = customers_model([{'name': 'X', 'column': 'VALUE', 'weight': 1}])
        lines, _ = run(m, ' ID ,value\na,3\n')          # trimmed exact; unique ignoring case
        self.assertEqual(lines[1], 'a,50,3,,,3,3')
        m = customers_model([{'name': 'X', 'column': 'value', 'weight': 1}])
        lines, _ = run(m, 'id,Value,value\na,1,3\n')    # the exact one wins
        self.assertEqual(lines[1], 'a,50,3,,,3,3')
        with self.assertRaises(ces_ref.Unusable) as cm:
            run(customers_model([{'name': 'X', 'column': 'VALUE', 'weight': 1}]),
                'id,Value,value\na,1,3\n')
        self.assertIn('"id", "Value", "value"', str(cm.exception))

    def test_customers_merge(self):
        m = customers_model(X, data={'shape': 'customers', 'customer': 'id', 'segment': 's'},
                            scale={'method': 'raw'})
        lines, s = run(m, 'id,x,s\na,1,free\n a ,2,\nb,,pro\na,0.5,pro\n')
        self.assertEqual(lines[1:], ['a,3.5,3.5,,pro,3.5,3.5', 'b,0,0,,pro,0,0'])
        self.assertTrue(any(w.startswith('1 customer ids') for w in s['warnings']))


class ModelValidation(unittest.TestCase):
    def errors(self, text):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, 'm.json')
            with open(p, 'w', encoding='utf-8') as f:
                f.write(text if isinstance(text, str) else json.dumps(text))
            try:
                ces_ref.load_model(p)
            except ces_ref.Unusable as e:
                return [m[len('model: '):] for m in e.messages]
            return []

    def test_every_problem_with_its_path(self):
        got = self.errors({'ces_model': 1, 'data': {'shape': 'events', 'customer': 'id'},
                           'activities': [{'name': 'A', 'weight': 'x'},
                                          {'name': 'A', 'wieght': 1}],
                           'window': {'days': 0}})
        self.assertIn('data.time: required for shape "events"', got)
        self.assertIn('activities[0].weight: expected a number, got a string', got)
        self.assertIn('activities[1].wieght: unknown field', got)
        self.assertIn('activities[1].weight: required', got)
        self.assertTrue(any(g.startswith('activities[1].name: duplicate') for g in got))
        self.assertIn('window.days: must be an integer >= 1', got)
        self.assertEqual(len(got), 6)

    def test_limits(self):
        base = {'ces_model': 1, 'data': {'shape': 'customers', 'customer': 'id'},
                'activities': [{'name': 'A', 'column': 'x', 'weight': 1}]}
        self.assertEqual(self.errors(base), [])
        self.assertEqual(len(self.errors(json.dumps(base).replace('"weight": 1',
                                                                   '"weight": 1e13'))), 1)
        self.assertEqual(len(self.errors(json.dumps(base).replace('"weight": 1',
                                                                   '"weight": NaN'))), 1)
        dup = json.dumps(base).replace('"ces_model": 1', '"ces_model": 1, "ces_model": 1')
        self.assertEqual(self.errors(dup), ['ces_model: duplicate key'])
        deep = json.dumps(base)[:-1] + ', "x": ' + '[' * 64 + ']' * 64 + '}'
        self.assertTrue(self.errors(deep)[0].endswith('nested more than 64 levels deep'))
        ok_depth = json.dumps(base)[:-1] + ', "x": ' + '[' * 63 + ']' * 63 + '}'
        self.assertEqual(self.errors(ok_depth), ['x: unknown field'])
        long_name = json.loads(json.dumps(base))
        long_name['activities'][0]['name'] = 'n' * 201
        self.assertEqual(self.errors(long_name), ['activities[0].name: longer than 200 characters'])
        long_name['activities'][0]['name'] = 'é' * 200
        self.assertEqual(self.errors(long_name), [])

    def test_tiers(self):
        base = {'ces_model': 1, 'data': {'shape': 'customers', 'customer': 'id'},
                'activities': [{'name': 'A', 'column': 'x', 'weight': 1}]}
        base['tiers'] = [{'name': 'a', 'below': 5}, {'name': 'b', 'below': 5}, {'name': 'c'}]
        self.assertEqual(self.errors(base), ['tiers[1].below: must be greater than tiers[0].below (5)'])
        base['tiers'] = [{'name': 'a'}, {'name': 'b'}]
        self.assertEqual(self.errors(base),
                         ['tiers[0].below: required (every tier but the last needs "below")'])


# ===========================================================================
# Version 2 (score-model-v2.md): section 1 scoring and the operations of 2-4
# ===========================================================================

import ces_ops  # noqa: E402


def v2(model):
    m = dict(model)
    m['ces_model'] = 2
    return m


def run_ops(argv, files):
    """Run an ops command of the reference in a directory holding `files` -> (rc, stdout)."""
    import io
    with tempfile.TemporaryDirectory() as d:
        for name, text in files.items():
            with open(os.path.join(d, name), 'w', encoding='utf-8') as f:
                f.write(text if isinstance(text, str) else json.dumps(text))
        argv = [os.path.join(d, a) if a in files or a == 'OUT' else a for a in argv]  # OUT: an output file, kept in d
        out = io.BytesIO()

        class Std:
            buffer = out
        old = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = Std, io.StringIO()
        try:
            rc = ces_ops.main(argv[0], argv[1:])
        finally:
            sys.stdout, sys.stderr = old
    return rc, out.getvalue().decode('utf-8')


BINS = [{'below': 1, 'points': 0}, {'below': 5, 'points': 10}, {'points': 25}]


class V2Bins(unittest.TestCase):
    def test_bound_equal_to_value_goes_up(self):
        # x = 0 -> first bin (1 > 0): 0;  x = 1 -> 1 is not > 1, 5 > 1: 10;  x = 4 -> 10;
        # x = 5 -> no below > 5: the last bin, 25.  Raw scale: score = raw = points.
        m = v2(customers_model([{'name': 'X', 'column': 'x', 'bins': BINS}],
                               scale={'method': 'raw'}))
        lines, _ = run(m, 'id,x\na,0\nb,1\nc,4\nd,5\n')
        self.assertEqual(lines[1:], ['d,25,25,,,5,25', 'b,10,10,,,1,10', 'c,10,10,,,4,10',
                                     'a,0,0,,,0,0'])

    def test_bins_see_x_after_cap_and_transform(self):
        # 100 capped at 3 -> x = 3 -> second bin (5 > 3): 10
        m = v2(customers_model([{'name': 'X', 'column': 'x', 'cap': 3, 'bins': BINS}],
                               scale={'method': 'raw'}))
        lines, _ = run(m, 'id,x\na,100\n')
        self.assertEqual(lines[1:], ['a,10,10,,,3,10'])


class V2Missing(unittest.TestCase):
    def test_mean_is_taken_before_cap(self):
        # a = 10, b = 2, c missing.  mean = (10 + 2) / 2 = 6, then cap 5 -> c's x = 5.
        # (Taking the mean after the cap would give (5 + 2) / 2 = 3.5.)
        m = v2(customers_model([{'name': 'X', 'column': 'x', 'weight': 1, 'cap': 5,
                                 'missing': 'mean'}], scale={'method': 'raw'}))
        lines, _ = run(m, 'id,x\na,10\nb,2\nc,\n')
        self.assertEqual(lines[1:], ['a,5,5,,,5,5', 'c,5,5,,,5,5', 'b,2,2,,,2,2'])

    def test_merged_rows_missing_only_when_every_cell_is_empty(self):
        # c has rows '' and 4 -> not missing, value 4; d has '' and '' -> missing -> skip.
        m = v2(customers_model([{'name': 'X', 'column': 'x', 'weight': 1, 'missing': 'skip'},
                                {'name': 'Y', 'column': 'y', 'weight': 1}],
                               scale={'method': 'raw'}))
        lines, _ = run(m, 'id,x,y\nc,,1\nd,,1\nc,4,\nd,,\n')
        self.assertEqual(lines[1:], ['c,5,5,,,4,4,1,1', 'd,1,1,,,,,1,1'])


GROUPS_MODEL = {
    'data': {'shape': 'customers', 'customer': 'id'},
    'groups': [{'name': 'U', 'weight': 3}, {'name': 'S', 'weight': 1,
                                            'scale': {'method': 'raw'}}],
    'activities': [{'name': 'A', 'group': 'U', 'column': 'a', 'weight': 1},
                   {'name': 'B', 'group': 'S', 'column': 'b', 'weight': 2, 'missing': 'skip'},
                   {'name': 'C', 'group': 'S', 'column': 'c', 'weight': 1, 'missing': 'skip'}],
    'scale': {'method': 'minmax'}}


class V2Groups(unittest.TestCase):
    def test_skipped_activity_leaves_its_group(self):
        # U (minmax over p,q): p a=0 -> 0, q a=10 -> 100.
        # S (raw): p: B skipped, C = 5 -> points 5, score 5;  q: B = 1 -> 2, C = 3 -> 3:
        # points 5, score 5.  raw p = (3*0 + 1*5)/4 = 1.25;  q = (300 + 5)/4 = 76.25.
        lines, _ = run(v2(GROUPS_MODEL), 'id,a,b,c\np,0,,5\nq,10,1,3\n')
        self.assertEqual(lines[0], 'customer,score,raw,tier,segment,U points,U score,'
                                   'S points,S score,A value,A points,B value,B points,'
                                   'C value,C points')
        self.assertEqual(lines[1:], ['q,76.25,76.25,,,10,100,5,5,10,10,1,2,3,3',
                                     'p,1.25,1.25,,,0,0,5,5,0,0,,,5,5'])

    def test_customer_with_no_group_present_and_group_scale_over_present_only(self):
        # Only U/S... here: group S absent for r (B and C skipped): raw = U's score alone.
        # U minmax over p,q,r: a = 0, 10, 5 -> 0, 100, 50.  S (raw) over p and q only.
        # r: raw = 3*50/3 = 50.  A model whose only group is absent gives raw 0 (below).
        lines, _ = run(v2(GROUPS_MODEL), 'id,a,b,c\np,0,,5\nq,10,1,3\nr,5,,\n')
        self.assertIn('r,50,50,,,5,50,,,5,5,,,,', lines)
        only_s = json.loads(json.dumps(GROUPS_MODEL))
        only_s['groups'] = [{'name': 'S', 'weight': 1}]
        only_s['activities'] = only_s['activities'][1:]
        lines, summary = run(v2(only_s), 'id,b,c\nx,,\ny,1,\n')
        # y: S points 2, minmax over y alone -> 50; x: no group present -> raw 0.
        self.assertEqual(lines[1:], ['y,50,50,,,2,50,1,2,,', 'x,0,0,,,,,,,,'])
        self.assertTrue(any('no group present' in w for w in summary['warnings']))


SEG = 'id,x,plan\na,1,free\nb,2,free\nc,3,pro\nd,9,pro\ne,4,\n'


class V2BySegment(unittest.TestCase):
    def model(self, scale):
        return v2(customers_model(X, data={'shape': 'customers', 'customer': 'id',
                                           'segment': 'plan'}, scale=scale))

    def test_percentile_within_segment(self):
        # free {1,2}: 25, 75;  pro {3,9}: 25, 75;  '' {4} (its own segment): 50.
        lines, _ = run(self.model({'method': 'percentile', 'by_segment': True}), SEG)
        self.assertEqual(lines[1:], ['b,75,2,,free,2,2', 'd,75,9,,pro,9,9', 'e,50,4,,,4,4',
                                     'a,25,1,,free,1,1', 'c,25,3,,pro,3,3'])

    def test_minmax_within_segment(self):
        # free: 1 -> 0, 2 -> 100;  pro: 3 -> 0, 9 -> 100;  '' alone: max = min -> 50.
        lines, _ = run(self.model({'method': 'minmax', 'by_segment': True}), SEG)
        self.assertEqual(lines[1:], ['b,100,2,,free,2,2', 'd,100,9,,pro,9,9', 'e,50,4,,,4,4',
                                     'a,0,1,,free,1,1', 'c,0,3,,pro,3,3'])

    def test_targets_per_segment(self):
        # target 10, pro 4:  a 10, b 20, c 3/4 -> 75, d 9/4 -> clamp 100, e 40.
        lines, _ = run(self.model({'method': 'target', 'target': 10,
                                   'target_by_segment': {'pro': 4}}), SEG)
        self.assertEqual(lines[1:], ['d,100,9,,pro,9,9', 'c,75,3,,pro,3,3', 'e,40,4,,,4,4',
                                     'b,20,2,,free,2,2', 'a,10,1,,free,1,1'])


class V2SegmentAndCarry(unittest.TestCase):
    def test_latest_by_time_ties_later_in_file_empty_passed_over(self):
        # rows of u: Feb 1 'gold' (newest), then Jan 1 'free'.  v1: last in file = 'free';
        # v2: latest = 'gold'.  v: two rows at the same millisecond (finer digits ignored):
        # the later in the file wins ('b'); a newer row with an empty plan is passed over.
        data = ('id,t,e,plan,owner\n'
                'u,2024-02-01T00:00:00Z,x,gold,ann\n'
                'u,2024-01-01T00:00:00Z,x,free,bob\n'
                'v,2024-01-01T00:00:00.1234Z,x,a,\n'
                'v,2024-01-01T00:00:00.1239Z,x,b,\n'
                'v,2024-01-05T00:00:00Z,x,,cy\n')
        acts = [{'name': 'N', 'weight': 1}]
        m1 = events_model(acts, data={'segment': 'plan'}, scale={'method': 'raw'})
        lines, _ = run(m1, data)
        self.assertEqual(lines[1:], ['v,3,3,,b,3,3', 'u,2,2,,free,2,2'])
        m2 = v2(events_model(acts, data={'segment': 'plan', 'carry': ['owner']},
                             scale={'method': 'raw'}))
        lines, _ = run(m2, data)
        self.assertEqual(lines, ['customer,score,raw,tier,segment,owner,N value,N points',
                                 'v,3,3,,b,cy,3,3', 'u,2,2,,gold,ann,2,2'])


class V2Validation(unittest.TestCase):
    errors = ModelValidation.errors

    def test_v2_fields_are_unknown_in_v1_and_checked_in_v2(self):
        m = customers_model([{'name': 'X', 'column': 'x', 'bins': BINS}])
        self.assertIn('activities[0].bins: unknown field', self.errors(m))
        self.assertEqual(self.errors(v2(m)), [])
        both = v2(customers_model([{'name': 'X', 'column': 'x', 'weight': 1, 'bins': BINS}]))
        self.assertEqual(len(self.errors(both)), 1)
        bad = v2(customers_model([{'name': 'X', 'column': 'x',
                                   'bins': [{'below': 5, 'points': 1}, {'below': 5, 'points': 2},
                                            {'points': 3}]}]))
        self.assertEqual(self.errors(bad)[0][:len('activities[0].bins[1].below')],
                         'activities[0].bins[1].below')
        ev = v2(events_model([{'name': 'X', 'weight': 1, 'missing': 'mean'}]))
        self.assertEqual(self.errors(ev), ['activities[0].missing: only for measure "value" '
                                           '(shape "customers")'])
        seg = v2(customers_model(X, scale={'method': 'raw', 'by_segment': True}))
        self.assertEqual(len(self.errors(seg)), 2)          # wrong method, no data.segment
        g = v2(dict(GROUPS_MODEL))
        g['groups'] = g['groups'] + [{'name': 'A', 'weight': 0}]
        got = self.errors(g)
        self.assertIn('groups[2].name: same name as an activity', got)
        self.assertIn('groups[2].weight: must be greater than 0', got)
        self.assertIn('groups[2]: has no activity', got)
        self.assertEqual(self.errors({'ces_model': 3, 'data': {'shape': 'customers',
                                                                'customer': 'id'},
                                      'activities': X}), ['ces_model: must be 1 or 2'])


class V2Operations(unittest.TestCase):
    def test_auc_against_all_pairs(self):
        # pos {3, 2}, neg {1, 2}: 3>1, 3>2, 2>1, 2=2 (half) -> 3.5 / 4 = 0.875;
        # low: only the tie counts -> 0.5 / 4 = 0.125.
        self.assertEqual(ces_ops.auc([3, 1, 2, 2], [1, 0, 1, 0], True), 0.875)
        self.assertEqual(ces_ops.auc([3, 1, 2, 2], [1, 0, 1, 0], False), 0.125)
        self.assertIsNone(ces_ops.auc([1, 2], [1, 1], True))

    def test_spearman_with_ties(self):
        # before 1,2,2,3 -> ranks 1, 2.5, 2.5, 4;  after 1,2,3,4 -> 1,2,3,4.
        # deviations (-1.5,0,0,1.5) and (-1.5,-.5,.5,1.5): cov 4.5, var 4.5 and 5
        # -> 4.5 / sqrt(22.5) = 0.9486832980...  -> 0.948683
        self.assertEqual(ces_ops.average_ranks([10, 20, 20, 30]), [1, 2.5, 2.5, 4])
        model = {'ces_model': 1, 'data': {'shape': 'customers', 'customer': 'id'},
                 'activities': [{'name': 'X', 'column': 'x', 'weight': 1}],
                 'scale': {'method': 'raw'}}
        rc, out = run_ops(['movers', '--model', 'm.json', '--before', 'old.csv',
                           '--summary-json', 'OUT', 'new.csv'],
                          {'m.json': model, 'old.csv': 'id,x\na,1\nb,2\nc,2\nd,3\ng,5\n',
                           'new.csv': 'id,x\na,1\nb,2\nc,3\nd,4\nn,0\n'})
        self.assertEqual(rc, 0)
        self.assertEqual(out.split('\n'), [
            'customer,status,score_before,score_after,change,tier_before,tier_after',
            'a,moved,1,1,0,,', 'b,moved,2,2,0,,', 'c,moved,2,3,1,,', 'd,moved,3,4,1,,',
            'n,new,,0,,,', 'g,gone,5,,,,', ''])
        before = [ces_ops.R.Scored(ces_ops.R.Cust(c)) for c in 'abcd']
        after = [ces_ops.R.Scored(ces_ops.R.Cust(c)) for c in 'abcd']
        for s, x in zip(before, [1, 2, 2, 3]):
            s.score = x
        for s, x in zip(after, [1, 2, 3, 4]):
            s.score = x
        m = ces_ref.Model()
        m.tiers = []
        _, summary = ces_ops.movers(m, before, m, after)
        self.assertEqual(summary['spearman'], 0.948683)
        self.assertEqual(summary['mean_abs_change'], 0.5)    # |0|+|0|+|1|+|1| / 4
        self.assertEqual(summary['tier_moves'], [{'from': '', 'to': '', 'customers': 4}])

    def test_deciles_with_ties_across_bounds(self):
        # raw scores a 5, b 5, c 5, d 1; outcomes a 1, b 0, c 0, d 1 (N 4, P 2), high.
        # Order: a, b, c (tied: by id), d -> positions 0..3 -> deciles 1, 3, 6, 8.
        # gain: d1 1/2, d2 empty repeats 0.5, ..., d8 2/2 = 1.  lift d1 (1/1)/(2/4) = 2.
        # AUC: pos {5, 1} vs neg {5, 5}: two ties (1) + 1 < 5 twice (0) -> 1/4 = 0.25.
        model = {'ces_model': 1, 'data': {'shape': 'customers', 'customer': 'id'},
                 'activities': [{'name': 'X', 'column': 'x', 'weight': 1}],
                 'scale': {'method': 'raw'}}
        rc, out = run_ops(['backtest', '--model', 'm.json', '--outcome-column', 'y', '--json',
                           'd.csv'], {'m.json': model,
                                      'd.csv': 'id,x,y\nc,5,no\nd,1,yes\nb,5,0\na,5,1\n'})
        self.assertEqual(rc, 0)
        r = json.loads(out)
        self.assertEqual((r['customers'], r['positives'], r['auc']), (4, 2, 0.25))
        got = [(d['decile'], d['customers'], d['positives'], d['cumulative_gain'], d['lift'])
               for d in r['deciles']]
        self.assertEqual(got, [(1, 1, 1, 0.5, 2), (2, 0, 0, 0.5, None), (3, 1, 0, 0.5, 0),
                               (4, 0, 0, 0.5, None), (5, 0, 0, 0.5, None), (6, 1, 0, 0.5, 0),
                               (7, 0, 0, 0.5, None), (8, 1, 1, 1, 2), (9, 0, 0, 1, None),
                               (10, 0, 0, 1, None)])
        self.assertEqual(r['deciles'][1]['rate'], None)

    def test_logistic_fit_reaches_zero_gradient(self):
        z = [[-1.2, 0.3], [0.1, -0.7], [1.5, 1.1], [-0.4, 0.9], [0.0, -1.6], [2.0, 0.2]]
        y = [0, 0, 1, 1, 0, 1]
        b, beta, _ = ces_ops.fit_logistic(z, y)
        # the gradient written out here, independently of the solver's own
        grad = [0.0, beta[0], beta[1]]
        import math
        for zi, yi in zip(z, y):
            p = 1 / (1 + math.exp(-(b + beta[0] * zi[0] + beta[1] * zi[1])))
            grad[0] += p - yi
            grad[1] += (p - yi) * zi[0]
            grad[2] += (p - yi) * zi[1]
        self.assertLess(max(abs(g) for g in grad), 1e-9)
        self.assertGreater(beta[0], 0)          # z1 goes with y = 1 here

    def test_no_signal_keeps_todays_weights(self):
        # x is the same for every outcome mix -> constant -> left out -> weight kept
        model = {'ces_model': 1, 'data': {'shape': 'customers', 'customer': 'id'},
                 'activities': [{'name': 'X', 'column': 'x', 'weight': 2}]}
        rc, out = run_ops(['backtest', '--model', 'm.json', '--outcome-column', 'y', '--json',
                           'd.csv'], {'m.json': model, 'd.csv': 'id,x,y\na,1,1\nb,1,0\n'})
        r = json.loads(out)
        self.assertEqual(r['activities'][0]['suggested_weight'], 2)
        self.assertEqual(r['auc'], 0.5)

    def test_history_dates_and_customers_existing(self):
        # D1 = latest day 2024-01-15; every 7, 3 points: 01-01, 01-08, 01-15.  b's first row
        # is on 01-10: it does not exist on 01-01 and 01-08.
        model = {'ces_model': 1, 'data': {'shape': 'events', 'customer': 'id', 'time': 't'},
                 'activities': [{'name': 'N', 'weight': 1}], 'scale': {'method': 'raw'}}
        rc, out = run_ops(['history', '--model', 'm.json', '--points', '3', 'd.csv'],
                          {'m.json': model, 'd.csv': 'id,t\na,2024-01-01\nb,2024-01-10\n'
                                                     'a,2024-01-15\n'})
        self.assertEqual(out.split('\n'), [
            'as_of,customer,score,raw,tier,segment', '2024-01-01,a,1,1,,',
            '2024-01-08,a,1,1,,', '2024-01-15,a,2,2,,', '2024-01-15,b,1,1,,', ''])


if __name__ == '__main__':
    unittest.main()
