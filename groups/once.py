"""A double submit makes one row.

Every POST form of the site carries a one-time token (``submit_token``, added by
``static/js/site.js`` when the page loads; a client may send its own). A create view decorated
with ``@once`` records the token with the user in the same transaction as what the view writes.
The same token sent again, a double click or a resent page, even at the same moment, finds it
there (the unique index makes the second request wait for the first to commit) and is sent where
the first one led, with a message, and writes nothing.

A POST without a token is handled as before: scripts and old pages keep working, and the
database's own constraints still stop what must never be doubled.
"""

import datetime
import functools
import re

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Submission

FIELD = "submit_token"
TOKEN = re.compile(r"[A-Za-z0-9-]{16,64}")
KEPT = datetime.timedelta(days=2)


def once(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not TOKEN.fullmatch(token) or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    submission = Submission.objects.create(user=request.user, token=token)
            except IntegrityError:
                first = Submission.objects.filter(user=request.user, token=token).first()
                messages.info(request, _("This form was already sent; it was saved once."))
                return HttpResponseRedirect(
                    first.result_url if first and first.result_url else request.path
                )
            response = view(request, *args, **kwargs)
            if response.status_code in (301, 302, 303) and response.get("Location"):
                submission.result_url = response["Location"][:500]
                submission.save(update_fields=["result_url"])
            else:
                # Nothing was saved (the form had errors): the same token may be sent again.
                submission.delete()
        _purge_now_and_then(submission)
        return response

    return wrapper


def _purge_now_and_then(submission):
    # One small DELETE every hundred submissions keeps the table to about two days of them.
    if submission.pk and submission.pk % 100 == 0:
        Submission.objects.filter(created_at__lt=timezone.now() - KEPT).delete()
