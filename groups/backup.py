"""Backups of the whole database, and their restore: ``make backup`` and ``make restore``.

PostgreSQL is dumped by ``pg_dump`` in its custom format and restored by ``pg_restore``; SQLite
is copied page by page with its online backup API, which is safe while the site runs.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections


def default_path(alias="default"):
    suffix = "dump" if _vendor(alias) == "postgresql" else "sqlite3"
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "backups" / f"unionsite-{stamp}.{suffix}"


def _vendor(alias):
    return connections[alias].vendor


def _pg_env(database):
    env = dict(os.environ)
    for key, name in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[name] = str(database[key])
    return env


def _run(command, env):
    if shutil.which(command[0]) is None:
        raise CommandError(f"{command[0]} is not installed (Debian: postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(path, alias="default"):
    """Write a backup of the database ``alias`` to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    database = connections[alias].settings_dict
    if _vendor(alias) == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={path}"], _pg_env(database))
    elif _vendor(alias) == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise CommandError(f"No backup for {_vendor(alias)}.")
    return path


def restore(path, alias="default", database_name=None):
    """Replace the contents of the database ``alias`` (or of ``database_name`` on its server)
    with the backup at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"No backup at {path}.")
    database = dict(connections[alias].settings_dict)
    if database_name:
        database["NAME"] = database_name
    if _vendor(alias) == "postgresql":
        connections[alias].close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={database['NAME']}",
                str(path),
            ],
            _pg_env(database),
        )
    elif _vendor(alias) == "sqlite":
        source = sqlite3.connect(path)
        if database_name:
            target = sqlite3.connect(database_name)
        else:
            connections[alias].ensure_connection()
            target = connections[alias].connection
        try:
            source.backup(target)
        finally:
            source.close()
            if database_name:
                target.close()
    else:
        raise CommandError(f"No restore for {_vendor(alias)}.")
