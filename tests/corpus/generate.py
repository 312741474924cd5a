#!/usr/bin/env python3
"""Writes the nasty-input corpus under tests/corpus/ (the files are committed too).

    tests/corpus/generate.py            # rewrite every file
    tests/corpus/generate.py --huge DIR # write the big cases (not committed) into DIR

Each file is spelled out here byte for byte, so that what a UTF-16, Windows-1252 or
NUL-byte file holds is readable in a review. What each file must give when scored is
in manifest.json, checked by check_corpus.py. The shapes follow what real exports and
parser test suites show: RFC 4180 and csv-spectrum quoting cases, Excel's "Unicode
text" (UTF-16LE, tabs), Windows-1252 accents, European `;` files, Shopify's one row per
line item, Salesforce's report footer, and so on.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EV = 'user_id,timestamp,event,value,plan'          # header of models/events.json files
NOTES = 'id,note,n'                                 # header of models/notes.json files


def write(path, data):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(full, 'wb') as f:
        f.write(data)


def lines(*rows, end='\n'):
    return ''.join(r + end for r in rows)


def utf16(text, big_endian=False, bom=True):
    body = text.encode('utf-16-be' if big_endian else 'utf-16-le')
    return ((b'\xfe\xff' if big_endian else b'\xff\xfe') if bom else b'') + body


# [SECTION] Quoting (RFC 4180, csv-spectrum)

def quoting():
    write('quoting/rfc4180-crlf.csv', lines(
        NOTES, 'c1,"Smith, John",1', 'c2,"He said ""hi""",2', 'c3,plain,3', end='\r\n'))
    # Line breaks inside quotes, LF and CRLF: they are content, and lines stay physical.
    write('quoting/quoted-line-breaks.csv',
          NOTES + '\n' + 'c1,"first line\nsecond line",1\n' + 'c2,"crlf\r\ninside",2\n' + 'c3,ok,x\n')
    # csv-spectrum json.csv and quotes_and_newlines.csv, as a customers file.
    write('quoting/json-and-doubled-quotes.csv', lines(
        NOTES,
        'c1,"{""type"": ""Point"", ""coordinates"": [102.0, 0.5]}",1',
        'c2,"""quoted at both ends""",2',
        'c3,"",3'))
    # csv-spectrum empty.csv: empty fields, quoted empties; an empty id is a row error.
    write('quoting/empty-fields.csv', lines(NOTES, 'c1,,', 'c2,"",', ',,5', 'c3,x,'))
    # Quotes inside unquoted fields (inches, a word in quotes) and text after a closing
    # quote: read leniently, like Python's csv module.
    write('quoting/stray-quotes.csv', lines(
        NOTES, 'c1,5\'11" tall,1', 'c2,"ab"cd,2', 'c3,a "quoted" word,3'))
    # An unterminated quote swallows the rest of the file: one row error, on its line.
    write('quoting/unterminated-quote.csv', lines(
        NOTES, 'c1,fine,1', 'c2,"never closed,2', 'c3,swallowed,3', 'c4,swallowed too,4'))
    write('quoting/unterminated-quote-in-header.csv', lines('id,"note,n', 'c1,x,1'))
    # A space before an opening quote makes the quote ordinary text (RFC 4180, Python).
    write('quoting/space-before-quote.csv', lines(NOTES, 'c1, "a,b",1', 'c2,"a,b",2'))
    write('quoting/all-fields-quoted.csv', lines(
        '"user_id","timestamp","event","value","plan"',
        '"u1","2024-01-02T10:00:00Z","login","","free"',
        '"u1","2024-01-03T10:00:00Z","purchase","19.99","free"'))
    # Formula injection: the output guards cells a spreadsheet would run.
    write('quoting/formula-injection.csv', lines(
        NOTES,
        '"=HYPERLINK(""http://evil.example"",""click"")",@SUM(A1),1',
        '+33 6 12 34 56 78,-cmd,2',
        '-5,+7,3',
        '@handle,=,4'))


# [SECTION] Line endings

