from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.capabilities import Capability, user_can
from groups.forms import refusals_into
from groups.models import UnionGroup
from groups.once import once
from groups.paging import with_page_figures
from groups.scoping import Level, user_scope
from meetings import services
from meetings.access import get_resolution_for_user, get_rw_resolution_report_for_user
from meetings.forms import ResolutionForm, ResolutionReportForm
from meetings.models import Resolution, ResolutionReport


def resolution_list(request):
    user = request.user
    today = timezone.localdate()
    resolutions = (
        Resolution.objects.visible_to(user)
        .select_related("factory", "workshop")
        .order_by("-issued_on", "-pk")
    )
    page = Paginator(resolutions, 25).get_page(request.GET.get("page"))
    # The reports of the page's resolutions only, counted in one grouped query.
    with_page_figures(
        page,
        ResolutionReport.objects.visible_to(user),
        "resolution",
        sent=Count("pk"),
        done=Count("pk", filter=Q(status="done")),
    )
    context = {"page": page, "today": today, "can_issue": user_can(user, Capability.MANAGE_GROUPS)}
    return render(request, "meetings/resolution_list.html", context)


def _issuing_unit(user):
    """The factory union and, for workshop staff, the workshop union a user issues for."""
    scope = user_scope(user)
    if user.is_superuser or not user_can(user, Capability.MANAGE_GROUPS):
        raise PermissionDenied
    if scope.level == Level.WORKSHOP:
        return scope.workshop.factory, scope.workshop
    return scope.factory, None


@once
def resolution_create(request):
    factory, workshop = _issuing_unit(request.user)
    groups = UnionGroup.objects.visible_to(request.user).active().select_related("workshop")
    form = ResolutionForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            resolution = services.resolution_issue(
                user=request.user,
                factory=factory,
                workshop=workshop,
                title=data["title"],
                text=data["text"],
                issued_on=data["issued_on"],
                due_on=data["due_on"],
                groups=data["groups"],
            )
        if call.done:
            messages.success(request, _("The resolution is issued to the groups."))
            return redirect(resolution)
    context = {"form": form, "issuer": workshop or factory}
    return render(request, "meetings/resolution_form.html", context)


def resolution_detail(request, pk):
    resolution = get_resolution_for_user(request.user, pk)
    reports = (
        ResolutionReport.objects.visible_to(request.user)
        .filter(resolution=resolution)
        .select_related("group__workshop", "meeting")
    )
    counts = reports.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status="done")),
        reported=Count("pk", filter=Q(reported_at__isnull=False)),
    )
    context = {
        "resolution": resolution,
        "reports": reports,
        "counts": counts,
        "overdue": resolution.due_on < timezone.localdate(),
        "perms_write": user_can(request.user, Capability.WRITE_RECORDS),
    }
    return render(request, "meetings/resolution_detail.html", context)


def resolution_report_edit(request, pk):
    report = get_rw_resolution_report_for_user(request.user, pk)
    form = ResolutionReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            services.resolution_report(
                report=report,
                user=request.user,
                status=data["status"],
                note=data["note"],
                meeting=data["meeting"],
            )
        if call.done:
            messages.success(request, _("The report on the resolution is sent."))
            return redirect(report.resolution)
    return render(request, "meetings/resolutionreport_form.html", {"form": form, "report": report})
