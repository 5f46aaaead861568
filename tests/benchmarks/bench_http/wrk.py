"""Running ``wrk`` and reading its ``--latency`` report."""

import re
import shutil
import subprocess
from dataclasses import dataclass

# wrk prints times as us, ms, s, then m and h (units.c); everything here is in milliseconds.
TIME_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_TIME = re.compile(r"^([0-9.]+)(us|ms|s|m|h)$")


class WrkError(Exception):
    pass


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p75_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    seconds: float
    non_2xx_3xx: int = 0
    socket_errors: int = 0  # connect, read, write and timeout errors together

    @property
    def errors(self):
        return self.non_2xx_3xx + self.socket_errors


def milliseconds(text):
    """wrk's time in milliseconds: ``'213.95us'`` → 0.21395, ``'2.64ms'`` → 2.64,
    ``'1.20s'`` → 1200.0, ``'1.00m'`` → 60000.0."""
    match = _TIME.match(text.strip())
    if not match:
        raise WrkError(f"not a wrk time: {text!r}")
    return float(match.group(1)) * TIME_UNITS[match.group(2)]


def parse(output):
    """The numbers of one ``wrk --latency`` run's report."""
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    rate = re.search(r"^Requests/sec:\s+([0-9.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in (\S+?),", output, re.MULTILINE)
    if not rate or not total or len(percentiles) < 4:
        raise WrkError("not a wrk --latency report:\n" + output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return WrkResult(
        requests_per_second=float(rate.group(1)),
        p50_ms=milliseconds(percentiles["50"]),
        p75_ms=milliseconds(percentiles["75"]),
        p90_ms=milliseconds(percentiles["90"]),
        p99_ms=milliseconds(percentiles["99"]),
        requests=int(total.group(1)),
        seconds=milliseconds(total.group(2)) / 1000,
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
    )


def command(url, seconds, connections=8, threads=2, cookie=None, script=None):
    args = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",  # whole seconds: wrk reads no decimals
        # A slow page is measured, not dropped: wrk's default 2 s would count it as a timeout
        # and leave it out of the latencies.
        "--timeout",
        "30s",
        "--latency",
    ]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    if script:
        args += ["-s", str(script)]
    return [*args, url]


def run(url, seconds, connections=8, threads=2, cookie=None, script=None):
    done = subprocess.run(
        command(url, seconds, connections, threads, cookie, script),
        capture_output=True,
        text=True,
        check=False,
        timeout=seconds + 120,
    )
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()
        raise WrkError(f"wrk exited with {done.returncode}: {said[0] if said else ''}")
    return parse(done.stdout)


def available():
    return shutil.which("wrk") is not None
