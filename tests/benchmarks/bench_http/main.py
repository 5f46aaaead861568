"""``make bench``: the command line, and the run from the database to the result files."""

import argparse
import contextlib
import datetime
import json
import os
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.bench_http import database, report, wrk
from tests.benchmarks.bench_http.database import BASE_DIR

RESULTS = BASE_DIR / "bench"


def arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.bench_http",
        description="Load every main page of the site with wrk through gunicorn (production "
        "settings) on the city data in PostgreSQL, and compare with the previous run.",
    )
    parser.add_argument("--seconds", type=int, default=8, help="wrk's time per page (8)")
    parser.add_argument(
        "--warmup", type=int, default=1, help="an untimed wrk run per page first (1 s)"
    )
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (5)")
    parser.add_argument("--connections", type=int, default=8, help="wrk's connections (8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads (2)")
    parser.add_argument("--only", default="", help="only the pages whose label, account or URL "
                        "contains this (the yardsticks are measured anyway)")  # fmt: skip
    parser.add_argument("--rebuild", action="store_true", help="drop unionsite_city, build again")
    parser.add_argument(
        "--groups", type=int, help="build a smaller city of N groups (seed_demo --groups)"
    )
    parser.add_argument(
        "--compare", help="a result file (.json) to compare with (default: the newest earlier one)"
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = arguments(argv)
    if not wrk.available():
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it)")
    started = datetime.datetime.now(datetime.UTC)
    stamp = started.strftime("%Y-%m-%dT%H%M%SZ")
    env = database.production_env(database.database_url())
    print(f"database: {env['DATABASE_URL']}", flush=True)
    database.ensure_city(env, rebuild=args.rebuild, groups=args.groups, say=say)
    database.collectstatic(env)
    database.configure_django(env)

    from tests.benchmarks.bench_http import measure, pages
    from tests.benchmarks.bench_http.picks import Picks
    from tests.benchmarks.bench_http.server import gunicorn

    picks = Picks()
    chosen, notes = pages.all_pages(picks)
    if args.only:
        needle = args.only.lower()
        chosen = [p for p in chosen if needle in f"{p.label} {p.role} {p.url}".lower()]
    base = pages.base_pages()
    for note in notes:
        say(f"note: {note}")
    counts = database.row_counts()
    say("rows: " + ", ".join(f"{label} {n:,}" for label, n in counts.items()))
    sessions = measure.Sessions({role: picks.users[role] for role in picks.users})
    meta = {
        "started": started.isoformat(timespec="seconds"),
        "seconds": args.seconds,
        "connections": args.connections,
        "threads": args.threads,
        "workers": args.workers,
        "database": database.DB_NAME,
        "machine": database.machine(),
        "rows": counts,
        "notes": notes,
        "load_before": load_average(),
    }
    RESULTS.mkdir(exist_ok=True)
    log_path = Path(tempfile.gettempdir()) / f"unionsite-bench-http-{stamp}.log"
    rows = []
    with tempfile.TemporaryDirectory() as folder, gunicorn(env, args.workers, log_path) as root:
        say(f"gunicorn: {root}, {args.workers} workers (its log: {log_path})")

        def run(page):
            return measure.under_load(
                root,
                page,
                sessions,
                seconds=args.seconds,
                warmup=args.warmup,
                connections=args.connections,
                threads=args.threads,
                folder=Path(folder),
            )

        # Every worker imports, compiles and connects on its first requests: not timed.
        for page in base:
            measure.under_load(root, page, sessions, seconds=3, warmup=0, folder=Path(folder))
        everything = [*base, *chosen]
        for n, page in enumerate(everything, 1):
            row = run(page)
            rows.append(row)
            say(f"[{n}/{len(everything)}] {progress(row)}")
        # The sign-in page again at the end: how far the machine drifted during the run.
        again = report.Page(report.SIGN_IN_AGAIN, "anonymous", base[1].url, "base")
        again = run(again)
        rows.append(again)
        say(progress(again))
    report.add_ratios(rows)
    meta["finished"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    meta["load_after"] = load_average()
    if not args.only:
        meta["not_benchmarked"] = not_benchmarked(rows)
    print()
    print(report.text_table(report.COLUMNS, [report.cells(r) for r in rows], report.RIGHT))
    print()
    print(report.GOALS_TEXT)
    print(report.summary(rows) + ".")
    print(report.drift(rows))
    print(f"Load average: {meta['load_before']} at the start, {meta['load_after']} at the end.")
    comparison_text = compare(args.compare, stamp, rows, meta, include_gone=not args.only)
    json_path, md_path = RESULTS / f"{stamp}.json", RESULTS / f"{stamp}.md"
    json_path.write_text(report.to_json(meta, rows) + "\n")
    markdown_comparison = ""
    if comparison_text is not None:
        header, lines = comparison_text
        markdown_comparison = report.markdown_table(header, lines, report.COMPARISON_RIGHT)
    md_path.write_text(report.to_markdown(meta, rows, markdown_comparison))
    if meta.get("not_benchmarked"):
        print("\nURL names not benchmarked: " + ", ".join(meta["not_benchmarked"]))
    print(f"\nwritten: {md_path.relative_to(BASE_DIR)}, {json_path.relative_to(BASE_DIR)}")
    return 1 if any(r.failed for r in rows) else 0


def load_average():
    """The machine's 1-minute load average: other work on the machine shows in the numbers."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def say(text):
    print(text, flush=True)


def progress(row):
    if row.failed:
        return f"{row.label} · {row.role}: FAILED {row.failed}"
    if row.skipped:
        return f"{row.label} · {row.role}: skipped, {row.skipped}"
    return (
        f"{row.label} · {row.role}: {row.rps:.1f} req/s, p50 {row.p50_ms:.1f} ms, "
        f"p99 {row.p99_ms:.1f} ms, {row.queries} queries, {(row.bytes or 0) / 1024:.1f} KB"
        + (f", {row.errors} errors" if row.errors else "")
    )


def compare(chosen, stamp, rows, meta, include_gone=True):
    """Print the comparison with ``chosen`` (or the newest earlier result file); return its
    table for the Markdown file, or None when there is nothing to compare with."""
    path = Path(chosen) if chosen else report.previous_file(RESULTS, stamp)
    if path is None:
        print("\nno earlier result file in bench/ to compare with")
        return None
    previous = json.loads(path.read_text())
    meta["compared_with"] = path.name
    changes = report.compare(report.rows_from_json(previous), rows, include_gone)
    header, lines = report.comparison_lines(changes)
    print(f"\nAgainst {path.name} (started {previous.get('started', '?')}):")
    print(report.text_table(header, lines, report.COMPARISON_RIGHT))
    return header, lines


def not_benchmarked(rows):
    """The site's page URL names (tests/security/url_registry.py) no row asked for; forms and
    actions (writes) counted apart."""
    from urllib.parse import urlsplit

    from django.urls import Resolver404, resolve

    from tests.security.url_registry import URLS

    asked = set()
    for row in rows:
        with contextlib.suppress(Resolver404):
            asked.add(resolve(urlsplit(row.url).path).view_name)
    pages = [u.name for u in URLS if not u.post and u.name not in asked]
    writes = [u.name for u in URLS if u.post and u.name not in asked]
    return [*pages, f"and {len(writes)} forms and actions (writes)"]