def line_endings():
    write('line-endings/cr-only.csv', lines(
        EV, 'u1,2024-01-02,login,,free', 'u2,2024-01-03,purchase,12.50,pro', 'u2,bad-date,login,,pro', end='\r'))
    write('line-endings/mixed.csv',
          EV + '\r\n' + 'u1,2024-01-02,login,,free\n' + 'u1,2024-01-03,login,,free\r' +
          'u2,2024-01-04,purchase,5,pro\r\n' + 'u2,2024-01-05,purchase,oops,pro\n')
    write('line-endings/no-final-line-break.csv', EV + '\n' + 'u1,2024-01-02,login,,free\n' + 'u2,2024-01-03,login,,pro')
    write('line-endings/blank-lines.csv',
          '\n\n' + EV + '\n\n' + 'u1,2024-01-02,login,,free\n\n\r\n\n' + 'u2,,login,,pro\n\n')
    write('line-endings/whitespace-only-line.csv', lines(EV, 'u1,2024-01-02,login,,free', '   ', 'u2,2024-01-03,login,,pro'))


# [SECTION] Encodings

def encodings():
    write('encoding/utf8-bom.csv', b'\xef\xbb\xbf' + lines(EV, 'u1,2024-01-02,login,,Café', 'u2,2024-01-03,login,,Zoë').encode())
    # Excel "Unicode text": UTF-16LE with its BOM, TAB-delimited, CRLF; an emoji is a surrogate pair.
    write('encoding/excel-unicode-text-utf16le.txt', utf16(lines(
        EV.replace(',', '\t'), 'u1\t2024-01-02\tlogin\t\tZoë', 'u2\t2024-01-03\tpurchase\t9.5\tpro 🚀', end='\r\n')))
    write('encoding/utf16be.csv', utf16(lines(EV, 'u1,2024-01-02,login,,Ørsted', 'u2,2024-01-03,login,,東京'), big_endian=True))
    # UTF-16 saved without its BOM: NUL bytes everywhere; the error says what it looks like.
    write('encoding/utf16le-without-bom.csv', utf16(lines(EV, 'u1,2024-01-02,login,,free'), bom=False))
    # A lone high surrogate (D83D) in the plan: replaced by U+FFFD, with a warning.
    write('encoding/utf16-lone-surrogate.csv', b'\xff\xfe' + lines(EV, 'u1,2024-01-02,login,,X').encode('utf-16-le')[:-4] +
          b'\x3d\xd8' + '\n'.encode('utf-16-le'))
    # Windows-1252: é (E9), ï (EF), curly quotes (93 94), € (80) as a currency sign.
    write('encoding/windows-1252.csv', lines(
        EV, 'u1,2024-01-02,purchase,\x8012.50,Caf\xe9', 'u2,2024-01-03,login,,na\xefve \x93quoted\x94').encode('latin-1'))
    # Valid UTF-8 for 3 lines, then one byte that is not: the whole file is read as
    # Windows-1252 (spec section 1), so the early "Café" becomes "CafÃ©".
    write('encoding/invalid-utf8-late.csv', lines(
        EV, 'u1,2024-01-02,login,,Café', 'u2,2024-01-03,login,,pro').encode() + b'u3,2024-01-04,login,,\xc3(\n')
    # Overlong and surrogate encodings are not UTF-8 either.
    write('encoding/overlong-utf8.csv', lines(EV).encode() + b'u1,2024-01-02,login,,\xc0\xaf\xed\xa0\x80\n')
    # NUL bytes inside fields are kept as they are.
    write('encoding/nul-bytes.csv', lines(NOTES, 'c\x001,a\x00b,1', 'c2,ok,2'))


# [SECTION] Delimiters

def delimiters():
    # A European export: `;`, decimal commas, a currency sign; "1.234,50" (dot thousands)
    # is not a number by the spec's grammar: a row error, never a silent 1.2345.
    write('delimiters/semicolon-decimal-comma.csv', lines(
        'user_id;timestamp;event;value;plan',
        'u1;2024-03-01 10:00;purchase;1234,50;Basis',
        'u1;2024-03-02 11:00;purchase;€ 12,5;Basis',
        'u2;2024-03-03;purchase;1.234,50;Pro',
        'u2;2024-03-04;purchase;1,234.50;Pro'))
    write('delimiters/tab.tsv', lines('user_id\ttimestamp\tevent\tvalue\tplan', 'u1\t2024-01-02\tpurchase\t1,000\tfree, trial'))
    write('delimiters/pipe.csv', lines('user_id|timestamp|event|value|plan', 'u1|2024-01-02|purchase|7|a,b;c'))
    # Characters that look like delimiters but are not: fullwidth comma, single low-9
    # quote, Arabic comma, Greek question mark.
    write('delimiters/lookalikes.csv', lines(NOTES, 'c1,a，b,1', 'c2,x‚y,2', 'c3,p،q,3', 'c4,r;s,4'))
    # The sniffer counts candidates outside quotes only: `;` wins over the quoted commas.
    write('delimiters/sniff-ignores-quoted.csv', lines('id;note;n;"x,y,z,w"', 'c1;a,b;1;q'))
    # Excel's "sep=;" hint line is not a header; the error lists the columns found.
    write('delimiters/excel-sep-line.csv', lines('sep=;', 'id;note;n', 'c1;a;1'))
    # The header decides the delimiter; data rows with another one are ragged.
    write('delimiters/header-and-rows-disagree.csv', lines('id;note;n', 'c1,a,1', 'c2;b;2'))


