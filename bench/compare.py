#!/usr/bin/env python3
"""Compare ankieta's crosstab JSON with the values bench/crosstab.R wrote (untimed part of
bench/crosstab.sh).

    python3 bench/compare.py table   ANKIETA.json R-VALUES.csv
    python3 bench/compare.py domains ANKIETA.json R-VALUES.csv
    python3 bench/compare.py domains-freq R-VALUES.csv FREQ.json...

table:   every cell's col_prop and col_prop_se against svyby(~row, ~col, svymean), and the
         Rao-Scott F statistic and its two df against svychisq.
domains: every observed cell's total and total_se against svyby(~one, ~a+b+c, svytotal).
domains-freq: the same from `ankieta freq combo --where "grp == C" --format json`, one file per C.

Prints a few cells side by side and the largest relative difference; exit status 1 when it is
above 1e-9 (PRODUCT.md "Bars it must clear").
"""
import csv
import json
import sys

TOLERANCE = 1e-9


def rel(a, b):
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def main():
    mode = sys.argv[1]
    source = "15 freq tables" if mode == "domains-freq" else "crosstab"
    if mode == "domains-freq":
        r_path = sys.argv[2]
        cells = {}
        for path in sys.argv[3:]:
            with open(path, encoding="utf-8") as f:
                freq = json.load(f)
            group = freq["where"].split("==")[1].strip()  # "grp == C"
            for row in freq["rows"]:
                if not row["missing"]:
                    cells[(row["value"], group)] = {"total": row["total"], "total_se": row["total_se"], "n": row["n"]}
        table = {"cells": [dict(v, row=k[0], column=k[1]) for k, v in cells.items()]}
        mode = "domains"
    else:
        json_path, r_path = sys.argv[2:4]
        with open(json_path, encoding="utf-8") as f:
            table = json.load(f)
        cells = {(c["row"], c["column"]): c for c in table["cells"]}
    with open(r_path, encoding="utf-8") as f:
        r_rows = list(csv.DictReader(f))
    pairs = []  # (what, ankieta, R)
    if mode == "table":
        for r in r_rows:
            if r["kind"] == "col_prop":
                cell = cells[(r["row"], r["col"])]
                pairs.append((f"col_prop[{r['row']},{r['col']}]", cell["col_prop"], float(r["estimate"])))
                pairs.append((f"col_prop_se[{r['row']},{r['col']}]", cell["col_prop_se"], float(r["se"])))
        test = next(t for t in table["tests"] if t["name"] == "rao-scott-f")
        r_values = {r["kind"]: float(r["estimate"]) for r in r_rows if r["kind"].startswith("rao_scott")}
        pairs.append(("rao-scott F", test["statistic"], r_values["rao_scott_f"]))
        pairs.append(("rao-scott df1", test["df1"], r_values["rao_scott_df1"]))
        pairs.append(("rao-scott df2", test["df2"], r_values["rao_scott_df2"]))
        shown = [p for p in pairs if not p[0].startswith("col_prop[") or p[0] in
                 ("col_prop[1,1]", "col_prop[3,4]", "col_prop[5,6]")]
        shown = [p for p in shown if not p[0].startswith("col_prop_se[") or p[0] in
                 ("col_prop_se[1,1]", "col_prop_se[3,4]", "col_prop_se[5,6]")]
    elif mode == "domains":
        observed = 0
        for r in r_rows:
            cell = cells[(str(int(float(r["row"]))), str(int(float(r["col"]))))]
            observed += 1
            pairs.append((f"total[{r['row']},{r['col']}]", cell["total"], float(r["estimate"])))
            pairs.append((f"total_se[{r['row']},{r['col']}]", cell["total_se"], float(r["se"])))
        empty = sum(1 for c in table["cells"] if c["n"] == 0)
        print(f"domains ({source}): R reports {observed} observed domains; ankieta {len(table['cells'])} cells "
              f"({empty} empty, shown with total 0)")
        shown = pairs[:4] + pairs[-2:]
    else:
        sys.exit("mode must be table or domains")
    print(f"{'value':28} {'ankieta':>24} {'R survey':>24} {'rel. diff':>10}")
    for what, a, b in shown:
        print(f"{what:28} {a:24.15g} {b:24.15g} {rel(a, b):10.2e}")
    worst = max(pairs, key=lambda p: rel(p[1], p[2]))
    verdict = "OK" if rel(worst[1], worst[2]) <= TOLERANCE else "MISMATCH"
    print(f"{len(pairs)} values compared; largest relative difference {rel(worst[1], worst[2]):.2e} "
          f"({worst[0]}): {verdict} at {TOLERANCE:g}")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
