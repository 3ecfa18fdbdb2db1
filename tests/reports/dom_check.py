#!/usr/bin/env python3
"""dom_check.py DOM JSON EXPECT - check the integrator report as headless
Chromium rendered it (--dump-dom) against the run's JSON record.

EXPECT is the verdict the run must show (pass, fail, interrupted,
incomplete). Checks: the verdict; the counts (the same as the JSON record);
every matrix cell present, the failing ones marked (class fail, open) and
named by their condition; the failures section first when there are
failures; the checks, measurements, traceability and card sections; the
unit's identity in the header. Prints one line per check; exit 1 on any
failure."""
import json
import sys
from html.parser import HTMLParser


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = {}        # id -> attrs
        self.text = {}       # id -> text inside
        self.order = []      # ids in document order
        self.cells = []      # evidence: (attrs, summary text)
        self.marks = []      # verdicts in the table: (attrs, text)
        self.in_mark = None
        self.stack = []      # open elements: (tag, id or None)
        self.in_summary = None
        self.open_ids = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = a
            self.text[a["id"]] = ""
            self.order.append(a["id"])
            self.open_ids.append((tag, a["id"]))
        if tag == "details" and "cell" in a.get("class", "").split():
            self.cells.append([a, ""])
        if tag == "summary" and self.cells:
            self.in_summary = self.cells[-1]
        if tag == "a" and "mark" in a.get("class", "").split():
            self.marks.append([a, ""])
            self.in_mark = self.marks[-1]

    def handle_endtag(self, tag):
        if tag == "summary":
            self.in_summary = None
        if tag == "a":
            self.in_mark = None
        if self.open_ids and self.open_ids[-1][0] == tag:
            self.open_ids.pop()

    def handle_data(self, data):
        for _, i in self.open_ids:
            self.text[i] += data
        if self.in_summary is not None:
            self.in_summary[1] += data
        if self.in_mark is not None:
            self.in_mark[1] += data


failed = 0


def check(name, cond, detail=""):
    global failed
    print(("ok     " if cond else "FAILED ") + name + ("" if cond else ": " + str(detail)))
    if not cond:
        failed += 1


def main():
    dom_path, json_path, expect = sys.argv[1:4]
    d = Dom()
    d.feed(open(dom_path, encoding="utf-8").read())
    j = json.load(open(json_path))
    s = j["summary"]

    v = d.ids.get("verdict", {})
    check("verdict is " + expect.upper(), v.get("data-verdict") == expect and
          d.text.get("verdict", "").strip() == expect.upper(), (v, d.text.get("verdict")))
    check("the JSON record has the same verdict", j["verdict"] == expect, j["verdict"])
    c = d.ids.get("counts", {})
    want = {"data-tests": len(j["tests"]), "data-passed": s["passed"], "data-failed": s["failed"],
            "data-errors": s["errors"], "data-skipped": s["skipped"]}
    check("counts as in the JSON record %s" % want,
          all(c.get(k) == str(n) for k, n in want.items()), c)
    check("counts shown in words", d.text.get("counts", "").startswith(
        "%d tests: %d passed, %d failed, %d errors, %d skipped" % (
            len(j["tests"]), s["passed"], s["failed"], s["errors"], s["skipped"])),
          d.text.get("counts"))

    cells = [t for t in j["tests"] if t["cell"]]
    m = j["matrix"]
    if cells:
        mx = d.ids.get("matrix", {})
        check("matrix: %d cells in the tables, each with its evidence" % m["cells"],
              mx.get("data-cells") == str(m["cells"]) and len(d.marks) == m["cells"]
              and len(d.cells) == m["cells"], (mx, len(d.marks), len(d.cells)))
        bad = [t for t in cells if t["outcome"] in ("fail", "error")]
        marked = [x for x in d.marks if x[0].get("data-verdict") == "fail"]
        opened = [x for x in d.cells if x[0].get("data-verdict") == "fail"]
        check("matrix: %d failing cells marked in the table" % len(bad),
              len(marked) == len(bad) == m["failed"] and mx.get("data-failed") == str(m["failed"])
              and all(x[1].strip().endswith(": FAIL") for x in marked),
              (len(marked), len(bad), m["failed"]))
        check("matrix: each failing mark links to its evidence, open",
              all(any(e[0].get("id") == x[0].get("href", "#")[1:] and "open" in e[0]
                      for e in opened) for x in marked) and len(opened) == len(marked))
        for t in bad:
            c = t["cell"]
            check("failing cell marked: %s | %s | %s" % (c["row_name"], c["column_name"], c["condition"]),
                  any(x[1].strip() == "%s | %s | %s: FAIL" % (c["row_name"], c["column_name"], c["condition"])
                      for x in opened) and any(x[1].strip() == c["condition"] + ": FAIL" for x in marked))
        check("matrix: passing cells folded",
              all("open" not in x[0] for x in d.cells if x[0].get("data-verdict") == "ok"))
        if bad:
            first_ok = next((k for k, x in enumerate(d.cells) if x[0].get("data-verdict") == "ok"), len(d.cells))
            check("matrix: failing cells' evidence first",
                  all(k < first_ok for k, x in enumerate(d.cells) if x[0].get("data-verdict") == "fail"))
    nfail = s["failed"] + s["errors"]
    if nfail:
        check("failures section lists %d" % nfail,
              d.ids.get("failures", {}).get("data-count") == str(nfail), d.ids.get("failures"))
        check("failures section comes first", "failures" in d.order and
              d.order.index("failures") < min(d.order.index(k) for k in ("matrix", "checks", "measurements")
                                              if k in d.order))
    else:
        check("no failures section", "failures" not in d.ids)
    others = len([t for t in j["tests"] if not t["cell"]])
    if others:
        check("checks outside the matrix: %d" % others,
              d.ids.get("checks", {}).get("data-count") == str(others), d.ids.get("checks"))
    nm = sum(len(t["measurements"]) for t in j["tests"])
    check("measurements: %d" % nm, d.ids.get("measurements", {}).get("data-count") == str(nm))
    check("statement traceability", int(d.ids.get("trace", {}).get("data-statements", "0")) > 0)
    for k in ("serial", "firmware", "station", "operator", "rig", "date", "seed"):
        check("header: " + k, d.text.get(k, "").strip() not in ("", "not recorded"), d.text.get(k))
    if expect in ("pass", "fail"):
        for k in ("model", "hw"):
            check("header: " + k + " read from the unit",
                  d.text.get(k, "").strip() not in ("", "not recorded"), d.text.get(k))
        check("Product Information Card", "pic-card" in d.ids)
    if expect == "interrupted":
        check("interrupted banner", "interrupted" in d.ids)
    sys.exit(1 if failed else 0)


main()