# [SECTION] Ragged rows, headers, columns

def ragged():
    write('ragged/too-few-fields.csv', lines(EV, 'u1,2024-01-02,login,,free', 'u2,2024-01-03,login', 'u3,2024-01-04,login,,pro'))
    write('ragged/too-many-fields.csv', lines(EV, 'u1,2024-01-02,login,,free,extra', 'u2,2024-01-03,login,,pro'))
    write('ragged/header-only.csv', lines(EV))
    write('ragged/empty.csv', '')
    write('ragged/blank-lines-only.csv', '\n\r\n\n')
    write('ragged/duplicate-columns.csv', lines('user_id,timestamp,event,value,plan,user_id', 'u1,2024-01-02,login,,free,u1'))
    write('ragged/missing-column.csv', lines('user_id,date,event,value,plan', 'u1,2024-01-02,login,,free'))
    write('ragged/case-and-spaces-in-header.csv', lines(' User_ID ,TimeStamp,EVENT,Value,Plan', 'u1,2024-01-02,login,,free'))
    write('ragged/two-case-matches.csv', lines('User_ID,USER_ID,timestamp,event,value,plan', 'a,b,2024-01-02,login,,free'))
    write('ragged/trailing-delimiter.csv', lines(EV + ',', 'u1,2024-01-02,login,,free,', 'u2,2024-01-03,login,,pro,'))


# [SECTION] Numbers and dates, US and European

def numbers_dates():
    write('numbers-dates/us-currency.csv', lines(
        EV,
        'u1,2024-01-02,purchase,"$1,234.50",free',
        'u1,2024-01-03,purchase,-$5.00,free',
        'u1,2024-01-04,purchase, 42 ,free',
        'u1,2024-01-05,purchase,1e3,free',
        'u2,2024-01-06,purchase,(12.00),pro',
        'u2,2024-01-07,purchase,12%,pro',
        'u2,2024-01-08,purchase,"1,23",pro'))
    write('numbers-dates/bad-numbers.csv', lines(
        EV, 'u1,2024-01-02,purchase,12abc,free', 'u1,2024-01-03,purchase,1 000,free', 'u1,2024-01-04,purchase,n/a,free',
        'u1,2024-01-05,purchase,1e999,free', 'u1,2024-01-06,purchase,7,free'))
    # Offsets move an event to another UTC day.
    write('numbers-dates/iso-offsets.csv', lines(
        EV, 'u1,2024-03-01T23:30:00-05:00,login,,free', 'u2,2024-03-02T00:10:00+01:00,login,,free',
        'u3,2024-03-01 12:00:00.123456Z,login,,free', 'u3,2024-03-01T12:00:00+0530,login,,free'))
    write('numbers-dates/us-dates.csv', lines(
        EV, 'u1,3/4/2024,login,,free', 'u1,3/14/2024 10:00,login,,free', 'u2,12/31/2023 23:59:59,login,,pro'))
    write('numbers-dates/european-dates.csv', lines(
        'user_id;timestamp;event;value;plan', 'u1;3/4/2024;login;;free', 'u1;14/3/2024 10:00;login;;free'))
    write('numbers-dates/ambiguous-slash-dates.csv', lines(EV, 'u1,3/4/2024,login,,free', 'u2,4/3/2024,login,,free'))
    write('numbers-dates/date-order-conflict.csv', lines(EV, 'u1,25/12/2023,login,,free', 'u1,12/25/2023,login,,free'))
    write('numbers-dates/epoch-seconds.csv', lines(EV, 'u1,1709251200,login,,free', 'u1,1709337600,login,,free'))
    write('numbers-dates/epoch-milliseconds.csv', lines(EV, 'u1,1709251200000,login,,free', 'u2,1709337600123,login,,free'))
    write('numbers-dates/bad-dates.csv', lines(
        EV, 'u1,2024-02-30,login,,free', 'u1,yesterday,login,,free', 'u1,,login,,free',
        'u1,2024-01-05T25:00:00Z,login,,free', 'u1,1/2/24,login,,free', 'u1,27.01.2024,login,,free',
        'u1,2024-01-05,login,,free'))


