#!/usr/bin/env python3
"""Writes the example datasets in examples/<name>/data.csv.

Run from the repository root:  python3 examples/generate.py

Python 3.11 standard library only. Every dataset comes from its own seeded
random.Random, so the output is byte-for-byte the same on every run and a change to
one dataset does not move the others. The models (examples/<name>/model.json) and
READMEs are written by hand; this script only writes the data. After changing it,
run scripts/update-golden and review the diff of every expected.csv.

The data is invented: names, e-mail addresses, streets and phone numbers are made up
from small word lists and do not describe real people.
"""

import csv
import datetime as dt
import io
import math
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
UTC = dt.timezone.utc
MAX_BYTES = 2_000_000

# Shopify writes "Created at" as "2024-03-05 14:22:10 -0500" (a space before the
# offset), which ces reads (docs/score-model.md, "Timestamps"). False writes the
# strict ISO 8601 spelling "2024-03-05 14:22:10-0500" instead: same instants, same scores.
SHOPIFY_SPACE_BEFORE_OFFSET = True


# ----------------------------------------------------------------------------- helpers

def poisson(rng, lam):
    """Knuth's method; fine for the small means used here."""
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def weighted(rng, table):
    """table: list of (value, weight)."""
    values = [v for v, _ in table]
    weights = [w for _, w in table]
    return rng.choices(values, weights=weights)[0]


