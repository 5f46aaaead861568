"""The welfare cases of a group: the list and its export, a case with its visits, aid and
claims (private to those who read case details), follow-ups, moves and voiding."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.access import get_group_for_user, require
from groups.capabilities import Capability, user_can
from groups.export import csv_response
from groups.forms import refusals_as_message, refusals_into
from groups.once import once
from groups.paging import filters_query
from groups.params import parse_id
from groups.people import named
from groups.replica import reads_from_replica
from groups.voiding import restore_page, void_page
from welfare import services
from welfare.access import (
    get_case_for_user,
    get_case_group_for_user,
    get_rw_action_for_user,
    get_rw_claim_for_user,
)
from welfare.forms import (
    ActionForm,
    CaseEditForm,
    CaseForm,
    ClaimForm,
    FollowUpForm,
    MoveForm,
)
from welfare.models import (
    CaseAccess,
    CaseAction,
    WelfareCase,
)

Status = WelfareCase.Status


def _filtered_cases(request):
    """The cases the user reads, narrowed by the list's filters: the group, the status (cases not
    closed by default), and follow-ups due."""
    require(request.user, Capability.READ_CASES)
    cases = WelfareCase.objects.visible_to(request.user)
    filters = {"status": request.GET.get("status", ""), "due": request.GET.get("due") == "1"}
    group = None
    if group_pk := parse_id(request.GET.get("group")):
        group = get_group_for_user(request.user, group_pk)
        cases = cases.filter(group=group)
    if filters["status"] in Status.values:
        cases = cases.filter(status=filters["status"])
    elif filters["status"] != "all":
        filters["status"] = ""
        cases = cases.active()
    if filters["due"]:
        cases = cases.follow_up_due(timezone.localdate()).order_by("follow_up_on", "pk")
    return cases, group, filters


def case_list(request):
    cases, group, filters = _filtered_cases(request)
    cases = cases.select_related("member", "group__workshop")
    context = {
        "page": Paginator(cases, 25).get_page(request.GET.get("page")),
        "group": group,
        "filters": filters,
        "statuses": Status.choices,
        "query": filters_query(request),
        "today": timezone.localdate(),
        "perms_write": group is not None
        and user_can(request.user, Capability.WRITE_RECORDS, group),
    }
    return render(request, "welfare/case_list.html", context)


@reads_from_replica
def case_export(request):
    """The listed cases as CSV, every page of them; each export is kept in the cases' access
    record."""
    cases, _group, _filters = _filtered_cases(request)
    cases = list(
        cases.select_related("member", "group__workshop__factory", *named("opened_by")).order_by(
            "opened_on", "pk"
        )
    )
    services.record_access(cases=cases, user=request.user, how=CaseAccess.How.EXPORTED)
    header = [
        _("Factory union"),
        _("Workshop union"),
        _("Union group"),
        _("Member"),
        _("Employee number"),
        _("Category"),
        _("How hard"),
        _("Status"),
        _("Opened on"),
        _("Follow up on"),
        _("Resolved on"),
        _("Closed on"),
        _("Description"),
    ]
    rows = (
        [
            case.group.workshop.factory.name,
            case.group.workshop.name,
            case.group.name,
            case.member.name,
            case.member.employee_number,
            case.get_category_display(),
            case.get_tier_display(),
            case.get_status_display(),
            case.opened_on,
            case.follow_up_on,
            case.resolved_on,
            case.closed_on,
            case.description,
        ]
        for case in cases
    )
    return csv_response(f"welfare-cases-{timezone.localdate():%Y%m%d}.csv", header, rows)


@once
def case_create(request, group_pk):
    group = get_case_group_for_user(request.user, group_pk)
    require(request.user, Capability.WRITE_RECORDS, group)
    form = CaseForm(
        request.POST or None, group=group, initial={"member": request.GET.get("member")}
    )
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            case = services.case_open(group=group, user=request.user, **form.cleaned_data)
        if call.done:
            messages.success(request, _("The case is opened."))
            return redirect(case)
    return render(request, "welfare/case_form.html", {"form": form, "group": group})


def case_detail(request, pk):
    case = get_case_for_user(request.user, pk)
    services.record_access(cases=[case], user=request.user)
    today = timezone.localdate()
    write = user_can(request.user, Capability.WRITE_RECORDS, case)
    actions = list(case.actions.select_related(*named("recorded_by")))
    changes = list(
        case.history.select_related(*named("history_user")).order_by(
            "-history_date", "-history_id"
        )[:30]
    )
    action_changes = list(
        CaseAction.history.filter(case_id=case.pk)
        .select_related(*named("history_user"))
        .order_by("-history_date", "-history_id")[:30]
    )
    context = {
        "case": case,
        "group": case.group,
        "actions": actions,
        "aid_total": sum((a.amount for a in actions if a.kind == "grant"), start=0),
        "claims": case.claims.all(),
        "status_changes": case.status_changes.select_related(*named("changed_by")),
        "changes": sorted(changes + action_changes, key=lambda r: r.history_date, reverse=True)[
            :30
        ],
        "accesses": case.accesses.select_related(*named("user"))[:20],
        "overdue": case.follow_up_overdue(today),
        "due": case.status != Status.CLOSED
        and case.follow_up_on is not None
        and case.follow_up_on <= today,
        "perms_write": write,
        "action_kinds": CaseAction.Kind.choices,
        "moves": [
            (s, Status(s).label, WelfareCase.is_reopening(case.status, s))
            for s in case.next_statuses
        ]
        if write
        else [],
        "follow_up_form": FollowUpForm(initial={"follow_up_on": case.follow_up_on})
        if write and case.status != Status.CLOSED
        else None,
    }
    return render(request, "welfare/case_detail.html", context)


def case_edit(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    if request.method == "GET":
        # The form shows the whole description: a reading like the case page.
        services.record_access(cases=[case], user=request.user)
    initial = {
        "category": case.category,
        "tier": case.tier,
        "description": case.description,
        "opened_on": case.opened_on,
    }
    form = CaseEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            services.case_update(case=case, user=request.user, **form.cleaned_data)
        if call.done:
            messages.success(request, _("The case is saved."))
            return redirect(case)
    context = {"form": form, "case": case, "group": case.group}
    return render(request, "welfare/case_edit.html", context)


@require_POST
def case_follow_up(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        with refusals_as_message(request) as call:
            services.set_follow_up(
                case=case, user=request.user, follow_up_on=form.cleaned_data["follow_up_on"]
            )
        if call.done:
            if case.follow_up_on:
                messages.success(
                    request,
                    _("Follow up on %(date)s.") % {"date": case.follow_up_on.isoformat()},
                )
            else:
                messages.success(request, _("The follow-up is cleared."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(case)


def case_move(request, pk, to_status):
    case = get_case_for_user(request.user, pk, write=True)
    if to_status not in Status.values:
        raise Http404
    if to_status not in case.next_statuses:
        messages.error(request, _("This case cannot be moved that way now."))
        return redirect(case)
    form = MoveForm(request.POST or None, case=case, to_status=to_status)
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            services.case_move(
                case=case,
                user=request.user,
                to_status=to_status,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        if call.done:
            messages.success(
                request, _("The case is now %(status)s.") % {"status": Status(to_status).label}
            )
            return redirect(case)
    reopening = WelfareCase.is_reopening(case.status, to_status)
    context = {
        "form": form,
        "case": case,
        "group": case.group,
        "to_status": Status(to_status),
        "reopening": reopening,
        "overdue": case.follow_up_overdue(timezone.localdate()),
    }
    return render(request, "welfare/case_move.html", context)


@once
def action_create(request, pk, kind):
    case = get_case_for_user(request.user, pk, write=True)
    if kind not in CaseAction.Kind.values:
        raise Http404
    if case.status == Status.CLOSED:
        messages.error(request, _("This case is closed: reopen it first."))
        return redirect(case)
    form = ActionForm(request.POST or None, case=case, kind=kind)
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            services.action_add(case=case, user=request.user, **form.action())
        if call.done:
            messages.success(
                request, _("Recorded: %(kind)s.") % {"kind": CaseAction.Kind(kind).label}
            )
            return redirect(case)
    context = {"form": form, "case": case, "group": case.group, "kind": CaseAction.Kind(kind)}
    return render(request, "welfare/action_form.html", context)


def case_void(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    return void_page(
        request,
        case,
        title=_("Void the case"),
        question=_("Void this welfare case?"),
        done=_("The case is void."),
    )


def action_delete(request, pk):
    action = get_rw_action_for_user(request.user, pk)
    case = action.case
    if request.method == "POST":
        services.action_delete(action=action, user=request.user)
        messages.success(request, _("The entry is deleted; its history keeps it."))
        return redirect(case)
    context = {"action": action, "case": case, "group": case.group}
    return render(request, "welfare/action_delete.html", context)


def actions_deleted(request, pk):
    """The case's last deleted entries, each with a button that brings it back."""
    case = get_case_for_user(request.user, pk, write=True)
    context = {"case": case, "group": case.group, "records": services.actions_deleted(case)}
    return render(request, "welfare/actions_deleted.html", context)


@require_POST
def action_restore(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    return restore_page(
        request,
        case,
        lambda **kw: services.action_restore(case=case, **kw),
        missing=_("This entry is not among the case's deleted entries."),
        done=_("The entry is restored."),
    )


@once
def claim_create(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    return _claim_form(request, case, None)


def claim_edit(request, pk):
    claim = get_rw_claim_for_user(request.user, pk)
    return _claim_form(request, claim.case, claim)


def _claim_form(request, case, claim):
    form = ClaimForm(request.POST or None, instance=claim)
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            services.claim_save(case=case, claim=claim, user=request.user, **form.cleaned_data)
        if call.done:
            messages.success(request, _("The labour insurance claim is saved."))
            return redirect(case)
    context = {"form": form, "case": case, "group": case.group, "claim": claim}
    return render(request, "welfare/claim_form.html", context)
