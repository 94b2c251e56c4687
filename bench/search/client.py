#!/usr/bin/env python3
"""Search latency client for bench/search (Python 3 stdlib only).

    client.py run --port P --code C --rare-code R --patient ID --family F --d1 D --d2 D
                  [--prefix ABC] [--requests 200] [--warmup 20] [--paging-iterations K]
                  [--label L] [--out results.json] [--only NAME,...] [--dry-run]
    client.py compare results-a.json results-b.json ...

`run` sends each query over ONE persistent HTTP/1.1 connection (http.client keep-alive), sequentially:
--warmup requests first (not measured), then --requests measured GETs. Latency is from sending the request
to having read the whole body (JSON parsing happens outside the timed span). Every request carries
`Prefer: handling=strict`, so a parameter the server does not support is a 400 (reported as an error row)
instead of being silently ignored.
The paging query fetches page 1 with _sort=-date&_count=10 and follows `next` links to page 20, --paging-
iterations times; page 1, page 20 and all 20 page fetches pooled are reported as three rows.
`--dry-run` prints the request targets and exits (placeholder values are used for missing ones).
`compare` prints p95 per query across the result files (one per data size).
"""
import argparse
import http.client
import json
import math
import sys
import time
import urllib.parse

LOINC = "http://loinc.org"
PAGES = 20


def q(value):
    """Percent-encodes a search parameter value (| , and spaces; keeps / and :)."""
    return urllib.parse.quote(value, safe="/:-._~")


def queries(v):
    """(name, request target) for every measured query; "paging" is handled specially."""
    code, rare, pid, fam, pre = q(f"{LOINC}|{v.code}"), q(f"{LOINC}|{v.rare_code}"), q(v.patient), q(v.family), q(v.prefix)
    return [
        ("token", f"/Observation?code={code}&_count=50"),
        ("token+patient", f"/Observation?subject=Patient/{pid}&code={code}&_count=50"),
        ("date range", f"/Observation?date=ge{v.d1}&date=lt{v.d2}&_count=50"),
        ("string prefix", f"/Patient?name={pre}&_count=50"),
        ("reference", f"/Observation?subject=Patient/{pid}&_count=50"),
        ("chain+token", f"/Observation?subject:Patient.name={fam}&code={code}&_count=50"),
        ("chain", f"/Observation?subject:Patient.name={fam}&_count=50"),
        ("_include", f"/Observation?subject=Patient/{pid}&_include=Observation:subject&_count=50"),
        ("_revinclude", f"/Patient?_id={pid}&_revinclude=Observation:subject&_count=50"),
        ("_has", f"/Patient?_has:Observation:subject:code={rare}&_count=50"),
        ("paging", f"/Observation?subject=Patient/{pid}&_sort=-date&_count=10"),
        ("_total=accurate", f"/Observation?code={code}&_total=accurate&_count=50"),
    ]


class Client:
    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.conn = None

    def get(self, target):
        """(status, body, seconds). Reconnects once if the kept-alive connection was closed."""
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                t0 = time.perf_counter()
                self.conn.request("GET", target, headers={"Accept": "application/fhir+json",
                                                          "Prefer": "handling=strict"})
                r = self.conn.getresponse()
                body = r.read()
                dt = time.perf_counter() - t0
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return r.status, body, dt
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise


def percentile(xs, p):
    """Nearest-rank percentile of a non-empty list."""
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))]


def describe_error(status, body):
    try:
        j = json.loads(body)
        issue = (j.get("issue") or [{}])[0]
        msg = issue.get("diagnostics") or issue.get("details", {}).get("text") or ""
    except ValueError:
        msg = body[:200].decode("utf-8", "replace")
    return f"HTTP {status}: {msg}"[:160]


def bundle_stats(body):
    """(total or None, entries returned, of which included, next link or None)."""
    j = json.loads(body)
    entries = j.get("entry") or []
    modes = [(e.get("search") or {}).get("mode", "match") for e in entries]
    nxt = next((l.get("url") for l in j.get("link") or [] if l.get("relation") == "next"), None)
    return j.get("total"), sum(m in ("match", "include") for m in modes), modes.count("include"), nxt


