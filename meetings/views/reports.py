from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.access import get_rw_group_for_user
from groups.capabilities import Capability, user_can
from groups.once import once
from meetings import services
from meetings.access import get_group_report_for_user, get_managed_group_report_for_user
from meetings.forms import AnswerForm, GroupReportForm
from meetings.models import GroupReport


def report_list(request):
    """Factory and workshop staff: the inbox of their groups' reports, unread first. A group:
    what it has sent, and the answers."""
    reports = GroupReport.objects.visible_to(request.user).select_related("group__workshop")
    inbox = user_can(request.user, Capability.MANAGE_GROUPS)
    if inbox:
        # Unread first on every database: PostgreSQL sorts NULLs last in ascending order.
        reports = reports.order_by(F("read_at").asc(nulls_first=True), "-sent_at", "-pk")
    if request.GET.get("unread"):
        reports = reports.unread()
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    return render(request, "meetings/groupreport_list.html", {"page": page, "inbox": inbox})


@once
def report_create(request, group_pk):
    group = get_rw_group_for_user(request.user, group_pk)
    form = GroupReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = services.group_report_send(group=group, user=request.user, **form.cleaned_data)
        messages.success(request, _("The report is sent to the union."))
        return redirect(report)
    return render(request, "meetings/groupreport_form.html", {"form": form, "group": group})


def report_detail(request, pk):
    report = get_group_report_for_user(request.user, pk)
    context = {
        "report": report,
        "group": report.group,
        "can_answer": user_can(request.user, Capability.MANAGE_GROUPS, report),
        "answer_form": AnswerForm(initial={"answer": report.answer}),
    }
    return render(request, "meetings/groupreport_detail.html", context)


@require_POST
def report_read(request, pk):
    report = get_managed_group_report_for_user(request.user, pk)
    services.group_report_read(report=report, user=request.user)
    messages.success(request, _("The report is marked as read."))
    return redirect(report)


@require_POST
def report_answer(request, pk):
    report = get_managed_group_report_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.group_report_answer(
            report=report, user=request.user, answer=form.cleaned_data["answer"]
        )
        messages.success(request, _("Your answer is sent to the group."))
        return redirect(report)
    context = {"report": report, "group": report.group, "can_answer": True, "answer_form": form}
    return render(request, "meetings/groupreport_detail.html", context, status=400)