# [SECTION] Export-shaped files

def exports():
    # Shopify orders: one row per line item; only an order's first row has Total and
    # Financial Status. Real exports write "Created at" as "2024-03-01 10:15:32 -0500"
    # (a space before the offset, which main accepts since af19335).
    shopify_header = ('Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,'
                      'Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,'
                      'Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Billing Street,'
                      'Billing City,Billing Zip,Billing Country,Refunded Amount,Id,Tags')
    write('exports/shopify-orders.csv', lines(
        shopify_header,
        '#1003,ana@example.com,paid,2024-03-02 09:12:44 -0500,fulfilled,2024-03-03 11:00:02 -0500,yes,USD,'
        '54.00,5.00,4.32,63.32,SPRING10,6.00,Standard,2024-03-02 09:12:40 -0500,2,Espresso Blend - 12 oz,18.00,'
        'EB-12,Ana Souza,"12 Main St, Apt 4",Boston,\'02118,US,0.00,5500017470260,"vip, wholesale"',
        '#1003,ana@example.com,,,,,,,,,,,,,,2024-03-02 09:12:40 -0500,1,"Mug, 12 oz",18.00,MUG-12,,,,,,,,',
        '#1002,bo@example.com,refunded,2024-03-01 17:40:10 -0500,,,no,USD,20.00,0.00,0.00,20.00,,0.00,Pickup,'
        '2024-03-01 17:40:01 -0500,1,Gift Card,20.00,,Bo Li,,,,CA,20.00,5500017470259,',
        '#1001,ana@example.com,paid,2024-02-10 08:00:00 -0500,fulfilled,,yes,USD,"1,200.00",0.00,0.00,"1,200.00",,0.00,'
        'Freight,2024-02-10 07:59:58 -0500,1,Grinder Pro,"1,200.00",GR-PRO,Ana Souza,,,,US,0.00,5500017470258,'))
    write('exports/shopify-orders.model.json', '''{
  "ces_model": 1,
  "name": "Shopify orders",
  "data": { "shape": "events", "customer": "Email", "time": "Created at", "event": "Financial Status",
            "segment": "Billing Country" },
  "window": { "days": 365 },
  "activities": [
    { "name": "Orders", "events": ["paid"], "measure": "count", "weight": 3 },
    { "name": "Spend", "events": ["paid"], "measure": "sum", "column": "Total", "weight": 0.01 },
    { "name": "Refunds", "events": ["refunded"], "measure": "sum", "column": "Refunded Amount", "weight": -0.01 }
  ],
  "scale": { "method": "raw" }
}
''')
    # HubSpot contacts: every field quoted, a BOM, empty numbers, a contact without an
    # e-mail, an e-mail twice (merged, with a warning).
    write('exports/hubspot-contacts.csv', b'\xef\xbb\xbf' + lines(
        '"Record ID","First Name","Last Name","Email","Lifecycle Stage","Create Date","Last Activity Date",'
        '"Number of Sessions","Number of Pageviews","Number of Form Submissions"',
        '"51267","Jack","Evans","jack@labs.example","lead","2023-01-27 01:28","2024-04-15 10:00","10","25","1"',
        '"51407","Femke","Jansen","femke@holding.example","other","2022-10-29 06:07","","0","0",""',
        '"51533","Zoë","O\'Brien","","subscriber","2024-01-02 09:00","","3","4","0"',
        '"51590","Jack","Evans","JACK@labs.example","customer","2024-02-01 12:00","2024-04-20 08:30","2","1,204","0"',
        '"51602","Li","Wei","jack@labs.example","lead","2024-03-01 12:00","","1","2","0"',
        end='\r\n').encode())
    write('exports/hubspot-contacts.model.json', '''{
  "ces_model": 1,
  "name": "HubSpot contacts",
  "data": { "shape": "customers", "customer": "Email", "segment": "Lifecycle Stage" },
  "activities": [
    { "name": "Sessions", "column": "Number of Sessions", "weight": 1 },
    { "name": "Pageviews", "column": "Number of Pageviews", "weight": 0.1 },
    { "name": "Forms", "column": "Number of Form Submissions", "weight": 5 }
  ],
  "scale": { "method": "raw" }
}
''')
    # Mailchimp audience: upper-case merge fields, two-space-separated address parts,
    # quoted tag lists, ratings 1-5.
    write('exports/mailchimp-audience.csv', lines(
        'Email Address,First Name,Last Name,Address,Phone Number,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,'
        'LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS',
        'mia@example.com,Mia,Rossi,"Via Roma 1  Milano  MI  20121  IT",+39 02 1234567,4,2023-05-01 10:00:00,,'
        '2023-05-01 10:01:10,45.46,9.19,1,2,Europe/Rome,IT,MI,2024-02-01 08:00:00,123456789,a1b2c3d4e5,,'
        '"""Customer"",""VIP"""',
        'sam@example.com,Sam,,,,2,2022-11-11 11:11:11,10.0.0.1,2022-11-11 11:12:00,,,,,,US,CA,'
        '2023-01-01 00:00:00,223456789,f6g7h8i9j0,"Called 3x; prefers ""email""",',
        'zoe@example.com,Zoë,Dubois,,,5,2024-01-10 09:30:00,,2024-01-10 09:31:00,48.85,2.35,1,2,Europe/Paris,FR,'
        'IDF,2024-03-01 12:00:00,323456789,k1l2m3n4o5,,"""Customer"""'))
    write('exports/mailchimp-audience.model.json', '''{
  "ces_model": 1,
  "name": "Mailchimp audience",
  "data": { "shape": "customers", "customer": "Email Address", "segment": "CC" },
  "activities": [ { "name": "Rating", "column": "MEMBER_RATING", "weight": 20 } ],
  "scale": { "method": "raw" },
  "tiers": [ { "name": "Cold", "below": 50 }, { "name": "Warm", "below": 90 }, { "name": "Hot" } ]
}
''')
    # Stripe payments: "Created (UTC)" without a zone, amounts with thousands
    # separators, a failed charge with a decline reason holding a comma.
    write('exports/stripe-payments.csv', lines(
        'id,Created (UTC),Amount,Amount Refunded,Currency,Captured,Converted Amount,Converted Currency,'
        'Decline Reason,Description,Fee,Mode,Status,Seller Message,Customer ID,Customer Email,Card Brand',
        'ch_3OqA1,2024-03-01 14:22:10,49.00,0.00,usd,true,49.00,usd,,Pro plan,1.72,Live,Paid,'
        'Payment complete.,cus_PZ1,ana@example.com,Visa',
        'ch_3OqA2,2024-03-02 09:01:55,"1,499.00",0.00,usd,true,"1,499.00",usd,,Annual plan,43.77,Live,Paid,'
        'Payment complete.,cus_PZ2,bo@example.com,Mastercard',
        'ch_3OqA3,2024-03-02 10:15:00,49.00,0.00,usd,false,0.00,usd,"card_declined, insufficient_funds",Pro plan,0.00,'
        'Live,Failed,The bank declined the payment.,cus_PZ1,ana@example.com,Visa',
        'ch_3OqA4,2024-03-05 16:45:30,49.00,49.00,usd,true,49.00,usd,,Pro plan,1.72,Live,Refunded,'
        'Payment complete.,cus_PZ1,ana@example.com,Visa'))
    write('exports/stripe-payments.model.json', '''{
  "ces_model": 1,
  "name": "Stripe payments",
  "data": { "shape": "events", "customer": "Customer Email", "time": "Created (UTC)", "event": "Status",
            "segment": "Card Brand" },
  "window": { "days": 90 },
  "activities": [
    { "name": "Paid", "events": ["Paid"], "measure": "sum", "column": "Amount", "weight": 0.01 },
    { "name": "Failed", "events": ["Failed"], "measure": "count", "weight": -1 },
    { "name": "Refunded", "events": ["Refunded"], "measure": "sum", "column": "Amount Refunded", "weight": -0.01 }
  ],
  "scale": { "method": "raw" }
}
''')
    # Salesforce "Export Details" report: every field quoted, US dates, and the footer
    # lines Salesforce appends after a blank line.
    write('exports/salesforce-report.csv', lines(
        '"Account Name","Contact: Email","Activity Type","Date","Amount","Stage"',
        '"Acme, Inc.","pat@acme.example","Call","3/14/2024","1,500.00","Prospecting"',
        '"Acme, Inc.","pat@acme.example","Meeting","3/15/2024","","Prospecting"',
        '"Globex","kim@globex.example","Email","3/1/2024","250.00","Closed Won"',
        '',
        '""',
        '"Activities with Contacts"',
        '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."',
        '"Confidential Information - Do Not Distribute"',
        '"Generated By:  Jane Doe  3/18/2024 10:15 AM"',
        '"Acme, Inc."', end='\r\n'))
    write('exports/salesforce-report.model.json', '''{
  "ces_model": 1,
  "name": "Salesforce activities report",
  "data": { "shape": "events", "customer": "Contact: Email", "time": "Date", "event": "Activity Type",
            "segment": "Stage" },
  "window": { "days": 30 },
  "activities": [
    { "name": "Touches", "measure": "count", "weight": 1 },
    { "name": "Pipeline", "measure": "sum", "column": "Amount", "weight": 0.001 }
  ],
  "scale": { "method": "raw" }
}
''')


