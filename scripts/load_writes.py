"""Write load and faults against a real server: gunicorn with production settings on PostgreSQL.

    python scripts/load_writes.py [--seconds 60] [--clients 16] [--restart-db]

It builds a throw-away database (``unionsite_load`` on the PostgreSQL of DATABASE_URL, default
postgres://postgres@127.0.0.1:5432), seeds the demo city, starts gunicorn on 127.0.0.1 and drives
it with client threads signed in as the demo leaders and staff. They record attendance of the
same meetings, progress entries on the same plans, welfare visits on the same cases and dues rules
in the admin, each create form with a one-time token as the browser sends it, and one submit in
four sent twice at the same moment (a double click). With ``--restart-db`` PostgreSQL is
restarted part-way through. Then the database is checked against what the server acknowledged
(a redirect after a POST): every acknowledged write present once, nothing doubled, no 5xx but
503 pages while the database was down. Loopback only; it stops by itself.
"""

import argparse
import collections
import datetime
import http.cookiejar
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PORT = 8765
ROOT = f"http://127.0.0.1:{PORT}"
ACCOUNTS = ["hanrun", "wenxiaoqing", "machine_staff", "steel_staff"]
PASSWORD = "unionsite-demo"
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = SERVER.rsplit("/", 1)[0] + "/unionsite_load"
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE,
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "load-test-" + "k" * 50,
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "UNIONSITE_OTP_REQUIRED": "0",
    "DJANGO_LOG_LEVEL": "CRITICAL",
    "DJANGO_STATIC_ROOT": "/tmp/unionsite-load-static",
    # Many sign-ins from one address are the point here.
    "DJANGO_SIGNIN_FAILURE_LIMIT": "1000",
}
PYTHON = sys.executable


def manage(*args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=ENV, check=True)


