"""The pages' numbers against the goals, the table, the result files and the comparison with an
earlier run. No Django here: the unit tests read it alone."""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

# The goals of issue 15. A page's requests per second are compared with the sign-in page's
# measured in the same run (the machine's speed cancels out).
RATIO = 0.10  # every page ≥ 0.10 × the sign-in page's req/s
OBJECT_RATIO = 0.25  # a single object's page (a group, a member, a meeting, a case, a plan)
P99_MS = 300.0  # at 8 clients
FIRST_BYTE_MS = 1000.0  # a streamed export's first byte, asked alone
CHANGELIST_P50_MS = 100.0  # the admin changelists of the biggest tables
HTML_KB = 200.0

# page: a page of the site; object: one object's page; changelist: an admin changelist; export:
# a CSV or XLSX download; base: /healthz and the sign-in page, the yardsticks.
KINDS = ("base", "page", "object", "changelist", "export")
HEALTHZ, SIGN_IN, SIGN_IN_AGAIN = "healthz", "sign-in page", "sign-in page, again at the end"


@dataclass
class Page:
    label: str
    role: str  # the account (anonymous for the base pages)
    url: str
    kind: str = "page"
    body: str = ""  # a form-encoded body to POST (the admin's export actions); GET when empty


@dataclass
class Row:
    label: str
    role: str
    url: str
    kind: str
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: int = 0  # answers other than 2xx/3xx, and socket errors and timeouts
    queries: int | None = None
    bytes: int | None = None
    content_type: str = ""
    first_byte_ms: float | None = None  # an export's, asked alone over HTTP
    whole_ms: float | None = None
    ratio_sign_in: float | None = None
    ratio_healthz: float | None = None
    missed: list = field(default_factory=list)
    failed: str = ""  # why the page was not timed: it failed
    skipped: str = ""  # why the page was not timed though it answered (a background export)

    @property
    def key(self):
        return f"{self.label} | {self.role}"


def goals_missed(row):
    """The goals ``row`` misses, by name (empty: all met)."""
    if row.failed:
        return ["failed"]
    if row.skipped:
        return []
    missed = []
    if row.errors:
        missed.append("errors")
    if row.kind == "export":
        # A streamed export's goal is its first byte (a spreadsheet of the whole city takes
        # seconds to send, however fast it starts); its req/s are shown, not judged.
        if row.first_byte_ms is None or row.first_byte_ms >= FIRST_BYTE_MS:
            missed.append("first byte")
        return missed
    if row.requests == 0:
        missed.append("no answer")
    if row.kind != "base":
        need = OBJECT_RATIO if row.kind == "object" else RATIO
        if row.ratio_sign_in is not None and row.ratio_sign_in < need:
            missed.append(f"×sign-in<{need:.2f}")
        if row.p99_ms >= P99_MS:
            missed.append("p99")
        if row.kind == "changelist" and row.p50_ms >= CHANGELIST_P50_MS:
            missed.append("p50")
        is_html = row.content_type.startswith("text/html")
        if is_html and row.bytes is not None and row.bytes >= HTML_KB * 1024:
            missed.append("HTML")
    return missed


def add_ratios(rows):
    """Every row's req/s against the yardsticks of the same run, and the goals it misses."""
    healthz, sign_in = yardstick(rows, HEALTHZ), yardstick(rows, SIGN_IN)
    for row in rows:
        with_ratios(row, sign_in and sign_in.rps, healthz and healthz.rps)
    return rows


def with_ratios(row, sign_in_rps, healthz_rps):
    timed = not row.failed and not row.skipped
    if timed and sign_in_rps:
        row.ratio_sign_in = row.rps / sign_in_rps
    if timed and healthz_rps:
        row.ratio_healthz = row.rps / healthz_rps
    row.missed = goals_missed(row)
    return row


