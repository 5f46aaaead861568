"""City-wide tables as files without holding a web worker: a CSV streams at once (its first byte
leaves before the first row is read), an XLSX, which a spreadsheet library can only write whole,
is made in the background by a task (``django-tasks``: Django's own tasks API, run by
``manage.py db_worker`` in production) while its page shows how far it has come, and is then
downloaded from there.

Each app registers the tables it offers with ``@table("app.name")``: a function of the user and
the request's parameters that checks what the user may read (404 otherwise, as the page would)
and returns a ``Table``. The same function serves the CSV in the request and the XLSX in the
task, so both hold the same rows for the same person.
"""

import datetime
import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from downloads.models import KEPT_HOURS, Download
from groups import replica
from groups.export import csv_response, table_format, write_xlsx

log = logging.getLogger(__name__)

#: How many files one person may have waiting or being made at once: a page (or another site's
#: page) cannot fill the queue with one person's requests.
MOST_WAITING = 3
#: A second request for the same table while its file is still being made (a double click, a
#: reload) goes to that file, if it was asked for within this many seconds.
SAME_REQUEST_SECONDS = 600


@dataclass
class Table:
    name: str  # the file's name, without its extension
    title: str  # the sheet's title
    header: list
    rows: Iterable
    # How many rows there will be (a query's ``count``), asked only for a file made in the
    # background, to show its progress.
    count: Callable[[], int] | None = None
    # What makes the same table again, as the function resolved the request's parameters (a
    # period chosen by default, say): given to the task. None: the parameters as asked.
    params: dict | None = None


TABLES: dict[str, Callable] = {}


def table(kind):
    """Register a table-making function ``f(user, params) -> Table`` under ``kind``."""

    def register(function):
        TABLES[kind] = function
        return function

    return register


def table_download(request, kind, fmt, params):
    """The table ``kind`` for this request: a CSV streamed now, or an XLSX made in the
    background (a redirect to its page). ``params`` are what the table function needs, checked
    here first so that a request it refuses is refused now (404), not later."""
    fmt = table_format(fmt)
    made = TABLES[kind](request.user, params)
    if fmt == "csv":
        return csv_response(f"{made.name}.csv", made.header, made.rows)
    if made.params is not None:
        params = made.params
    with transaction.atomic(using="default"):
        # One person's requests one at a time (a double click makes one file): their account's
        # row is locked while the waiting ones are looked at, on the primary.
        get_user_model().objects.using("default").select_for_update().filter(
            pk=request.user.pk
        ).first()
        waiting = (
            Download.objects.using("default")
            .of(request.user)
            .filter(status__in=[Download.Status.QUEUED, Download.Status.RUNNING])
            .defer("content")
        )
        recent = timezone.now() - datetime.timedelta(seconds=SAME_REQUEST_SECONDS)
        same = waiting.filter(kind=kind, fmt=fmt, params=params, created_at__gte=recent).first()
        if same is not None:
            return redirect(same)
        if waiting.count() >= MOST_WAITING:
            messages.warning(
                request,
                _("You have %(count)d files being made already: wait for one of them to be ready.")
                % {"count": MOST_WAITING},
            )
            return redirect("downloads:list")
        download = Download.objects.create(
            user=request.user,
            kind=kind,
            params=params,
            fmt=fmt,
            language=translation.get_language() or "en",
            asked_at_url=_asked_at(request),
            filename=f"{made.name}.{fmt}",
            rows_total=made.count() if made.count else None,
        )
    # Queued in the request's own transaction (the database backend's task row commits with the
    # download; the immediate one runs it here). A reader who has just written reads the primary
    # for a while (groups.replica): so does the task made for them.
    make_file.enqueue(download.pk, replica.wrote_recently(request))
    return redirect(download)


def _asked_at(request):
    back = request.headers.get("referer", "")
    host = request.get_host()
    for prefix in (f"https://{host}", f"http://{host}"):
        if back.startswith(prefix + "/"):
            return back[len(prefix) :][:500]
    return ""


@task()
def make_file(pk, fresh=False):
    """Make the file of download ``pk``: its table read again for its owner, written row by row,
    the progress saved every thousand rows. A table its owner may no longer read, or any error,
    marks the download failed with a reason; nothing half-made is offered."""
    download = Download.objects.defer("content").select_related("user").filter(pk=pk).first()
    if download is None or download.status != Download.Status.QUEUED:
        return
    _forget_old()
    Download.objects.filter(pk=pk).update(status=Download.Status.RUNNING, started_at=timezone.now())

    def progress(rows):
        Download.objects.filter(pk=pk).update(rows_done=rows)

    with translation.override(download.language), replica.reads(not fresh):
        try:
            making = TABLES.get(download.kind)
            if making is None:  # a table no longer offered
                raise Http404
            made = making(download.user, download.params)
            out = io.BytesIO()
            written = write_xlsx(out, [(made.title, made.header, made.rows)], progress)
        except (Http404, PermissionDenied):
            _fail(pk, _("You may no longer read these records."))
            return
        except Exception:
            log.exception("Download %s could not be made", pk)
            _fail(pk, _("The file could not be made. Ask for it again; if it fails again, tell "
                        "the site's administrators."))  # fmt: skip
            return
    content = out.getvalue()
    Download.objects.filter(pk=pk).update(
        status=Download.Status.DONE,
        content=content,
        size=len(content),
        rows_done=written,
        rows_total=written,
        finished_at=timezone.now(),
    )


def _fail(pk, reason):
    Download.objects.filter(pk=pk).update(
        status=Download.Status.FAILED, error=reason, finished_at=timezone.now()
    )


def _forget_old():
    """Files older than ``KEPT_HOURS`` go: they hold people's data and can be made again."""
    cutoff = timezone.now() - datetime.timedelta(hours=KEPT_HOURS)
    Download.objects.filter(created_at__lt=cutoff).delete()
