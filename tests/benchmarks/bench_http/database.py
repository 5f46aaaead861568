"""The city database ``unionsite_city``, the production environment the server and this process
share, and what is written down about the machine and the data."""

import os
import platform
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[3]
DB_NAME = "unionsite_city"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"
STATIC_ROOT = Path(tempfile.gettempdir()) / "unionsite-bench-http-static"
PYTHON = sys.executable


def database_url():
    """``unionsite_city`` on the PostgreSQL server of DATABASE_URL (default 127.0.0.1:5432)."""
    server = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    parts = urlsplit(server)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        parts = urlsplit(DEFAULT_SERVER)  # a SQLite DATABASE_URL: the local PostgreSQL
    return urlunsplit(parts._replace(path=f"/{DB_NAME}", query=""))


def production_env(url, static_root=STATIC_ROOT):
    """The environment of gunicorn and of this process's Django: production settings (DEBUG off,
    the second factor required) served over plain HTTP on the loopback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_REPLICA_URL", "UNIONSITE_OTP_REQUIRED", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="unionsite.settings",
        DJANGO_DEBUG="0",
        # Throw-away, one per run: the sessions made here are read by the server in the same run.
        DJANGO_SECRET_KEY="bench-http-" + secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="ERROR",
    )
    return env


def _admin_connection(url):
    import psycopg2

    parts = urlsplit(url)
    params = {
        "host": parts.hostname,
        "port": parts.port,
        "user": parts.username or "postgres",
        "password": parts.password,
        "dbname": "postgres",
    }
    connection = psycopg2.connect(**{k: v for k, v in params.items() if v is not None})
    connection.autocommit = True
    return connection


def _exists(url):
    connection = _admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
            return cursor.fetchone() is not None
    finally:
        connection.close()


def _create(url, drop=False):
    if drop:
        _drop(url)
    connection = _admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    finally:
        connection.close()


def _drop(url):
    connection = _admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    finally:
        connection.close()


def _query(url, sql):
    """One value from the city database, or None when the table is not there yet."""
    import psycopg2

    parts = urlsplit(url)
    params = {
        "host": parts.hostname,
        "port": parts.port,
        "user": parts.username or "postgres",
        "password": parts.password,
        "dbname": DB_NAME,
    }
    connection = psycopg2.connect(**{k: v for k, v in params.items() if v is not None})
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
            return row[0] if row else None
    except psycopg2.errors.UndefinedTable:
        return None
    finally:
        connection.close()


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )


def scale_options(env):
    """The options of ``seed_demo`` about the big city, as its ``--help`` lists them."""
    text = manage(env, "seed_demo", "--help", capture=True).stdout
    return {option for option in ("--scale", "--groups", "--members") if option in text}


def ensure_city(env, rebuild=False, groups=None, say=print):
    """Make sure ``unionsite_city`` holds the demo and, where the seeder can, the big city; return
    a note on what it holds."""
    url = env["DATABASE_URL"]
    if rebuild or not _exists(url):
        say(f"creating {DB_NAME} …")
        _create(url, drop=rebuild)
    say("migrating …")
    manage(env, "migrate", "--noinput", "-v", "0")
    has_demo = _query(url, "SELECT count(*) FROM groups_federation")
    has_city = _query(url, "SELECT count(*) FROM auth_user WHERE username = 'city_leader'")
    options = scale_options(env)
    if "--scale" in options and not has_city:
        args = ["seed_demo", "--scale", "city"]
        if groups and "--groups" in options:
            args += ["--groups", str(groups)]
            if "--members" in options:
                args += ["--members", str(groups * 16)]
        say(f"building the city: manage.py {' '.join(args)} (this takes a while) …")
        try:
            if not has_demo:
                manage(env, "seed_demo")
            manage(env, *args)
        except subprocess.CalledProcessError:
            # Half a city would pass for a whole one next time: build it again then.
            _drop(url)
            raise SystemExit(f"seed_demo failed; {DB_NAME} dropped (see the error above)") from None
    elif not has_demo:
        say("seeding the demo: manage.py seed_demo …")
        manage(env, "seed_demo")
    if "--scale" not in options:
        say("note: seed_demo has no --scale yet; benchmarking the plain demo city")
    elif has_city and groups:
        say(f"note: {DB_NAME} already holds a city; --groups applies with --rebuild")


def collectstatic(env):
    """Production serves the static files from a manifest (whitenoise): the pages need one."""
    manage(env, "collectstatic", "--noinput", "-v", "0")


def configure_django(env):
    """Django in this process, with the server's settings, for picking objects, making sessions,
    counting queries and rows."""
    os.environ.update(env)
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


# Rows of the main tables, written into the result files beside the numbers.
COUNTED = [
    ("factory unions", "groups.FactoryUnion"),
    ("workshop unions", "groups.WorkshopUnion"),
    ("union groups", "groups.UnionGroup"),
    ("members", "groups.Member"),
    ("memberships", "groups.GroupMembership"),
    ("roles", "groups.Role"),
    ("meetings", "meetings.Meeting"),
    ("attendance", "meetings.Attendance"),
    ("action items", "meetings.ActionItem"),
    ("guarantee plans", "competitions.GuaranteePlan"),
    ("progress entries", "competitions.ProgressEntry"),
    ("campaign scores", "competitions.Score"),
    ("proposals", "competitions.Proposal"),
    ("welfare cases", "welfare.WelfareCase"),
    ("case actions", "welfare.CaseAction"),
    ("activities", "welfare.Activity"),
    ("assessments", "oversight.Assessment"),
    ("dues payments", "dues.DuesPayment"),
    ("users", "auth.User"),
]


def row_counts():
    from django.apps import apps

    return {label: apps.get_model(name).objects.count() for label, name in COUNTED}


def machine():
    """The machine and the versions the numbers were measured with."""
    import django
    from django.db import connection

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": pg_version,
        "commit": commit,
    }
