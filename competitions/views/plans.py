"""Guarantee plans: targets, individual pledges, progress and the chart, closing."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competitions import services
from competitions.access import get_plan_for_user, get_rw_entry_for_user, get_rw_pledge_for_user
from competitions.forms import (
    ClosePlanForm,
    IndicatorForm,
    IndicatorFormSet,
    PlanEditForm,
    PlanForm,
    PledgeForm,
    ProgressForm,
)
from competitions.models import GuaranteePlan, Indicator, ProgressEntry
from groups.access import get_group_for_user, get_rw_group_for_user
from groups.capabilities import Capability, user_can
from groups.forms import refusals_as_message, refusals_into
from groups.once import once
from groups.people import named
from groups.voiding import restore_page, void_page


def group_plans(request, group_pk):
    group = get_group_for_user(request.user, group_pk)
    # Meta.ordering does not apply to a GROUP BY query: order explicitly.
    plans = (
        GuaranteePlan.objects.filter(group=group)
        .annotate(
            indicator_count=Count("indicators", distinct=True),
            pledge_count=Count("pledges", distinct=True),
        )
        .order_by("-starts_on", "-pk")
    )
    context = {
        "group": group,
        "page": Paginator(plans, 25).get_page(request.GET.get("page")),
        "perms_write": user_can(request.user, Capability.WRITE_RECORDS, group),
    }
    return render(request, "competitions/group_plans.html", context)


@once
def plan_create(request, group_pk):
    group = get_rw_group_for_user(request.user, group_pk)
    form = PlanForm(request.POST or None)
    formset = IndicatorFormSet(request.POST or None, prefix="indicators")
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            plan = services.plan_create(
                group=group,
                user=request.user,
                period=data["period"],
                day=data["day"],
                production_plan=data["production_plan"],
                knacks=data["knacks"],
                indicators=formset.rows(),
            )
        if call.done:
            messages.success(request, _("The guarantee plan is made. Add the members' pledges."))
            return redirect(plan)
    context = {"form": form, "formset": formset, "group": group}
    return render(request, "competitions/plan_form.html", context)


def _chart(plan, indicators):
    """The running result of each indicator over the period, with its target, for Chart.js."""
    series = {i.pk: [] for i in indicators}
    averaged = {i.pk for i in indicators if i.averaged}
    for entry in ProgressEntry.objects.filter(indicator__plan=plan).running():
        value = entry.running_mean if entry.indicator_id in averaged else entry.running_sum
        series[entry.indicator_id].append({"x": entry.on.isoformat(), "y": float(value)})
    return {
        "start": plan.starts_on.isoformat(),
        "end": plan.ends_on.isoformat(),
        "target_label": _("Target"),
        "actual_label": _("Running result"),
        "indicators": [
            {
                "id": i.pk,
                "label": i.label,
                "unit": i.unit,
                "target": float(i.target),
                "points": series[i.pk],
            }
            for i in indicators
        ],
    }


def plan_detail(request, pk):
    plan = get_plan_for_user(request.user, pk)
    indicators = list(Indicator.objects.filter(plan=plan).with_actuals())
    entries = (
        ProgressEntry.objects.filter(indicator__plan=plan)
        .select_related("indicator", *named("recorded_by"))
        .order_by("-on", "-pk")
    )
    writable = user_can(request.user, Capability.WRITE_RECORDS, plan) and plan.is_open
    context = {
        "plan": plan,
        "group": plan.group,
        "indicators": indicators,
        "chart": _chart(plan, indicators),
        "pledges": plan.pledges.select_related("member"),
        "entries": Paginator(entries, 20).get_page(request.GET.get("page")),
        "perms_write": writable,
        "perms_close": writable,
        "perms_void": user_can(request.user, Capability.WRITE_RECORDS, plan),
        "progress_form": ProgressForm(plan=plan) if writable else None,
    }
    return render(request, "competitions/plan_detail.html", context)


def plan_void(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    return void_page(
        request,
        plan,
        title=_("Void the plan"),
        question=_("Void this guarantee plan?"),
        done=_("The plan is void."),
    )


def progress_deleted(request, pk):
    """The plan's last deleted entries, each with a button that brings it back."""
    plan = get_plan_for_user(request.user, pk, write=True)
    context = {"plan": plan, "group": plan.group, "records": services.progress_deleted(plan)}
    return render(request, "competitions/progress_deleted.html", context)


@require_POST
def progress_restore(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    return restore_page(
        request,
        plan,
        lambda **kw: services.progress_restore(plan=plan, **kw),
        missing=_("This entry is not among the plan's deleted entries."),
        done=_("The progress entry is restored."),
    )


def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    form = PlanEditForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            services.plan_update(
                plan=plan,
                production_plan=form.cleaned_data["production_plan"],
                knacks=form.cleaned_data["knacks"],
            )
        if call.done:
            messages.success(request, _("The guarantee plan is saved."))
            return redirect(plan)
    title = _("Change the guarantee plan")
    return _form_page(request, plan, form, title)


def _form_page(request, plan, form, title, **extra):
    context = {"plan": plan, "group": plan.group, "form": form, "title": title, **extra}
    return render(request, "competitions/plan_step.html", context)


@once
def indicator_add(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            services.indicator_add(plan=plan, **form.row())
        if call.done:
            messages.success(request, _("The indicator is added."))
            return redirect(plan)
    return _form_page(request, plan, form, _("Add an indicator"))


@once
def progress_create(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    form = ProgressForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            services.progress_record(
                indicator=data["indicator"],
                user=request.user,
                on=data["on"],
                value=data["value"],
                note=data["note"],
            )
        if call.done:
            messages.success(request, _("The progress is recorded."))
            return redirect(plan)
    return _form_page(request, plan, form, _("Record progress"))


def progress_delete(request, pk):
    entry = get_rw_entry_for_user(request.user, pk)
    plan = entry.indicator.plan
    if request.method == "POST":
        with refusals_as_message(request) as call:
            services.progress_delete(entry=entry)
        if call.done:
            messages.success(request, _("The progress entry is deleted."))
        return redirect(plan)
    context = {"plan": plan, "group": plan.group, "entry": entry}
    return render(request, "competitions/progress_delete.html", context)


@once
def pledge_create(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    return _pledge_form(request, plan, None)


def pledge_edit(request, pk):
    pledge = get_rw_pledge_for_user(request.user, pk)
    return _pledge_form(request, pledge.plan, pledge)


def _pledge_form(request, plan, pledge):
    form = PledgeForm(request.POST or None, instance=pledge, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            services.pledge_save(
                plan=plan,
                pledge=pledge,
                member=data["member"],
                text=data["text"],
                target=data["target"],
                unit=data["unit"],
            )
        if call.done:
            messages.success(request, _("The individual guarantee condition is saved."))
            return redirect(plan)
    title = _("Change the pledge") if pledge else _("Add an individual guarantee condition")
    return _form_page(request, plan, form, title)


def plan_close(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    pledges = plan.pledges.select_related("member")
    form = ClosePlanForm(request.POST or None, pledges=pledges)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            services.plan_close(
                plan=plan,
                fulfilled=data["outcome"] == "fulfilled",
                reason=data["reason"],
                on=data["on"],
                kept=form.kept(),
            )
        if call.done:
            messages.success(request, _("The guarantee plan is closed."))
            return redirect(plan)
    indicators = Indicator.objects.filter(plan=plan).with_actuals()
    return _form_page(request, plan, form, _("Close the plan"), indicators=indicators)