COMPARISON_RIGHT = {2, 3, 4, 5, 6, 7}
COLUMNS = [
    "page",
    "as",
    "req/s",
    "p50 ms",
    "p99 ms",
    "queries",
    "KB",
    "×sign-in",
    "×healthz",
    "1st byte ms",
    "goals",
]
RIGHT = {2, 3, 4, 5, 6, 7, 8, 9}


def _number(value, digits=1):
    return "" if value is None else f"{value:,.{digits}f}"


def cells(row):
    if row.failed or row.skipped:
        size = _number(None if row.bytes is None else row.bytes / 1024)
        why = f"FAILED: {row.failed}" if row.failed else f"skipped: {row.skipped}"
        first = _number(row.first_byte_ms)
        return [row.label, row.role, "", "", "", _number(row.queries, 0), size, "", "", first, why]
    answered = row.requests > 0  # none: slower than the run (its latencies are not known)
    return [
        row.label,
        row.role,
        _number(row.rps),
        _number(row.p50_ms if answered else None),
        _number(row.p99_ms if answered else None),
        _number(row.queries, 0),
        _number(None if row.bytes is None else row.bytes / 1024),
        _number(row.ratio_sign_in, 2),
        _number(row.ratio_healthz, 3),
        _number(row.first_byte_ms),
        ", ".join(row.missed) if row.missed else "ok",
    ]


