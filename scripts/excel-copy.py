#!/usr/bin/env python3
"""Writes a CSV the way Polish Excel saves one: ';' between fields, decimal comma, dates as
DD.MM.YYYY, Windows-1250, CRLF line ends. Used to make data/sample-excel-cp1250.csv from the sample.

usage: excel-copy.py IN.csv OUT.csv [ROWS]
"""
import csv, re, sys

src, dst = sys.argv[1], sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
decimal = re.compile(r"^-?\d+\.\d+$")
date = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
with open(src, newline="", encoding="utf-8") as f, open(dst, "w", newline="", encoding="cp1250") as g:
    out = csv.writer(g, delimiter=";", lineterminator="\r\n")
    for i, row in enumerate(csv.reader(f)):
        if limit is not None and i > limit:
            break
        fields = []
        for field in row:
            if decimal.match(field):
                field = field.replace(".", ",")
            m = date.match(field)
            if m:
                field = f"{m.group(3)}.{m.group(2)}.{m.group(1)}"
            fields.append(field)
        out.writerow(fields)