def target_of(url):
    """Request target (path?query) of an absolute or relative next link."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path or "/"
    if not path.startswith("/"):
        path = "/" + path
    return path + ("?" + parts.query if parts.query else "")


def row(name, target, lat, total, rows, incl, nbytes, errors=0, error=None):
    r = {"name": name, "target": target, "requests": len(lat), "errors": errors, "error": error,
         "total": total, "rows": rows, "included": incl, "bytes": nbytes}
    if lat:
        mean = sum(lat) / len(lat)
        r.update(p50_ms=percentile(lat, 50) * 1e3, p95_ms=percentile(lat, 95) * 1e3, mean_ms=mean * 1e3,
                 rows_per_s=(rows or 0) / mean if mean > 0 else 0.0)
    return r


def measure(client, name, target, warmup, requests):
    errors = 0
    for _ in range(warmup):
        status, body, _ = client.get(target)
        if status != 200:
            return row(name, target, [], None, None, None, len(body), errors=1, error=describe_error(status, body))
    lat, last = [], None
    for _ in range(requests):
        status, body, dt = client.get(target)
        if status != 200:
            errors += 1
            last = last or (status, body)
            continue
        lat.append(dt)
        last = (status, body)
    if not lat:
        return row(name, target, [], None, None, None, 0, errors=errors, error=describe_error(*last))
    total, rows, incl, _ = bundle_stats(last[1])
    r = row(name, target, lat, total, rows, incl, len(last[1]), errors=errors)
    if errors:
        r["error"] = describe_error(*last) if last[0] != 200 else f"{errors} non-200 responses"
    return r


def measure_paging(client, target, iterations):
    """Follows next links from page 1 to page PAGES; one warm-up chain, then `iterations` measured chains."""
    per_page = {p: [] for p in range(1, PAGES + 1)}
    info = {}
    short = None
    for it in range(iterations + 1):
        url, page = target, 1
        while url and page <= PAGES:
            status, body, dt = client.get(url)
            if status != 200:
                err = describe_error(status, body)
                return [row(f"sort -date p{p}", target, [], None, None, None, 0, errors=1, error=f"page {page}: {err}")
                        for p in (1, PAGES)]
            total, rows, incl, nxt = bundle_stats(body)
            if it > 0:
                per_page[page].append(dt)
            info[page] = (total, rows, incl, len(body))
            url = target_of(nxt) if nxt else None
            page += 1
        if page <= PAGES:
            short = f"only {page - 1} pages (no next link after page {page - 1})"
    out = []
    for p in (1, PAGES):
        if per_page[p]:
            out.append(row(f"sort -date p{p}", target if p == 1 else f"(next link x{p - 1})", per_page[p], *info[p]))
        else:
            out.append(row(f"sort -date p{p}", target, [], None, None, None, 0, errors=1, error=short))
    pooled = [x for p in per_page for x in per_page[p]]
    if pooled and not short:
        rows = sum(info[p][1] for p in per_page) / PAGES
        r = row(f"sort -date p1-{PAGES}", "(all page fetches)", pooled, info[1][0], rows, 0,
                sum(info[p][3] for p in per_page) / PAGES)
        out.append(r)
    return out


def fmt(x, spec, na="-"):
    return na if x is None else format(x, spec)


HEADER = (f"{'query':<20} {'p50 ms':>9} {'p95 ms':>9} {'total':>9} {'rows/req':>8} {'incl':>5} {'rows/s':>10} "
          f"{'KB/resp':>8}  note")


def format_row(r):
    kb = r["bytes"] / 1024 if r.get("bytes") else None
    return (f"{r['name']:<20} {fmt(r.get('p50_ms'), '9.2f'):>9} {fmt(r.get('p95_ms'), '9.2f'):>9} "
            f"{fmt(r.get('total'), 'd'):>9} {fmt(r.get('rows'), '8.0f'):>8} {fmt(r.get('included'), 'd'):>5} "
            f"{fmt(r.get('rows_per_s'), '10.0f'):>10} {fmt(kb, '8.1f'):>8}  {r.get('error') or ''}").rstrip()


def cmd_run(a):
    if not a.prefix:
        a.prefix = a.family[:3]
    qs = queries(a)
    if a.only:
        wanted = set(a.only.split(","))
        qs = [x for x in qs if x[0] in wanted]
    if a.dry_run:
        for name, target in qs:
            print(f"{name:<16} http://{a.host}:{a.port}{target}")
            if name == "paging":
                print(f"{'':<16} ... then follow Bundle.link[next] to page {PAGES}")
        return
    client = Client(a.host, a.port, a.timeout)
    iterations = a.paging_iterations or max(20, a.requests // 4)
    results = []
    print(HEADER, flush=True)
    for name, target in qs:
        try:
            if name == "paging":
                new = measure_paging(client, target, iterations)
            else:
                new = [measure(client, name, target, a.warmup, a.requests)]
        except (OSError, http.client.HTTPException, ValueError) as e:  # timeout, reset, unparsable body
            client = Client(a.host, a.port, a.timeout)
            new = [row(name, target, [], None, None, None, 0, errors=1, error=f"{type(e).__name__}: {e}"[:160])]
        for r in new:
            results.append(r)
            print(format_row(r), flush=True)
    print(f"({a.requests} requests per query after {a.warmup} warm-up on one keep-alive connection; paging: "
          f"{iterations} chains of {PAGES} pages after one warm-up chain. total = Bundle.total; rows/req = match + "
          f"include entries; rows/s = rows/req / mean latency)")
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"label": a.label, "values": {k: getattr(a, k) for k in
                                                    ("code", "rare_code", "patient", "family", "prefix", "d1", "d2")},
                       "requests": a.requests, "results": results}, f, indent=1)


def cmd_compare(a):
    runs = []
    for p in a.files:
        with open(p) as f:
            runs.append(json.load(f))
    names = []
    for run in runs:
        for r in run["results"]:
            if r["name"] not in names:
                names.append(r["name"])
    labels = [str(run.get("label") or i) for i, run in enumerate(runs)]
    width = max(10, *(len(l) + 2 for l in labels))
    print(f"{'p95 ms':<20}" + "".join(f"{l:>{width}}" for l in labels) + ("   last/first" if len(runs) > 1 else ""))
    for n in names:
        vals = [next((r.get("p95_ms") for r in run["results"] if r["name"] == n), None) for run in runs]
        line = f"{n:<20}" + "".join(f"{fmt(v, '.2f', 'err'):>{width}}" for v in vals)
        if len(runs) > 1 and vals[0] and vals[-1]:
            line += f"   {vals[-1] / vals[0]:10.1f}x"
        print(line)
    print(f"\n{'Bundle.total':<20}" + "".join(f"{l:>{width}}" for l in labels))
    for n in names:
        vals = [next((r.get("total") for r in run["results"] if r["name"] == n), None) for run in runs]
        if any(v is not None for v in vals):
            print(f"{n:<20}" + "".join(f"{fmt(v, 'd'):>{width}}" for v in vals))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--host", default="127.0.0.1")
    r.add_argument("--port", type=int, default=8098)
    r.add_argument("--requests", type=int, default=200)
    r.add_argument("--warmup", type=int, default=20)
    r.add_argument("--paging-iterations", type=int, default=0, help="default max(20, requests/4)")
    r.add_argument("--timeout", type=float, default=300)
    r.add_argument("--code", default="8302-2", help="common LOINC code")
    r.add_argument("--rare-code", default="6206-7", help="rare LOINC code (for _has)")
    r.add_argument("--patient", default="PATIENT-ID", help="Patient id with many Observations")
    r.add_argument("--family", default="Smith", help="family name (chain)")
    r.add_argument("--prefix", default="", help="name prefix (default: first 3 letters of --family)")
    r.add_argument("--d1", default="2019-01-01", help="date range start (ge)")
    r.add_argument("--d2", default="2019-02-01", help="date range end (lt)")
    r.add_argument("--label", default="")
    r.add_argument("--out")
    r.add_argument("--only", help="comma-separated query names (paging is named 'paging')")
    r.add_argument("--dry-run", action="store_true")
    c = sub.add_parser("compare")
    c.add_argument("files", nargs="+")
    a = ap.parse_args()
    if a.cmd == "run":
        cmd_run(a)
    else:
        cmd_compare(a)


if __name__ == "__main__":
    main()