def _width(text):
    """Columns a string takes on a terminal: Chinese characters take two."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def text_table(header, lines, right=frozenset()):
    widths = [max(_width(str(c)) for c in column) for column in zip(header, *lines, strict=True)]

    def line(values):
        out = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - _width(str(value)))
            out.append(pad + str(value) if i in right else str(value) + pad)
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(v) for v in lines)])


def markdown_table(header, lines, right=frozenset()):
    def escape(value):
        return str(value).replace("|", "\\|")

    align = ["---:" if i in right else "---" for i in range(len(header))]
    rows = [header, align, *lines]
    return "\n".join("| " + " | ".join(escape(v) for v in row) + " |" for row in rows)


def summary(rows):
    pages = [r for r in rows if r.kind != "base"]
    failed = [r for r in pages if r.failed]
    skipped = [r for r in pages if r.skipped]
    missed = [r for r in pages if r.missed and not r.failed]
    met = len(pages) - len(failed) - len(skipped) - len(missed)
    text = f"{len(pages)} pages: {met} meet every goal, {len(missed)} miss one or more"
    if skipped:
        text += f", {len(skipped)} not loaded (made in the background)"
    return text + f", {len(failed)} failed"


def yardstick(rows, label):
    return next((r for r in rows if r.kind == "base" and r.label == label), None)


def drift(rows):
    """The yardstick measured at the start and again at the end: how steady the machine was."""
    first, last = yardstick(rows, SIGN_IN), yardstick(rows, SIGN_IN_AGAIN)
    if first is None or last is None or first.failed or last.failed or not first.rps:
        return "the sign-in page was not measured at both ends of the run"
    change = (last.rps - first.rps) / first.rps * 100
    return (
        f"The sign-in page: {first.rps:,.1f} req/s at the start, {last.rps:,.1f} at the end "
        f"({change:+.0f}%)."
    )


GOALS_TEXT = (
    f"Goals: every page ≥ {RATIO:.2f} × the sign-in page's req/s, a single object's page "
    f"≥ {OBJECT_RATIO:.2f} ×; p99 < {P99_MS:.0f} ms at 8 clients; admin changelists "
    f"p50 < {CHANGELIST_P50_MS:.0f} ms; HTML < {HTML_KB:.0f} KB; no errors."
)


# --- Files ----------------------------------------------------------------------------------------


def to_json(meta, rows):
    return json.dumps({**meta, "pages": [asdict(r) for r in rows]}, ensure_ascii=False, indent=1)


def rows_from_json(data):
    names = set(Row.__dataclass_fields__)
    return [Row(**{k: v for k, v in page.items() if k in names}) for page in data.get("pages", [])]


def to_markdown(meta, rows, comparison_text=""):
    machine = meta.get("machine", {})
    counts = meta.get("rows", {})
    lines = [
        f"# make bench, {meta.get('started', '')}",
        "",
        f"- machine: {machine.get('cpus')} CPUs, {machine.get('cpu_model', '')}, "
        f"{machine.get('memory', '')}; {machine.get('system', '')}",
        f"- PostgreSQL {machine.get('postgresql', '')}, Python {machine.get('python', '')}, "
        f"Django {machine.get('django', '')}, commit {machine.get('commit', '')}",
        f"- gunicorn {meta.get('workers')} workers; wrk -t{meta.get('threads')} "
        f"-c{meta.get('connections')} -d{meta.get('seconds')}s per page; load average "
        f"{meta.get('load_before', '?')} at the start, {meta.get('load_after', '?')} at the end",
        "- rows: " + ", ".join(f"{label} {n:,}" for label, n in counts.items()),
        "",
        GOALS_TEXT,
        "",
        markdown_table(COLUMNS, [cells(r) for r in rows], RIGHT),
        "",
        summary(rows) + ".",
        "",
        drift(rows),
    ]
    if meta.get("not_benchmarked"):
        lines += ["", "Not benchmarked: " + ", ".join(meta["not_benchmarked"]) + "."]
    if comparison_text:
        lines += ["", f"## Against {meta.get('compared_with', 'the previous run')}", ""]
        lines += [comparison_text]
    return "\n".join(lines) + "\n"


def previous_file(folder, before):
    """The newest result file in ``folder`` whose name sorts before ``before`` (the names are
    UTC timestamps)."""
    earlier = sorted(p for p in Path(folder).glob("*.json") if p.name < before)
    return earlier[-1] if earlier else None


# --- Comparison -----------------------------------------------------------------------------------


def _change(before, now):
    if not before or now is None:
        return None
    return (now - before) / before * 100


def compare(previous, current, include_gone=True):
    """Per page in both runs (by label and account): req/s and p99 before and now, and the change
    in per cent; pages of only one run are listed with the other side empty (those of only the
    previous run left out with ``include_gone=False``, for a run of some pages)."""
    before = {r.key: r for r in previous}
    now = {r.key: r for r in current}
    keys = [r.key for r in current]
    if include_gone:
        keys += [k for k in before if k not in now]
    result = []
    for key in keys:
        old, new = before.get(key), now.get(key)
        old_ok = old is not None and not old.failed and not old.skipped
        new_ok = new is not None and not new.failed and not new.skipped
        # A run with no answer in its time has a rate (0) but no latencies.
        old_p99 = old.p99_ms if old_ok and old.requests else None
        new_p99 = new.p99_ms if new_ok and new.requests else None
        label, role = (new or old).label, (new or old).role
        result.append(
            {
                "key": key,
                "page": label,
                "as": role,
                "rps_before": old.rps if old_ok else None,
                "rps_now": new.rps if new_ok else None,
                "rps_change": _change(old.rps, new.rps) if old_ok and new_ok else None,
                "p99_before": old_p99,
                "p99_now": new_p99,
                "p99_change": _change(old_p99, new_p99),
            }
        )
    return result


def _percent(value):
    return "" if value is None else f"{value:+.0f}%"


def comparison_lines(changes):
    header = [
        "page",
        "as",
        "req/s before",
        "req/s now",
        "change",
        "p99 before",
        "p99 now",
        "change",
    ]
    lines = [
        [
            c["page"],
            c["as"],
            _number(c["rps_before"]),
            _number(c["rps_now"]),
            _percent(c["rps_change"]),
            _number(c["p99_before"]),
            _number(c["p99_now"]),
            _percent(c["p99_change"]),
        ]
        for c in changes
    ]
    return header, lines