# [SECTION] Big cases, generated at test time (never committed)

def huge(out_dir):
    """Writes the big files check_corpus.py needs into out_dir; returns nothing."""
    def put(name, data):
        with open(os.path.join(out_dir, name), 'wb') as f:
            f.write(data)
    put('huge-field-10mb.csv', (NOTES + '\nc1,"' + 'x' * (10 << 20) + '",1\nc2,ok,2\n').encode())
    put('field-over-64mib.csv', (NOTES + '\nc1,"' + 'y' * ((64 << 20) + 10) + '",1\nc2,ok,2\n').encode())
    wide = ['col%d' % i for i in range(20000)] + ['id', 'note', 'n']
    put('wide-header-20003.csv', (','.join(wide) + '\n' + ','.join(['v'] * 20000 + ['c1', 'a', '1']) + '\n').encode())
    put('wide-header-100001.csv', (','.join('c%d' % i for i in range(100001)) + '\n1\n').encode())
    put('row-with-a-million-fields.csv', (NOTES + '\nc1,a,1' + ',' * 1000000 + '\nc2,b,2\n').encode())
    put('header-line-20mib.csv', ('id,note,n,' + 'h' * (20 << 20) + '\nc1,a,1,x\n').encode())
    put('header-over-64mib.csv', ('id,note,n,' + 'h' * ((64 << 20) + 10) + '\nc1,a,1,x\n').encode())
    head = '"ces_model":1,"data":{"shape":"events","customer":"user_id","time":"timestamp"}'
    put('model-10mb-string.json', ('{' + head + ',"name":"' + 'x' * (10 << 20) + '","activities":[]}').encode())
    put('model-90000-keys.json', ('{' + ','.join('"k%d":1' % i for i in range(90000)) + '}').encode())
    put('model-nested-100000.json', ('{"data":' + '[' * 100000 + ']' * 100000 + '}').encode())
    put('model-activity-name-900k.json', ('{' + head + ',"activities":[{"name":"' + 'n' * 900000 + '","weight":1}]}').encode())
    put('header-with-a-million-columns.csv', (','.join('c%d' % i for i in range(1000000)) + '\nx\n').encode())
    put('row-of-60mib-commas.csv', (NOTES + '\nc1,a,1' + ',' * (60 << 20) + '\nc2,b,2\n').encode())
    put('many-short-rows.csv', (NOTES + '\n' + ''.join('c%d,,%d\n' % (i, i % 7) for i in range(200000))).encode())


def main():
    if len(sys.argv) == 3 and sys.argv[1] == '--huge':
        os.makedirs(sys.argv[2], exist_ok=True)
        huge(sys.argv[2])
        return
    quoting()
    line_endings()
    encodings()
    delimiters()
    ragged()
    numbers_dates()
    exports()


if __name__ == '__main__':
    main()
