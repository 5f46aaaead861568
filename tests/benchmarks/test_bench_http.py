"""The pure parts of ``make bench`` (tests/benchmarks/bench_http): reading wrk's report, the goals,
and comparing two result files. No server, no database, no wrk."""

import json

import pytest

from tests.benchmarks.bench_http import measure, report, wrk
from tests.benchmarks.bench_http.report import Row

# wrk 4.1's report of a run against pages that answered 404, with slow answers and timeouts.
SLOW_AND_FAILING = """\
Running 8s test @ http://127.0.0.1:8000/missing/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.20s   310.22ms   2.00s    70.00%
    Req/Sec     3.10      2.05     10.00     80.00%
  Latency Distribution
     50%  850.00us
     75%    1.10s
     90%    1.52s
     99%    1.00m
  52 requests in 8.02s, 1.20MB read
  Socket errors: connect 0, read 1, write 0, timeout 3
  Non-2xx or 3xx responses: 52
Requests/sec:      6.48
Transfer/sec:    153.21KB
"""

FAST = """\
Running 2s test @ http://127.0.0.1:8799/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.13ms   14.15ms 213.95ms   98.52%
    Req/Sec   648.58    392.58     1.40k    67.50%
  Latency Distribution
     50%    2.64ms
     75%    7.47ms
     90%   11.93ms
     99%   46.47ms
  2586 requests in 2.00s, 2.60MB read
Requests/sec:   1290.66
Transfer/sec:      1.30MB
"""


def test_it_reads_a_clean_run():
    result = wrk.parse(FAST)
    assert result.requests_per_second == 1290.66
    assert (result.p50_ms, result.p75_ms, result.p90_ms, result.p99_ms) == (
        2.64,
        7.47,
        11.93,
        46.47,
    )
    assert (result.requests, result.seconds) == (2586, 2.0)
    assert result.errors == 0


def test_it_reads_every_unit_and_counts_non_2xx_and_socket_errors():
    result = wrk.parse(SLOW_AND_FAILING)
    assert result.p50_ms == pytest.approx(0.85)  # us
    assert result.p75_ms == pytest.approx(1100)  # s
    assert result.p99_ms == pytest.approx(60_000)  # m
    assert result.seconds == pytest.approx(8.02)
    assert result.non_2xx_3xx == 52
    assert result.socket_errors == 4
    assert result.errors == 56


@pytest.mark.parametrize("text", ["", "Running 1s test @ http://x/\n", "unable to connect"])
def test_it_refuses_what_is_not_a_latency_report(text):
    with pytest.raises(wrk.WrkError):
        wrk.parse(text)


def test_it_asks_wrk_for_whole_seconds_with_the_cookie():
    args = wrk.command("http://h/p", 2.4, cookie="sessionid=abc")
    assert args[:4] == ["wrk", "-t2", "-c8", "-d2s"]
    assert args[args.index("-H") + 1] == "Cookie: sessionid=abc"
    assert "--latency" in args and args[-1] == "http://h/p"


def test_it_posts_the_admin_export_action_with_the_csrf_token(tmp_path):
    page = report.Page("export", "federation", "/admin/x/", "export", body="action=export_csv")
    script = measure.post_script(tmp_path, page).read_text()
    assert 'wrk.method = "POST"' in script
    assert f'wrk.body = "action=export_csv&csrfmiddlewaretoken={measure.CSRF_SECRET}"' in script
    assert len(measure.CSRF_SECRET) == 32 and measure.CSRF_SECRET.isalnum()  # Django's secret


def row(label, kind="page", rps=100.0, p50=10.0, p99=50.0, **extra):
    extra.setdefault("requests", int(rps * 8))
    return Row(label, "someone", f"/{label}/", kind, rps=rps, p50_ms=p50, p99_ms=p99, **extra)


