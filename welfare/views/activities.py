"""A group's recreation and culture activities: the list, adding, editing, deleting and
restoring."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.access import get_group_for_user, get_rw_group_for_user
from groups.capabilities import Capability, user_can
from groups.forms import refusals_into
from groups.once import once
from groups.paging import filters_query
from groups.voiding import restore_page
from welfare import services
from welfare.access import (
    get_rw_activity_for_user,
)
from welfare.forms import (
    ActivityForm,
)


def activity_list(request, group_pk):
    group = get_group_for_user(request.user, group_pk)
    activities = group.activities.annotate(taking_part=Count("participants")).order_by(
        "-held_on", "-pk"
    )
    year_ago = timezone.localdate() - datetime.timedelta(days=364)
    context = {
        "group": group,
        "page": Paginator(activities, 25).get_page(request.GET.get("page")),
        "year_count": group.activities.filter(held_on__gte=year_ago).count(),
        "perms_write": user_can(request.user, Capability.WRITE_RECORDS, group),
        "query": filters_query(request),
    }
    return render(request, "welfare/activity_list.html", context)


@once
def activity_create(request, group_pk):
    group = get_rw_group_for_user(request.user, group_pk)
    return _activity_form(request, group, None)


def activity_edit(request, pk):
    activity = get_rw_activity_for_user(request.user, pk)
    return _activity_form(request, activity.group, activity)


def _activity_form(request, group, activity):
    form = ActivityForm(request.POST or None, instance=activity, group=group)
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            services.activity_save(
                group=group, user=request.user, activity=activity, **form.cleaned_data
            )
        if call.done:
            messages.success(request, _("The activity is saved."))
            return redirect("welfare:activity_list", group.pk)
    context = {"form": form, "group": group, "activity": activity}
    return render(request, "welfare/activity_form.html", context)


def activities_deleted(request, group_pk):
    """The group's last deleted activities, each with a button that brings it back."""
    group = get_rw_group_for_user(request.user, group_pk)
    context = {"group": group, "records": services.activities_deleted(group)}
    return render(request, "welfare/activities_deleted.html", context)


@require_POST
def activity_restore(request, group_pk):
    group = get_rw_group_for_user(request.user, group_pk)
    return restore_page(
        request,
        reverse("welfare:activity_list", args=[group.pk]),
        lambda **kw: services.activity_restore(group=group, **kw),
        missing=_("This activity is not among the group's deleted activities."),
        done=_("The activity is restored."),
    )


def activity_delete(request, pk):
    activity = get_rw_activity_for_user(request.user, pk)
    group = activity.group
    if request.method == "POST":
        services.activity_delete(activity=activity, user=request.user)
        messages.success(request, _("The activity is deleted; its history keeps it."))
        return redirect("welfare:activity_list", group.pk)
    context = {"activity": activity, "group": group}
    return render(request, "welfare/activity_delete.html", context)