def csv_text(header, rows, delimiter=",", lineterminator="\n"):
    """rows may contain None: a blank line at that place."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator, quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for row in rows:
        if row is None:
            buf.write(lineterminator)
        else:
            w.writerow(row)
    return buf.getvalue()


def write(name, text, bom=False):
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    if len(data) >= MAX_BYTES:
        sys.exit(f"{name}/data.csv would be {len(data)} bytes; keep it under {MAX_BYTES}")
    path = HERE / name / "data.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    print(f"wrote examples/{name}/data.csv: {len(data)} bytes")


FIRST_NAMES = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Mia", "Lucas",
               "Isabella", "James", "Amelia", "Benjamin", "Harper", "Elijah", "Evelyn", "Logan", "Abigail",
               "Alexander", "Emily", "Daniel", "Ella", "Henry", "Grace", "Jack", "Chloe", "Samuel", "Zoe",
               "David", "Nora", "Owen", "Lily", "Ryan", "Hannah", "Nathan", "Aria", "Caleb", "Layla",
               "Isaac", "Riley", "Aaron", "Maya", "Adam", "Sarah", "Julian", "Leah", "Priya", "Wei",
               "Aisha", "Diego", "Sofia", "Mateo", "Yuki", "Kenji", "Fatima", "Omar", "Ana", "Luis"]
LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
              "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
              "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young",
              "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter",
              "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins",
              "Patel", "Nguyen", "Kim", "Chen", "Singh", "Tanaka", "Okafor", "Rossi", "Novak", "Murphy"]
MAIL_DOMAINS = [("gmail.com", 45), ("yahoo.com", 10), ("outlook.com", 10), ("hotmail.com", 7),
                ("icloud.com", 9), ("aol.com", 2), ("proton.me", 3), ("comcast.net", 3), ("me.com", 2)]


def make_email(rng, first, last, taken, domains=MAIL_DOMAINS):
    f, l = first.lower(), last.lower()
    while True:
        form = rng.randrange(5)
        if form == 0:
            local = f"{f}.{l}"
        elif form == 1:
            local = f"{f[0]}{l}"
        elif form == 2:
            local = f"{f}{l}{rng.randrange(1, 99)}"
        elif form == 3:
            local = f"{f}_{l}"
        else:
            local = f"{f}{rng.randrange(70, 100)}"
        email = f"{local}@{weighted(rng, domains)}"
        if email not in taken:
            taken.add(email)
            return email


# ------------------------------------------------------------------------ saas-events

SAAS_START = dt.datetime(2024, 1, 1, tzinfo=UTC)
SAAS_END = dt.datetime(2025, 1, 1, tzinfo=UTC)  # exclusive: the log runs to 2024-12-31, a year for history
FEATURES = ["Dashboards", "Reports", "CSV export", "API", "Integrations", "Alerts", "Automations",
            "Templates", "Comments", "Custom fields", "Audit log", "SSO", "Import (CSV, XLSX)"]
PAGES = [("/dashboard", 30), ("/projects", 20), ("/reports", 12), ("/settings", 6), ("/team", 4),
         ("/integrations", 4), ("/billing", 2), ("/docs", 5), ("/search", 6)]
TICKET_TOPICS = ["bug", "billing", "how-to", "bug", "performance", "access"]
PLANS = ["free", "starter", "pro", "enterprise"]
# Local clock hour at which a session starts (office hours, a little evening use).
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 14, 16, 16, 14, 10, 13, 15, 14, 12, 9, 6, 5, 4, 3, 2, 1]
# Offsets of the users whose SDK reports local time instead of UTC.
OFFSETS = [(-8 * 60, 3), (-7 * 60, 2), (-5 * 60, 4), (-4 * 60, 3), (60, 4), (2 * 60, 3), (330, 2), (9 * 60, 1),
           (10 * 60, 1)]


def iso_z(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (t.microsecond // 1000)


def iso_offset(t, minutes):
    local = (t + dt.timedelta(minutes=minutes)).replace(tzinfo=None)
    sign = "+" if minutes >= 0 else "-"
    m = abs(minutes)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{m // 60:02d}:{m % 60:02d}"


def saas_events():
    rng = random.Random(20240630)
    n_days = (SAAS_END - SAAS_START).days
    events = []  # (utc instant, user_id, event, value, plan, offset minutes or None)
    taken = set()
    for _ in range(640):
        while True:
            uid = "usr_%06x" % rng.randrange(16 ** 6)
            if uid not in taken:
                taken.add(uid)
                break
        plan = weighted(rng, [("free", 50), ("starter", 25), ("pro", 18), ("enterprise", 7)])
        level = rng.lognormvariate(0, 1.1) * {"free": 0.6, "starter": 1.0, "pro": 1.4, "enterprise": 1.8}[plan]
        first = 0 if rng.random() < 0.4 else rng.randrange(0, n_days - 3)
        last = n_days - 1
        # Customers who go quiet: "churned" stop at a day spread over the year (a third
        # of them in the last four months, so the recent history has its losses) after
        # a few weeks of fading use and more tickets; "fading" slow down and never stop.
        kind = weighted(rng, [("active", 62), ("churned", 26), ("fading", 12)])
        if kind == "churned" and first < n_days - 45:
            last = rng.randint(first + 20, n_days - 8) if first + 20 < n_days - 8 else n_days - 8
        elif kind == "churned":
            kind = "active"
        quiet_from = last - rng.randint(14, 45) if kind == "churned" else None
        frustrated = rng.random() < 0.06
        offset = None if rng.random() < 0.7 else weighted(rng, OFFSETS)
        known = rng.sample(FEATURES, max(1, min(len(FEATURES), int(1 + 1.5 * level + 3 * rng.random()))))
        # Plans change over time: upgrades for growing accounts, downgrades for the ones
        # that use less (more often among those going quiet). Each change is a
        # plan_changed event, and the plan cell of later rows follows it.
        changes = []  # (day, new plan), ascending
        cur = plan
        d0 = first
        for _ in range(2):
            if last - d0 < 30:
                break
            up = rng.random() < (0.02 if kind == "churned" else 0.14)
            down = not up and rng.random() < (0.25 if kind != "active" else 0.06)
            if up and cur != "enterprise":
                d0 = rng.randint(d0 + 14, last)
                cur = PLANS[PLANS.index(cur) + 1]
                changes.append((d0, cur))
            elif down and cur != "free":
                d0 = rng.randint(max(d0 + 14, (quiet_from or d0 + 14) - 20), last) if quiet_from else \
                    rng.randint(d0 + 14, last)
                cur = PLANS[PLANS.index(cur) - 1]
                changes.append((d0, cur))
        for d in range(first, last + 1):
            day = SAAS_START + dt.timedelta(days=d)
            rate = 0.035 * level
            if kind == "fading":
                rate *= 1 - 0.85 * (d - first) / max(1, last - first)
            if quiet_from is not None and d >= quiet_from:
                rate *= 0.3
            if day.weekday() >= 5:
                rate *= 0.35
            current = plan
            for change_day, to in changes:
                if d >= change_day:
                    current = to
            if d == first and first > 0:
                t = day + dt.timedelta(hours=weighted(rng, list(zip(range(24), HOUR_WEIGHTS))),
                                       seconds=rng.randrange(3600), milliseconds=rng.randrange(1000))
                events.append((t - dt.timedelta(minutes=offset or 0), uid, "signup", "", plan, offset))
            for change_day, to in changes:
                if change_day == d:
                    t = day + dt.timedelta(hours=rng.randint(8, 18), minutes=rng.randrange(60))
                    events.append((t, uid, "plan_changed", to, to, offset))
            for _ in range(poisson(rng, rate)):
                local_start = day + dt.timedelta(hours=weighted(rng, list(zip(range(24), HOUR_WEIGHTS))),
                                                 seconds=rng.randrange(3600), milliseconds=rng.randrange(1000))
                start = local_start - dt.timedelta(minutes=offset or 0)
                minutes = min(240.0, rng.lognormvariate(math.log(9), 0.8) * (0.8 + 0.1 * min(level, 5)))
                end = start + dt.timedelta(minutes=minutes)
                if start < SAAS_START or end >= SAAS_END:
                    continue

                def at():
                    return start + dt.timedelta(seconds=rng.uniform(1, minutes * 60 - 1))

                session = []
                if rng.random() < 0.55:
                    session.append((start, "login", ""))
                for _ in range(1 + int(rng.expovariate(1 / 1.2))):
                    session.append((at(), "page_view", weighted(rng, PAGES)))
                for _ in range(poisson(rng, 0.3 + 0.25 * min(level, 6))):
                    session.append((at(), "feature_used", rng.choice(known)))
                p_ticket = 0.012
                if frustrated:
                    p_ticket = 0.08
                if quiet_from is not None and d >= quiet_from - 10:
                    p_ticket = 0.12
                if rng.random() < p_ticket:
                    session.append((at(), "support_ticket", rng.choice(TICKET_TOPICS)))
                if current != "free" and rng.random() < 0.03:
                    session.append((at(), "invite_sent", str(rng.choice([1, 1, 1, 2, 3, 5]))))
                # Sessions closed by the browser are not measured: the minutes cell is empty.
                session.append((end, "session_end", "" if rng.random() < 0.04 else "%.1f" % minutes))
                for t, ev, value in session:
                    # Rows sent by the help-desk integration carry no plan; a few tracking
                    # calls lose it too.
                    p = "" if ev == "support_ticket" or rng.random() < 0.015 else current
                    events.append((t, uid, ev, value, p, offset))
    events.sort(key=lambda e: (e[0], e[1]))

    rows = []
    for t, uid, ev, value, p, offset in events:
        stamp = iso_z(t) if offset is None else iso_offset(t, offset)
        rows.append([uid, stamp, ev, value, p])

    # Real-world mess, placed away from the last day so the as-of date is unaffected:
    # a measurement bug wrote "NaN" minutes (row error), two page views from visitors
    # who never signed in have no user id (row errors), and the export has a blank line.
    n = len(rows)
    i = next(k for k in range(n // 3, n) if rows[k][2] == "session_end" and rows[k][3])
    rows[i][3] = "NaN"
    for k in (n // 5, (3 * n) // 5):
        rows.insert(k, ["", rows[k][1], "page_view", "/pricing", ""])
    rows.insert(n // 2, None)
    write("saas-events", csv_text(["user_id", "timestamp", "event", "value", "plan"], rows))


# ---------------------------------------------------------------------- shopify-orders

SHOPIFY_COLUMNS = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing",
    "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method",
    "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price",
    "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status",
    "Billing Name", "Billing Street", "Billing Address1", "Billing Address2", "Billing Company", "Billing City",
    "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street",
    "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip",
    "Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes", "Cancelled at",
    "Payment Method", "Payment Reference", "Refunded Amount", "Vendor", "Id", "Tags", "Risk Level", "Source",
    "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Tax 2 Name", "Tax 2 Value", "Tax 3 Name",
    "Tax 3 Value", "Tax 4 Name", "Tax 4 Value", "Tax 5 Name", "Tax 5 Value", "Phone", "Receipt Number",
    "Duties", "Billing Province Name", "Shipping Province Name", "Payment ID", "Payment Terms Name",
    "Next Payment Due At", "Payment References"]
# (name, sku, price, compare-at price, requires shipping, weight)
PRODUCTS = [
    ("House Blend - 12 oz / Whole Bean", "HB-12-WB", 16.00, "", True, 30),
    ("House Blend - 12 oz / Ground", "HB-12-GR", 16.00, "", True, 14),
    ("Espresso Blend - 12 oz / Whole Bean", "EB-12-WB", 17.50, "", True, 18),
    ("Ethiopia Yirgacheffe - 12 oz / Whole Bean", "ET-12-WB", 19.50, "", True, 12),
    ("Colombia Huila - 2 lb / Whole Bean", "CO-32-WB", 42.00, "48.00", True, 7),
    ("Decaf Swiss Water - 12 oz / Ground", "DC-12-GR", 17.00, "", True, 6),
    ("Cold Brew Concentrate, 32 oz", "CB-32", 24.00, "", True, 6),
    ("Ceramic Pour-Over Dripper - White", "PO-CER-W", 28.00, "", True, 3),
    ("Paper Filters (100 pack)", "FLT-100", 7.50, "", True, 8),
    ('Burr Grinder "Pro" 40mm', "GR-PRO-40", 149.00, "179.00", True, 1.5),
    ("Travel Mug - 16 oz / Black", "MUG-16-BLK", 26.00, "", True, 3),
    ("Gift Card - $50", "", 50.00, "", False, 2),
    ("Coffee Subscription - Monthly / 2 bags", "SUB-M-2", 34.00, "", True, 0),
]
US_PLACES = [("New York", "NY", "New York", "100", 0.08875), ("Brooklyn", "NY", "New York", "112", 0.08875),
             ("Boston", "MA", "Massachusetts", "021", 0.0625), ("Chicago", "IL", "Illinois", "606", 0.1025),
             ("Austin", "TX", "Texas", "787", 0.0825), ("Seattle", "WA", "Washington", "981", 0.1025),
             ("Portland", "OR", "Oregon", "972", 0.0), ("Denver", "CO", "Colorado", "802", 0.0881),
             ("San Francisco", "CA", "California", "941", 0.08625), ("Los Angeles", "CA", "California", "900", 0.095),
             ("Atlanta", "GA", "Georgia", "303", 0.089), ("Philadelphia", "PA", "Pennsylvania", "191", 0.08),
             ("Minneapolis", "MN", "Minnesota", "554", 0.08025), ("Asheville", "NC", "North Carolina", "288", 0.07)]
INTL_PLACES = [("Toronto", "ON", "Ontario", "CA", "M5V 2T6"), ("Vancouver", "BC", "British Columbia", "CA", "V6B 1A1"),
               ("London", "", "", "GB", "SW1A 1AA"), ("Manchester", "", "", "GB", "M1 1AE"),
               ("Sydney", "NSW", "New South Wales", "AU", "2000"), ("Berlin", "", "", "DE", "10115")]
STREETS = ["Maple St", "Oak Ave", "Pine Rd", "Cedar Ln", "Elm St", "Washington Ave", "Lake Shore Dr", "Park Pl",
           "Highland Ave", "Main St", "Church St", "River Rd", "Sunset Blvd", "Broadway", "Hillcrest Dr"]
SHOP_START = dt.datetime(2023, 7, 1, 4, 0, tzinfo=UTC)  # midnight in New York
SHOP_END = dt.datetime(2024, 7, 1, 0, 0, tzinfo=UTC)  # exclusive


def new_york_offset(t):
    """Minutes east of UTC in America/New_York (US rules since 2007)."""
    def second_sunday_of_march(y):
        d = dt.date(y, 3, 8)
        return d + dt.timedelta(days=(6 - d.weekday()) % 7)

    def first_sunday_of_november(y):
        d = dt.date(y, 11, 1)
        return d + dt.timedelta(days=(6 - d.weekday()) % 7)

    y = t.year
    dst_start = dt.datetime.combine(second_sunday_of_march(y), dt.time(7), UTC)  # 02:00 EST
    dst_end = dt.datetime.combine(first_sunday_of_november(y), dt.time(6), UTC)  # 02:00 EDT
    return -240 if dst_start <= t < dst_end else -300


def shopify_time(t):
    off = new_york_offset(t)
    local = (t + dt.timedelta(minutes=off)).replace(tzinfo=None)
    sep = " " if SHOPIFY_SPACE_BEFORE_OFFSET else ""
    return local.strftime("%Y-%m-%d %H:%M:%S") + sep + f"-{-off // 60:02d}00"


def money(x):
    return "%.2f" % (round(x + 1e-9, 2))


def shopify_orders():
    rng = random.Random(1001)
    span = (SHOP_END - SHOP_START).total_seconds()
    taken = set()
    customers = []
    for _ in range(800):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = make_email(rng, first, last, taken)
        if rng.random() < 0.88:
            city, prov, prov_name, zip3, tax = rng.choice(US_PLACES)
            place = (city, prov, prov_name, "US", "'" + zip3 + "%02d" % rng.randrange(100), tax)
        else:
            city, prov, prov_name, country, zipc = rng.choice(INTL_PLACES)
            place = (city, prov, prov_name, country, zipc, 0.0)
        street = f"{rng.randrange(1, 9999)} {rng.choice(STREETS)}"
        apt = f"Apt {rng.randrange(1, 40)}" if rng.random() < 0.25 else ""
        phone = "+1%03d555%04d" % (rng.randrange(201, 989), rng.randrange(10000)) if rng.random() < 0.4 else ""
        subscriber = rng.random() < 0.07
        n_orders = 1 if rng.random() < 0.5 else min(30, int(rng.paretovariate(1.3)) + 1)
        gap_days = rng.uniform(20, 35) if subscriber else rng.uniform(25, 110)
        t = SHOP_START + dt.timedelta(seconds=rng.uniform(0, span))
        times = []
        for _ in range(n_orders):
            if t >= SHOP_END:
                break
            times.append(t)
            # Some customers simply stop buying.
            if rng.random() < 0.12:
                break
            t += dt.timedelta(days=rng.expovariate(1 / gap_days), seconds=rng.uniform(0, 86400))
        customers.append(dict(first=first, last=last, email=email, place=place, street=street, apt=apt,
                              phone=phone, subscriber=subscriber, times=times,
                              marketing="yes" if rng.random() < 0.6 else "no"))
    orders = [(t, c) for c in customers for t in c["times"]]
    # Two point-of-sale orders at a pop-up market, with no e-mail on file: row errors.
    pos_times = [dt.datetime(2024, 5, 18, 15, 12, 40, tzinfo=UTC), dt.datetime(2024, 5, 18, 16, 3, 5, tzinfo=UTC)]
    orders += [(t, None) for t in pos_times]
    orders.sort(key=lambda o: o[0])

    products = [p for p in PRODUCTS if p[5] > 0]
    records = []  # (created, rows)
    for number, (t, c) in enumerate(orders, start=1001):
        order_id = 5500000000000 + number * 7919 + rng.randrange(1000)
        age_days = (SHOP_END - t).total_seconds() / 86400
        if c is None:
            items = [(1, PRODUCTS[rng.randrange(3)])]
        elif c["subscriber"] and rng.random() < 0.8:
            items = [(1, PRODUCTS[-1])]
            if rng.random() < 0.2:
                items.append((1, PRODUCTS[8]))
        else:
            k = weighted(rng, [(1, 52), (2, 26), (3, 13), (4, 5), (5, 3), (6, 1)])
            picked = []
            while len(picked) < k:
                p = weighted(rng, [(p, p[5]) for p in products])
                if p not in picked:
                    picked.append(p)
            items = [(weighted(rng, [(1, 80), (2, 14), (3, 4), (4, 2)]), p) for p in picked]
        gross = sum(q * p[2] for q, p in items)
        code, discount = "", 0.0
        if c is not None and t == c["times"][0] and rng.random() < 0.3:
            code, discount = "WELCOME10", round(gross * 0.10, 2)
        elif c is not None and dt.datetime(2024, 3, 20, tzinfo=UTC) <= t < dt.datetime(2024, 4, 3, tzinfo=UTC) \
                and rng.random() < 0.5:
            code, discount = "SPRING15", round(gross * 0.15, 2)
        subtotal = gross - discount
        domestic = c is None or c["place"][3] == "US"
        ships = any(p[4] for _, p in items)
        if not ships or c is None:
            shipping, method = 0.0, "" if c is None else "Digital delivery"
        elif domestic and subtotal >= 50:
            shipping, method = 0.0, "Free Shipping"
        elif domestic:
            shipping, method = (6.95, "Standard Shipping") if rng.random() < 0.85 else (14.95, "Express")
        else:
            shipping, method = 14.95, "International Shipping"
        tax_rate = 0.08875 if c is None else c["place"][5]
        taxable = sum(q * p[2] for q, p in items if p[4]) * (subtotal / gross)
        taxes = round(taxable * tax_rate, 2)
        total = subtotal + shipping + taxes

        status = "paid"
        if c is not None:
            status = weighted(rng, [("paid", 93), ("partially_refunded", 2), ("refunded", 3), ("voided", 2)])
            if age_days < 3 and rng.random() < 0.3:
                status = "pending"
        paid_at = "" if status in ("pending", "voided") else shopify_time(t + dt.timedelta(seconds=rng.randint(2, 40)))
        refunded = 0.0
        if status == "refunded":
            refunded = total
        elif status == "partially_refunded":
            refunded = round(min(total, items[0][1][2] * (1 + tax_rate)), 2)
        if c is None:
            fulfillment, fulfilled_at = "fulfilled", shopify_time(t + dt.timedelta(seconds=30))
        elif status in ("voided", "refunded", "pending"):
            fulfillment, fulfilled_at = "unfulfilled", ""
        elif age_days < 2.5:
            fulfillment, fulfilled_at = "unfulfilled", ""
        else:
            fulfillment = "fulfilled"
            fulfilled_at = shopify_time(t + dt.timedelta(hours=rng.uniform(18, 70)))
        cancelled_at = shopify_time(t + dt.timedelta(hours=rng.uniform(1, 30))) if status == "voided" else ""
        method_pay = weighted(rng, [("Shopify Payments", 70), ("PayPal Express Checkout", 18), ("Shop Pay", 12)])
        if c is None:
            method_pay = "Shopify POS"
        pay_ref = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                          for _ in range(25))
        note = ""
        if c is not None and rng.random() < 0.012:
            note = rng.choice(["Please leave at the side door, the front one sticks.",
                               "It's a gift, please don't include the receipt.\nThank you!",
                               "Grind for a Moka pot if possible"])
        rows = []
        for idx, (q, p) in enumerate(items):
            row = dict.fromkeys(SHOPIFY_COLUMNS, "")
            row.update({"Name": f"#{number}", "Email": "" if c is None else c["email"],
                        "Created at": shopify_time(t), "Lineitem quantity": str(q), "Lineitem name": p[0],
                        "Lineitem price": money(p[2]), "Lineitem compare at price": p[3], "Lineitem sku": p[1],
                        "Lineitem requires shipping": "true" if p[4] else "false",
                        "Lineitem taxable": "true" if p[4] else "false",
                        "Lineitem fulfillment status": "fulfilled" if fulfillment == "fulfilled" else "pending",
                        "Vendor": "Northwind Roasters" if p[1][:2] not in ("PO", "GR") else "Brewline Supply Co.",
                        "Lineitem discount": "0.00"})
            if idx == 0:
                # Order-level fields are written on the first line item only.
                row.update({"Financial Status": status, "Paid at": paid_at, "Fulfillment Status": fulfillment,
                            "Fulfilled at": fulfilled_at, "Currency": "USD", "Subtotal": money(subtotal),
                            "Shipping": money(shipping), "Taxes": money(taxes), "Total": money(total),
                            "Discount Code": code, "Discount Amount": money(discount), "Shipping Method": method,
                            "Notes": note, "Cancelled at": cancelled_at, "Payment Method": method_pay,
                            "Payment Reference": pay_ref, "Refunded Amount": money(refunded), "Id": str(order_id),
                            "Risk Level": "Low", "Source": "pos" if c is None else "web",
                            "Payment ID": pay_ref, "Payment References": pay_ref})
                if c is not None:
                    city, prov, prov_name, country, zipc, _ = c["place"]
                    full = f"{c['first']} {c['last']}"
                    street = c["street"] + (", " + c["apt"] if c["apt"] else "")
                    row.update({"Accepts Marketing": c["marketing"]})
                    for side in ("Billing", "Shipping"):
                        row.update({f"{side} Name": full, f"{side} Street": street, f"{side} Address1": c["street"],
                                    f"{side} Address2": c["apt"], f"{side} City": city, f"{side} Zip": zipc,
                                    f"{side} Province": prov, f"{side} Country": country,
                                    f"{side} Phone": c["phone"], f"{side} Province Name": prov_name})
                    row["Phone"] = c["phone"]
                else:
                    row["Accepts Marketing"] = "no"
                if taxes > 0:
                    state = "NY" if c is None else c["place"][1]
                    row.update({"Tax 1 Name": f"{state} State Tax {tax_rate * 100:.3g}%", "Tax 1 Value": money(taxes)})
            rows.append([row[k] for k in SHOPIFY_COLUMNS])
        records.append((t, rows))
    # Shopify exports the newest order first.
    records.sort(key=lambda r: r[0], reverse=True)
    out = [row for _, rows in records for row in rows]
    write("shopify-orders", csv_text(SHOPIFY_COLUMNS, out))


# --------------------------------------------------------------------- hubspot-contacts

EU_PEOPLE = [  # (first names, last names, mail domains, country, cities)
    (["Jürgen", "Lukas", "Anna", "Sophie", "Maximilian", "Lena", "Felix", "Marie", "Jonas", "Hannah"],
     ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Schäfer", "Becker", "Hoffmann", "Krüger", "Wagner"],
     ["gmx.de", "web.de", "t-online.de"], "Germany", ["Berlin", "München", "Hamburg", "Köln", "Düsseldorf"]),
    (["Hélène", "Léa", "Chloé", "Louis", "Théo", "Camille", "Élodie", "Hugo", "Manon", "Jérôme"],
     ["Dupré", "Lefèvre", "Martin", "Bernard", "Moreau", "Girard", "Rousseau", "Lemaître", "Faure", "Mercier"],
     ["orange.fr", "free.fr", "laposte.net"], "France", ["Paris", "Lyon", "Marseille", "Toulouse", "Nantes"]),
    (["Søren", "Bjørn", "Mette", "Freja", "Rasmus", "Ingrid", "Mikkel", "Astrid", "Jørgen", "Sigrid"],
     ["Jørgensen", "Nielsen", "Hansen", "Pedersen", "Sørensen", "Larsen", "Christensen", "Østergaard", "Berg",
      "Dahl"],
     ["live.dk", "outlook.dk", "online.no"], "Denmark", ["København", "Aarhus", "Odense", "Aalborg"]),
    (["José", "María", "Lucía", "Javier", "Sofía", "Álvaro", "Carmen", "Pablo", "Inés", "Andrés"],
     ["García", "Núñez", "Fernández", "López", "Martínez", "Sánchez", "Gómez", "Ruiz", "Jiménez", "Díaz"],
     ["telefonica.net", "yahoo.es", "gmail.com"], "Spain", ["Madrid", "Barcelona", "Valencia", "Sevilla"]),
    (["Lars", "Eva", "Pieter", "Sanne", "Daan", "Femke", "Bram", "Lotte"],
     ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer"],
     ["ziggo.nl", "kpnmail.nl", "gmail.com"], "Netherlands", ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"]),
    (["Oliver", "Amelia", "Harry", "Isla", "George", "Emily", "Jack", "Poppy"],
     ["Taylor", "Davies", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes"],
     ["btinternet.com", "gmail.com", "outlook.com"], "United Kingdom", ["London", "Leeds", "Bristol", "Glasgow"]),
]
ASCII_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "ê": "e", "ë": "e",
                            "à": "a", "â": "a", "ç": "c", "î": "i", "ï": "i", "ô": "o", "û": "u", "ù": "u",
                            "ø": "oe", "å": "aa", "æ": "ae", "á": "a", "í": "i", "ó": "o", "ú": "u", "ñ": "n",
                            "É": "E", "Ø": "O", "Á": "A", "Ö": "Oe", "Ü": "Ue", "Ä": "Ae", " ": ""})
COMPANY_WORDS = ["Nordlicht", "Atelier", "Bureau", "Kontor", "Studio", "Systems", "Logistik", "Solutions", "Digital",
                 "Partners", "Consulting", "Werk", "Labs", "Trading", "Holding", "Media"]
COMPANY_FORMS = {"Germany": "GmbH", "France": "SAS", "Denmark": "ApS", "Spain": "S.L.", "Netherlands": "B.V.",
                 "United Kingdom": "Ltd"}
JOB_TITLES = ["Marketing Manager", "Head of Operations", "CEO", "Office Manager", "Procurement Lead",
              "Sales Director", "IT Administrator", "Founder", "Head of Finance", "Project Manager", ""]
STAGES = [("Subscriber", 22), ("Lead", 30), ("Marketing Qualified Lead", 15), ("Sales Qualified Lead", 8),
          ("Opportunity", 7), ("Customer", 15), ("Evangelist", 2), ("Other", 1)]
STAGE_LEVEL = {"Subscriber": 0.4, "Lead": 0.7, "Marketing Qualified Lead": 1.2, "Sales Qualified Lead": 1.6,
               "Opportunity": 2.0, "Customer": 1.6, "Evangelist": 2.6, "Other": 0.3}
LEAD_STATUS = {"Subscriber": ["", "NEW"], "Lead": ["NEW", "OPEN", "ATTEMPTED_TO_CONTACT"],
               "Marketing Qualified Lead": ["OPEN", "ATTEMPTED_TO_CONTACT", "CONNECTED"],
               "Sales Qualified Lead": ["CONNECTED", "OPEN_DEAL"], "Opportunity": ["OPEN_DEAL", "IN_PROGRESS"],
               "Customer": ["CONNECTED", ""], "Evangelist": [""], "Other": ["UNQUALIFIED", "BAD_TIMING"]}
OWNERS = ["Katrin Vogel", "Marc Lefort", "Nina Holm", "Pablo Ortega", ""]
HUBSPOT_COLUMNS = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name", "Job Title",
                   "Lifecycle Stage", "Lead Status", "Contact owner", "Create Date", "Last Activity Date",
                   "Number of Sessions", "Number of Pageviews", "Number of Form Submissions",
                   "Marketing emails delivered", "Marketing emails opened", "Marketing emails clicked",
                   "Recent Deal Amount", "Total Revenue", "Days To Close", "Country/Region", "City"]


def decimal_comma(x, places=2):
    return (f"%.{places}f" % x).replace(".", ",")


def hubspot_contacts():
    rng = random.Random(4242)
    taken = set()
    export_day = dt.datetime(2024, 6, 28, 17, 0)
    rows = []
    record_id = 51200
    for _ in range(1600):
        firsts, lasts, domains, country, cities = weighted(rng, [(p, w) for p, w in
                                                                 zip(EU_PEOPLE, [30, 20, 10, 12, 12, 16])])
        first, last = rng.choice(firsts), rng.choice(lasts)
        company = ""
        if rng.random() < 0.7:
            company = " ".join(rng.sample(COMPANY_WORDS, 2)) + " " + COMPANY_FORMS[country]
            domain = company.split()[0].lower() + "-" + company.split()[1].lower() + "." + \
                {"Germany": "de", "France": "fr", "Denmark": "dk", "Spain": "es", "Netherlands": "nl",
                 "United Kingdom": "co.uk"}[country]
            doms = [(domain, 1)]
        else:
            doms = [(d, 1) for d in domains]
        email = make_email(rng, first.translate(ASCII_FOLD), last.translate(ASCII_FOLD), taken, doms)
        stage = weighted(rng, STAGES)
        level = STAGE_LEVEL[stage] * rng.lognormvariate(0, 0.8)
        created = export_day - dt.timedelta(days=rng.uniform(3, 900), minutes=rng.randrange(1440))
        months = max(0.1, (export_day - created).days / 30)
        sessions = poisson(rng, min(200, level * 2.5 * min(months, 12) ** 0.6))
        pageviews = sessions + sum(int(rng.expovariate(1 / 2.2)) for _ in range(sessions))
        forms = poisson(rng, min(12.0, 0.25 * level * (1 + sessions ** 0.5)))
        delivered = int(min(months, 18) * rng.uniform(1.5, 4)) if stage != "Other" else rng.randrange(3)
        open_rate = min(0.95, rng.betavariate(2, 5) * (0.6 + 0.4 * level))
        opened = sum(rng.random() < open_rate for _ in range(delivered))
        clicked = sum(rng.random() < 0.25 * min(level, 2) for _ in range(opened))
        deal = days_to_close = revenue = ""
        if stage in ("Opportunity", "Customer", "Evangelist") or (stage == "Sales Qualified Lead" and rng.random() < .4):
            amount = round(rng.lognormvariate(math.log(6000), 0.9), -1) + rng.choice([0, 0, 0, 0.5])
            deal = decimal_comma(amount)
            if stage in ("Customer", "Evangelist"):
                revenue = decimal_comma(amount * rng.uniform(1, 3.5))
                days_to_close = str(rng.randint(5, 160)) if rng.random() < 0.8 else decimal_comma(
                    rng.uniform(5, 160), 1)
        last_activity = ""
        if sessions or opened:
            last_activity = (export_day - dt.timedelta(days=rng.expovariate(1 / (40 / level)) % 400)).strftime(
                "%d.%m.%Y %H:%M")
        phone = ""
        if rng.random() < 0.45:
            phone = {"Germany": "+49 30 ", "France": "+33 1 ", "Denmark": "+45 ", "Spain": "+34 91 ",
                     "Netherlands": "+31 20 ", "United Kingdom": "+44 20 "}[country] + \
                "%04d %04d" % (rng.randrange(10000), rng.randrange(10000))
        record_id += rng.randint(1, 400)
        rows.append([str(record_id), first, last, email, phone, company, rng.choice(JOB_TITLES), stage,
                     rng.choice(LEAD_STATUS[stage]), rng.choice(OWNERS), created.strftime("%d.%m.%Y %H:%M"),
                     last_activity, str(sessions), str(pageviews), str(forms), str(delivered), str(opened),
                     str(clicked), deal, revenue, days_to_close, country, rng.choice(cities)])

    # Mess found in real CRM exports:
    # - the same person imported twice from a trade-fair list (same e-mail, second row a
    #   new record with its own counts; one copy even has a trailing space) -> merged;
    for src, tweak in ((rows[37], ""), (rows[410], " "), (rows[1203], "")):
        dup = list(src)
        record_id += rng.randint(1, 400)
        dup[0] = str(record_id)
        dup[3] = src[3] + tweak
        dup[7], dup[8] = "Lead", "NEW"
        dup[10] = (export_day - dt.timedelta(days=rng.uniform(15, 25))).strftime("%d.%m.%Y %H:%M")
        dup[11] = (export_day - dt.timedelta(days=rng.uniform(1, 12))).strftime("%d.%m.%Y %H:%M")
        dup[12:18] = ["1", "2", "1", "2", "1", "0"]
        dup[18:21] = ["", "", ""]
        rows.append(dup)
    # - a contact created from a phone call, with no e-mail address -> row error;
    rows[222][3] = ""
    # - a deal amount typed by hand with a thousands dot ("12.500,00") -> row error;
    k = next(i for i in range(700, len(rows)) if rows[i][18])
    amount = rows[k][18].split(",")[0]
    rows[k][18] = amount[:-3] + "." + amount[-3:] + ",00"
    # - a job title that holds the delimiter, so Excel quoted it;
    rows[15][6] = "Founder; Managing Director"
    # - contacts imported from lists and never seen by the tracking code (no cookie
    #   consent, a blocked script): HubSpot leaves their web analytics empty, not 0.
    #   A separate generator, so every other cell stays as it was.
    untracked = random.Random(4243)
    for row in rows[:1600]:
        if untracked.random() < 0.11:
            row[12] = row[13] = ""
    write("hubspot-contacts", csv_text(HUBSPOT_COLUMNS, rows, delimiter=";", lineterminator="\r\n"), bom=True)


# ----------------------------------------------------------------- mailchimp-engagement

MC_START = dt.datetime(2024, 1, 4, 9, 0, tzinfo=UTC)


def mailchimp_engagement():
    rng = random.Random(777)
    campaigns = []  # (title, send time)
    for week in range(26):
        campaigns.append((f"Weekly Digest #{week + 41}", MC_START + dt.timedelta(weeks=week)))
    for title, when in (("New Year, New Tools", dt.datetime(2024, 1, 16, 14, 0)),
                        ("Webinar invite: Automations 101", dt.datetime(2024, 2, 13, 15, 0)),
                        ("Spring Sale, 20% off everything", dt.datetime(2024, 3, 19, 13, 0)),
                        ("Last chance: Spring Sale ends tonight", dt.datetime(2024, 3, 31, 16, 0)),
                        ("Product update: the new dashboard", dt.datetime(2024, 5, 7, 14, 30)),
                        ("We'd love your feedback (2 minutes)", dt.datetime(2024, 6, 11, 10, 0))):
        campaigns.append((title, when.replace(tzinfo=UTC)))
    campaigns.sort(key=lambda c: c[1])
    urls = ["https://example-app.com/blog", "https://example-app.com/pricing", "https://example-app.com/webinar",
            "https://example-app.com/changelog", "https://example-app.com/sale?utm_source=mailchimp&utm_medium=email",
            "https://example-app.com/survey"]
    taken = set()
    events = []
    for _ in range(1500):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = make_email(rng, first, last, taken)
        if rng.random() < 0.08:
            first = last = ""  # signed up with an e-mail address only
        interest = rng.betavariate(1.2, 3.5)
        machine_opens = rng.random() < 0.12  # Apple Mail privacy protection opens everything
        joined = MC_START - dt.timedelta(days=1) if rng.random() < 0.7 else \
            MC_START + dt.timedelta(days=rng.uniform(0, 170))
        decay = rng.random() < 0.25
        unsub_at = rng.randrange(len(campaigns)) if rng.random() < 0.07 else None
        hard_bounce_at = rng.randrange(len(campaigns)) if rng.random() < 0.025 else None
        member = [email, first, last, ""]  # the rating is filled in below
        received = [c for c in campaigns if c[1] >= joined]
        first_event = len(events)
        opened_campaigns, clicks, gone = set(), 0, False
        for n, (title, sent) in enumerate(received):
            p_open = interest * (1 - 0.8 * n / max(1, len(received))) if decay else interest
            if "Sale" in title or "Webinar" in title:
                p_open *= 1.2
            if hard_bounce_at is not None and campaigns.index((title, sent)) >= hard_bounce_at:
                events.append((sent + dt.timedelta(seconds=rng.randint(20, 300)), member, title, "bounce", ""))
                gone = True
                break
            if rng.random() < 0.003:  # soft bounce: mailbox full, next send goes through
                events.append((sent + dt.timedelta(seconds=rng.randint(20, 900)), member, title, "bounce", ""))
                continue
            opened = machine_opens or rng.random() < p_open
            if opened:
                first_open = sent + dt.timedelta(minutes=rng.uniform(0.5, 8) if machine_opens else
                                                 rng.expovariate(1 / 600))
                events.append((first_open, member, title, "open", ""))
                opened_campaigns.add(title)
                for _ in range(int(rng.expovariate(1 / 0.4))):  # re-opens
                    events.append((first_open + dt.timedelta(minutes=rng.expovariate(1 / 900)), member, title, "open",
                                   ""))
                if rng.random() < interest * 0.6:
                    url = urls[4] if "Sale" in title else rng.choice(urls)
                    for _ in range(1 + int(rng.expovariate(1 / 0.3))):
                        clicks += 1
                        events.append((first_open + dt.timedelta(minutes=rng.uniform(0.2, 30)), member, title, "click",
                                       url))
            if unsub_at is not None and campaigns.index((title, sent)) >= unsub_at:
                events.append((sent + dt.timedelta(minutes=rng.uniform(5, 2000)), member, title, "unsubscribe", ""))
                gone = True
                break
        # Mailchimp's 1-5 star member rating, from the activity it saw (the export shows
        # the current rating on every row); people who left get one star.
        open_share = len(opened_campaigns) / max(1, len(received))
        rating = 1 if gone else 1 + round(4 * min(1.0, 0.7 * open_share + 0.3 * min(1.0, clicks / 6)))
        member[3] = str(rating)
        del first_event
    last_moment = dt.datetime(2024, 6, 30, 23, 59, tzinfo=UTC)
    events = [e for e in events if e[0] <= last_moment]
    events.sort(key=lambda e: (e[0], e[1][0]))
    rows = []
    for t, (email, first, last, rating), title, action, url in events:
        rows.append([email, first, last, title, action, t.strftime("%Y-%m-%d %H:%M:%S"), url, rating])
    # Members deleted for GDPR reasons keep their activity but lose their address: row
    # errors. Plus a blank line where two exports were pasted together.
    for k in (len(rows) // 4, (2 * len(rows)) // 3):
        rows[k][0] = rows[k][1] = rows[k][2] = rows[k][7] = ""
    rows.insert(len(rows) // 2, None)
    write("mailchimp-engagement",
          csv_text(["Email Address", "First Name", "Last Name", "Campaign", "Action", "Timestamp", "URL",
                    "Member Rating"], rows))


# ---------------------------------------------------------------- b2b-health-scorecard

B2B_COMPANY_A = ["Acme", "Blue", "Bright", "Cedar", "Copper", "Delta", "Evergreen", "Falcon", "Granite", "Harbor",
                 "Iron", "Juniper", "Keystone", "Lumen", "Maple", "Northwind", "Orbit", "Pioneer", "Quartz", "Redwood",
                 "Summit", "Tidal", "Union", "Vertex", "Willow", "Zenith", "Atlas", "Beacon", "Crescent", "Horizon"]
B2B_COMPANY_B = ["Logistics", "Health", "Analytics", "Foods", "Energy", "Capital", "Retail", "Labs", "Media",
                 "Robotics", "Insurance", "Software", "Manufacturing", "Travel", "Education", "Legal", "Biotech",
                 "Realty", "Telecom", "Apparel"]
B2B_COMPANY_FORMS = ["Inc.", "LLC", "Ltd", "GmbH", "Corp.", "Group", "Co.", ""]
# (segment, share, MRR median, seats median, CSMs who own it)
B2B_SEGMENTS = [("Enterprise", 12, 18000, 450, ["Dana Whitfield", "Marcus Ode"]),
                ("Mid-market", 33, 3200, 60, ["Priya Raman", "Tom Becker", "Lucia Ferraro"]),
                ("SMB", 55, 450, 9, ["Sam Ortiz", "Pooled (digital CS)"])]
B2B_COLUMNS = ["account_id", "company", "owner", "segment", "plan", "mrr", "seats", "active_users_30d",
               "seat_utilisation_pct", "logins_30d", "features_adopted", "integrations_connected",
               "support_tickets_90d", "urgent_tickets_90d", "csat_90d", "nps", "mrr_change_90d_pct",
               "overdue_invoices", "days_to_renewal", "contract_start", "churned"]


def b2b_health_scorecard():
    rng = random.Random(9090)
    snapshot = dt.date(2024, 9, 30)
    rows = []
    names = set()
    for k in range(420):
        segment, _, mrr_median, seats_median, owners = weighted(rng, [(s, s[1]) for s in B2B_SEGMENTS])
        while True:
            company = f"{rng.choice(B2B_COMPANY_A)} {rng.choice(B2B_COMPANY_B)}"
            form = rng.choice(B2B_COMPANY_FORMS)
            company = f"{company} {form}".strip()
            if company not in names:
                names.add(company)
                break
        # One hidden "health" per account drives every signal, each with its own noise,
        # so the columns agree with one another only roughly, as in real exports.
        health = rng.gauss(0, 1)
        seats = max(2, int(rng.lognormvariate(math.log(seats_median), 0.55)))
        mrr = mrr_median * rng.lognormvariate(0, 0.45) * (seats / seats_median) ** 0.3
        plan = {"Enterprise": "Enterprise", "Mid-market": rng.choice(["Business", "Business", "Enterprise"]),
                "SMB": rng.choice(["Starter", "Starter", "Business"])}[segment]
        utilisation = min(1.0, max(0.0, 0.55 + 0.18 * health + rng.gauss(0, 0.12)))
        active = int(round(seats * utilisation))
        logins = poisson(rng, active * max(0.5, 9 + 5 * health + rng.gauss(0, 3)))
        # Product telemetry not connected (SSO-only tenants, a blocked tracking domain):
        # the usage cells are empty, not zero.
        telemetry = rng.random() > 0.06
        features = max(0, min(18, int(round(6 + 2.6 * health + rng.gauss(0, 2)
                                            + {"Enterprise": 3, "Mid-market": 1, "SMB": -1}[segment]))))
        integrations = max(0, min(9, poisson(rng, max(0.2, 1.5 + 0.8 * health
                                                      + {"Enterprise": 2, "Mid-market": 0.8, "SMB": 0}[segment]))))
        size = {"Enterprise": 3.0, "Mid-market": 1.4, "SMB": 0.6}[segment]
        tickets = poisson(rng, size * max(0.3, 1.8 - 0.6 * health))
        urgent = sum(rng.random() < (0.25 if health < -0.8 else 0.08) for _ in range(tickets))
        csat = ""
        if tickets and rng.random() < 0.75:  # a rating only after a ticket, when the customer answered
            csat = "%.1f" % min(5.0, max(1.0, 3.9 + 0.5 * health + rng.gauss(0, 0.6)))
        nps = ""
        if rng.random() < 0.55:  # the last survey answer of the main contact; many never answer
            nps = str(max(0, min(10, int(round(7.2 + 1.6 * health + rng.gauss(0, 1.6))))))
        change = rng.gauss(1.5 + 4 * health, 6)
        if rng.random() < 0.55:
            change = 0.0  # no seat or plan change in the quarter
        overdue = poisson(rng, 0.15 if health > -0.5 else 0.6)
        started = snapshot - dt.timedelta(days=rng.randint(40, 1400))
        renewal = 365 - (snapshot - started).days % 365
        p_churn = 1 / (1 + math.exp(2.4 + 1.5 * health - (0.6 if overdue else 0)
                                    + {"Enterprise": 0.8, "Mid-market": 0.3, "SMB": -0.3}[segment]))
        churned = "yes" if rng.random() < p_churn else "no"
        owner = rng.choice(owners)
        if segment != "Enterprise" and rng.random() < 0.05:
            owner = ""  # between owners after a territory change
        rows.append([
            f"ACC-{10040 + 7 * k + rng.randrange(7)}", company, owner, segment, plan, "%.2f" % mrr, str(seats),
            str(active) if telemetry else "", "%.1f" % (100 * utilisation) if telemetry else "",
            str(logins) if telemetry else "", str(features), str(integrations), str(tickets), str(urgent), csat, nps,
            "%.1f" % change, str(overdue), str(renewal), started.isoformat(), churned])
    rows.sort(key=lambda r: r[1].lower())  # the CRM view is sorted by company name
    write("b2b-health-scorecard", csv_text(B2B_COLUMNS, rows))


if __name__ == "__main__":
    saas_events()
    shopify_orders()
    hubspot_contacts()
    mailchimp_engagement()
    b2b_health_scorecard()