def test_it_sets_pages_against_the_yardsticks_and_names_the_missed_goals():
    rows = report.add_ratios(
        [
            row(report.HEALTHZ, "base", rps=2000),
            row(report.SIGN_IN, "base", rps=400),
            row("list", rps=50, content_type="text/html", bytes=10_000),  # 0.125×: fine
            row("group", "object", rps=50),  # under 0.25× for one object's page
            row("slow", p99=300.0),
            row("big", content_type="text/html; charset=utf-8", bytes=250 * 1024),
            row("export", "export", content_type="text/csv", bytes=250 * 1024, first_byte_ms=80.0),
            # A whole city's CSV: slower than the run to finish, but streamed from the start.
            row("long export", "export", rps=0, requests=0, first_byte_ms=300.0),
            row("blocking export", "export", rps=0.5, first_byte_ms=3700.0),
            row("changelist", "changelist", p50=120.0),
            row("refused", failed="answered 302 → /accounts/login/"),
            row("errors", errors=3),
            row("too slow to answer", rps=0, requests=0),
        ]
    )
    by = {r.label: r for r in rows}
    assert by["list"].ratio_sign_in == pytest.approx(0.125)
    assert by["list"].ratio_healthz == pytest.approx(0.025)
    assert by["list"].missed == []
    assert by["group"].missed == ["×sign-in<0.25"]
    assert by["slow"].missed == ["p99"]
    assert by["big"].missed == ["HTML"]
    assert by["export"].missed == []  # a download is not HTML
    assert by["long export"].missed == []
    assert by["blocking export"].missed == ["first byte"]
    assert by["changelist"].missed == ["p50"]
    assert by["refused"].missed == ["failed"]
    assert by["errors"].missed == ["errors"]
    assert by["too slow to answer"].missed[0] == "no answer"
    assert report.cells(by["too slow to answer"])[2:5] == ["0.0", "", ""]
    assert report.cells(by["refused"])[-1] == "FAILED: answered 302 → /accounts/login/"
    assert "1 failed" in report.summary(rows)


def test_it_compares_two_result_files_page_by_page():
    before = [row("list", rps=100, p99=200), row("gone", rps=10), row("broken", rps=5)]
    now = [row("list", rps=150, p99=100), row("broken", failed="answered 500"), row("new")]
    now.append(row("slow", rps=0, requests=0, p99=0))
    before.append(row("slow", rps=0.5, p99=3000))
    meta = {"started": "2026-12-05T10:00:00+00:00"}
    # Through the files, as the next run reads them.
    previous = report.rows_from_json(json.loads(report.to_json(meta, before)))
    changes = {c["key"]: c for c in report.compare(previous, now)}
    assert changes["list | someone"]["rps_change"] == pytest.approx(50.0)
    assert changes["list | someone"]["p99_change"] == pytest.approx(-50.0)
    assert changes["broken | someone"]["rps_now"] is None
    assert changes["broken | someone"]["rps_change"] is None
    assert changes["new | someone"]["rps_before"] is None
    assert changes["gone | someone"]["rps_now"] is None
    assert changes["slow | someone"]["p99_now"] is None  # no answer within the run
    assert changes["slow | someone"]["p99_change"] is None
    header, lines = report.comparison_lines(report.compare(previous, now))
    assert lines[0] == ["list", "someone", "100.0", "150.0", "+50%", "200.0", "100.0", "-50%"]
    assert [line[0] for line in lines] == ["list", "broken", "new", "slow", "gone"]
    # A run of some pages (--only) leaves out those it did not ask.
    assert [c["page"] for c in report.compare(previous, now, include_gone=False)] == [
        "list",
        "broken",
        "new",
        "slow",
    ]


def test_it_compares_with_the_newest_earlier_file(tmp_path):
    for name in ["2026-12-01T090000Z.json", "2026-12-03T090000Z.json", "2026-12-04T090000Z.md"]:
        (tmp_path / name).write_text("{}")
    assert report.previous_file(tmp_path, "2026-12-05T090000Z").name == "2026-12-03T090000Z.json"
    assert report.previous_file(tmp_path, "2026-12-02T090000Z").name == "2026-12-01T090000Z.json"
    assert report.previous_file(tmp_path, "2026-11-01T090000Z") is None