def build():
    import psycopg2

    dsn = urllib.parse.urlparse(SERVER)
    admin = psycopg2.connect(
        host=dsn.hostname, port=dsn.port or 5432, user=dsn.username or "postgres", dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("DROP DATABASE IF EXISTS unionsite_load WITH (FORCE)")
        cursor.execute("CREATE DATABASE unionsite_load")
    admin.close()
    print("building the demo city in unionsite_load …", flush=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    manage("seed_demo")


def targets():
    """Ids the clients write to, read with the ORM from the load database."""
    os.environ.update(ENV)
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "unionsite.settings"
    import django

    django.setup()
    from django.utils import timezone

    from competitions.models import GuaranteePlan
    from groups.models import FactoryUnion, UnionGroup
    from meetings.models import Meeting
    from welfare.models import WelfareCase

    today = timezone.localdate()
    found = {}
    for account, group_name in (("hanrun", "韓潤小組"), ("wenxiaoqing", "溫小清小組")):
        group = UnionGroup.objects.get(name=group_name)
        meetings = Meeting.objects.filter(group=group, scheduled_on__lte=today).order_by(
            "-scheduled_on"
        )[:2]
        plan = (
            GuaranteePlan.objects.filter(group=group, starts_on__lte=today, ends_on__gte=today)
            .order_by("-starts_on")
            .first()
        )
        case = WelfareCase.objects.filter(group=group).order_by("-opened_on").first()
        found[account] = {
            "group": group.pk,
            "meetings": [
                (m.pk, list(group.members.active().values_list("pk", flat=True))) for m in meetings
            ],
            "plan": plan.pk if plan else None,
            "indicator": plan.indicators.first().pk if plan else None,
            "case": case.pk if case else None,
        }
    staff_factory = {
        "machine_staff": FactoryUnion.objects.get(name="太原機器廠").pk,
        "steel_staff": FactoryUnion.objects.get(name="太原鋼鐵廠").pk,
    }
    return found, staff_factory


class Client:
    def __init__(self, account, jar=None):
        self.account = account
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        handler = urllib.request.HTTPCookieProcessor(self.jar)
        self.opener = urllib.request.build_opener(handler, NoRedirect())

    def _csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, path):
        return self._send(urllib.request.Request(ROOT + path))

    def post(self, path, data):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._csrf()}, doseq=True)
        request = urllib.request.Request(ROOT + path, data=body.encode(), method="POST")
        request.add_header("Referer", ROOT + path)
        return self._send(request)

    def _send(self, request):
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode(errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            return 0, {}, str(error)

    def sign_in(self):
        self.get("/accounts/login/")
        status, headers, _ = self.post(
            "/accounts/login/", {"username": self.account, "password": PASSWORD}
        )
        return status == 302


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp

    http_error_301 = http_error_303 = http_error_307 = http_error_302


class Run:
    def __init__(self, found, staff_factory, seconds):
        self.found, self.staff_factory = found, staff_factory
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.timeline = []  # (time, status)
        self.acknowledged = {"progress": [], "visit": [], "dues": [], "attendance": 0}
        # Markers of this run's writes, apart from any earlier run's in the same database.
        self.counter = self.first_number = random.randrange(10**6, 10**8, 10**5)
        self.start = time.monotonic()

    def next_number(self):
        with self.lock:
            self.counter += 1
            return self.counter

    def record(self, status):
        with self.lock:
            self.statuses[status] += 1
            self.timeline.append((time.monotonic() - self.start, status))

    def twice(self, client, path, data):
        """Send the POST once, or one time in four twice at the same moment (a double click)."""
        if random.random() >= 0.25:
            status, headers, _ = client.post(path, data)
            self.record(status)
            return [status]
        twin = Client(client.account, jar=client.jar)  # the same browser: its cookies
        results = [None, None]
        barrier = threading.Barrier(2)

        def send(i, who):
            barrier.wait()
            status, _, _ = who.post(path, data)
            results[i] = status
            self.record(status)

        threads = [threading.Thread(target=send, args=(i, c)) for i, c in enumerate((client, twin))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    def leader(self, account):
        client = Client(account)
        while not client.sign_in():
            if time.monotonic() > self.deadline:
                return
            time.sleep(0.5)
        mine = self.found[account]
        today = datetime.date.today().isoformat()
        while time.monotonic() < self.deadline:
            choice = random.choice(["attendance", "progress", "visit"])
            if choice == "attendance" and mine["meetings"]:
                meeting, members = random.choice(mine["meetings"])
                body = {f"status_{m}": random.choice(["present", "excused"]) for m in members}
                statuses = self.twice(client, f"/meetings/{meeting}/attendance/", body)
                with self.lock:
                    self.acknowledged["attendance"] += statuses.count(302)
            elif choice == "progress" and mine["plan"]:
                number = self.next_number()
                body = {
                    "indicator": mine["indicator"],
                    "on": today,
                    "value": str(number),
                    "submit_token": uuid.uuid4().hex,
                }
                path = f"/competitions/plans/{mine['plan']}/progress/new/"
                if 302 in self.twice(client, path, body):
                    with self.lock:
                        self.acknowledged["progress"].append(number)
            elif choice == "visit" and mine["case"]:
                marker = f"load-{self.next_number()}"  # unique to this run
                body = {
                    "done_on": today,
                    "who": "韓潤",
                    "brought": "雞蛋",
                    "text": marker,
                    "submit_token": uuid.uuid4().hex,
                }
                path = f"/welfare/cases/{mine['case']}/actions/visit/new/"
                if 302 in self.twice(client, path, body):
                    with self.lock:
                        self.acknowledged["visit"].append(marker)

    def staff(self, account):
        client = Client(account)
        while not client.sign_in():
            if time.monotonic() > self.deadline:
                return
            time.sleep(0.5)
        factory = self.staff_factory[account]
        while time.monotonic() < self.deadline:
            month = datetime.date(random.randint(1990, 2019), random.randint(1, 12), 1)
            body = {
                "factory": factory,
                "effective_from": month.isoformat(),
                "rate": "0.50",
                "minimum": "0.20",
                "step": "0.10",
                "group_share": "0",
                "factory_share": "60",
                "federation_share": "40",
                "submit_token": uuid.uuid4().hex,
            }
            statuses = self.twice(client, "/admin/dues/duesrule/add/", body)
            if 302 in statuses:
                with self.lock:
                    self.acknowledged["dues"].append((factory, month))


def check(run):
    from django.db.models import Count

    from competitions.models import ProgressEntry
    from dues.models import DuesRule
    from welfare.models import CaseAction

    report = {}
    # Only this run's markers: every one it sent lies between the first and the last number.
    first, last = run.first_number, run.counter
    values = list(run.acknowledged["progress"])
    rows = collections.Counter(
        int(v)
        for v in ProgressEntry.objects.filter(value__gte=first, value__lte=last).values_list(
            "value", flat=True
        )
    )
    report["progress acknowledged"] = len(values)
    report["progress missing"] = sum(1 for v in values if rows[v] == 0)
    report["progress doubled"] = sum(1 for n in rows.values() if n > 1)
    markers = {f"load-{n}" for n in range(first, last + 1)}
    texts = collections.Counter(
        t
        for t in CaseAction.objects.filter(text__startswith="load-").values_list("text", flat=True)
        if t in markers
    )
    report["visits acknowledged"] = len(run.acknowledged["visit"])
    report["visits missing"] = sum(1 for t in run.acknowledged["visit"] if texts[t] == 0)
    report["visits doubled"] = sum(1 for n in texts.values() if n > 1)
    dues = set(DuesRule.objects.values_list("factory", "effective_from"))
    report["dues acknowledged"] = len(run.acknowledged["dues"])
    report["dues missing"] = sum(1 for key in run.acknowledged["dues"] if key not in dues)
    report["dues doubled"] = (
        DuesRule.objects.values("factory", "effective_from")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    report["attendance acknowledged"] = run.acknowledged["attendance"]
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--restart-db", action="store_true")
    parser.add_argument("--no-build", action="store_true", help="reuse unionsite_load as it is")
    args = parser.parse_args()
    if not args.no_build:
        build()
    found, staff_factory = targets()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "unionsite.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "3",
            "--threads",
            "2",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=ENV,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(ROOT + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        run = Run(found, staff_factory, args.seconds)
        people = ["hanrun", "wenxiaoqing"] * 4 + ["machine_staff", "steel_staff"] * 4
        people = (people * (args.clients // len(people) + 1))[: args.clients]
        threads = [
            threading.Thread(
                target=run.staff if account.endswith("_staff") else run.leader, args=(account,)
            )
            for account in people
        ]
        for thread in threads:
            thread.start()
        down = None
        if args.restart_db:
            time.sleep(args.seconds / 3)
            version = sorted(os.listdir("/etc/postgresql"))[-1]
            began = time.monotonic() - run.start
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                check=True,
            )
            down = (began, time.monotonic() - run.start)
        for thread in threads:
            thread.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    from django.db import connections

    connections.close_all()
    report = check(run)
    fives = {s: n for s, n in run.statuses.items() if s >= 500 or s == 0}
    print(f"requests: {sum(run.statuses.values())} in {args.seconds} s by {args.clients} clients")
    print("answers:", dict(sorted(run.statuses.items())))
    if down:
        inside = [
            s for t, s in run.timeline if down[0] - 1 <= t <= down[1] + 5 and (s >= 500 or s == 0)
        ]
        outside = [
            s
            for t, s in run.timeline
            if not down[0] - 1 <= t <= down[1] + 5 and (s >= 500 or s == 0)
        ]
        print(f"PostgreSQL restarted from {down[0]:.1f} s to {down[1]:.1f} s")
        print(f"  failures while it restarted: {collections.Counter(inside)}")
        print(f"  failures at other times: {len(outside)}")
    for key, value in report.items():
        print(f"{key}: {value}")
    lost = sum(v for k, v in report.items() if k.endswith(("missing", "doubled")))
    bad = sum(n for s, n in fives.items() if s != 503) if down else sum(fives.values())
    print("RESULT:", "ok" if lost == 0 and bad == 0 else "FAILED")
    return 0 if lost == 0 and bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
