"""django-axes' records of sign-in attempts, in the admin without its date drill-down: the table
grows with every attempt an attacker makes, and a hand-typed year would overflow the drill-down's
date arithmetic (see ``groups.admin_filters``)."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

from groups.admin_filters import SafeChangelistMixin, date_range

for model, base in (
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(
        model,
        type(
            base.__name__,
            (SafeChangelistMixin, base),
            {
                "date_hierarchy": None,
                "list_filter": [date_range("attempt_time"), *base.list_filter],
            },
        ),
    )
