"""The site's side of oversight: factory and workshop staff assess their groups and propose
write-ups; everyone reads the assessments of their scope and the booklet; the lists export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from downloads.tables import table_download
from groups.access import get_for_user, get_group_for_user, require
from groups.capabilities import Capability, user_can
from groups.forms import refusals_into
from groups.models import UnionGroup, WorkshopUnion
from groups.once import once
from groups.paging import filters_query
from groups.params import parse_id
from groups.people import named
from groups.replica import reads_from_replica
from groups.scoping import scoped_below_city
from groups.voiding import void_page
from oversight import evidence, reports, services
from oversight.forms import AssessmentForm, ExperienceForm
from oversight.models import Assessment, AssessmentPeriod, Experience, GroupClass, with_assessment

PAGE_SIZE = 50


NOT_ASSESSED = "none"


def _period(request, all_periods):
    return reports.chosen_period(all_periods, request.GET.get("period"))


def assessment_list(request):
    """The groups of the user's scope in a period, with where their assessment stands."""
    user = request.user
    all_periods = reports.periods(user)
    period = _period(request, all_periods)
    context = {
        "periods": all_periods,
        "period": period,
        "may_assess": user_can(user, Capability.ASSESS),
    }
    if period is None:
        return render(request, "oversight/assessment_list.html", context)
    groups = with_assessment(UnionGroup.objects.visible_to(user).active(), user, period)
    workshops = WorkshopUnion.objects.visible_to(user).select_related("factory")
    if workshop := parse_id(request.GET.get("workshop")):
        groups = groups.filter(workshop=workshop)
    status = request.GET.get("status")
    if status == NOT_ASSESSED:
        groups = groups.filter(assessment_id__isnull=True)
    elif status in Assessment.Status.values:
        groups = groups.filter(assessment_status=status)
    group_class = request.GET.get("class")
    if group_class in {str(value) for value in GroupClass.values}:
        groups = groups.filter(confirmed_class=group_class)
    groups = groups.select_related("workshop__factory").order_by(
        "workshop__factory__name", "workshop__name", "name", "pk"
    )
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    statuses = dict(Assessment.Status.choices)
    for group in page:
        group.status_label = statuses.get(group.assessment_status, _("Not assessed"))
        group.editable = group.assessment_status in (None, "draft", "returned")
    context.update(
        {
            "page": page,
            # A city has hundreds of workshops: the filter lists them only below the city.
            "workshops": list(workshops[:200]) if scoped_below_city(user) else [],
            "statuses": [(NOT_ASSESSED, _("Not assessed")), *Assessment.Status.choices],
            "classes": GroupClass.choices,
            "chosen": {"workshop": workshop, "status": status, "class": group_class},
            "query": filters_query(request),
        }
    )
    return render(request, "oversight/assessment_list.html", context)


def assessment_form(request, period, group):
    """Assess one group in one period, with the period's evidence beside the criteria."""
    user = request.user
    # 403 whatever the ids for one who never assesses: the answer tells nothing of the groups.
    require(user, Capability.ASSESS)
    group = get_group_for_user(user, group, need=Capability.ASSESS)
    period = get_for_user(AssessmentPeriod.objects.all(), user, period)
    assessment = Assessment.objects.filter(period=period, group=group).first()
    if assessment is not None and not assessment.is_editable:
        messages.info(request, _("This assessment has been submitted; it is shown here."))
        return redirect(assessment)
    if not period.is_open:
        raise PermissionDenied
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        with refusals_into(form) as call:
            saved = services.save_assessment(
                period=period,
                group=group,
                user=user,
                data=form.cleaned_data,
                submit=submit,
                assessment=assessment,
            )
        if call.done:
            if submit:
                messages.success(
                    request,
                    _("The assessment of %(group)s is submitted for review.") % {"group": group},
                )
                return redirect(saved)
            messages.success(request, _("Draft saved."))
            return redirect("oversight:assess", period=period.pk, group=group.pk)
    by_criterion = dict(
        evidence.rows(evidence.for_group(user, group, period.starts_on, period.ends_on))
    )
    criteria = [
        {"field": field, "note": note, "evidence": by_criterion.get(name, [])}
        for name, field, note in form.criteria()
    ]
    context = {
        "form": form,
        "group": group,
        "period": period,
        "assessment": assessment,
        "criteria": criteria,
    }
    return render(request, "oversight/assessment_form.html", context)


def assessment_detail(request, pk):
    user = request.user
    assessment = get_for_user(
        # A voided assessment is still read at its address.
        Assessment.all_objects.select_related(
            "period", "group__workshop__factory", *named("submitted_by", "reviewed_by")
        ),
        user,
        pk,
    )
    criteria = evidence.rated_criteria(user, assessment)
    history = assessment.history.select_related(*named("history_user")).order_by("history_date")[
        :50
    ]
    moves, last = [], None
    for record in history:
        if record.status != last:
            moves.append(record)
            last = record.status
    context = {
        "assessment": assessment,
        "group": assessment.group,
        "criteria": criteria,
        "moves": moves,
        "may_edit": user_can(user, Capability.ASSESS)
        and assessment.is_editable
        and assessment.period.is_open
        and not assessment.is_void,
        "may_void": services.may_void(user, assessment),
        "statuses": dict(Assessment.Status.choices),
        "classes": dict(GroupClass.choices),
    }
    return render(request, "oversight/assessment_detail.html", context)


def assessment_void(request, pk):
    assessment = get_for_user(
        Assessment.objects.select_related("period", "group"), request.user, pk
    )
    if not services.may_void(request.user, assessment):
        raise PermissionDenied
    return void_page(
        request,
        assessment,
        title=_("Void the assessment"),
        question=_("Void this assessment?"),
        done=_("The assessment is void; the group can be assessed again."),
    )


@reads_from_replica
def assessment_export(request, fmt):
    params = {"period": request.GET.get("period")}
    return table_download(request, "oversight.assessments", fmt, params)


@reads_from_replica
def group_export(request, fmt):
    params = {"period": request.GET.get("period")}
    return table_download(request, "oversight.groups", fmt, params)


@reads_from_replica
def member_export(request, fmt):
    return table_download(request, "oversight.members", fmt, {"all": bool(request.GET.get("all"))})


# --- Typical experience ------------------------------------------------------------------------


def experience_list(request):
    user = request.user
    experiences = (
        Experience.objects.visible_to(user)
        .select_related("group__workshop__factory")
        .order_by("status", "position", "-proposed_at", "pk")
    )
    page = Paginator(experiences, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "may_propose": user_can(user, Capability.ASSESS),
        "may_review": user_can(user, Capability.REVIEW),
    }
    return render(request, "oversight/experience_list.html", context)


def experience_detail(request, pk):
    experience = get_for_user(
        Experience.objects.select_related("group__workshop__factory"), request.user, pk
    )
    context = {
        "experience": experience,
        "may_edit": user_can(request.user, Capability.ASSESS)
        and experience.status == Experience.Status.PROPOSED
        and UnionGroup.objects.visible_to(request.user).filter(pk=experience.group_id).exists(),
    }
    return render(request, "oversight/experience_detail.html", context)


@once
def experience_form(request, pk=None):
    user = request.user
    require(user, Capability.ASSESS)
    groups = UnionGroup.objects.visible_to(user).active().select_related("workshop")
    experience = None
    if pk is not None:
        experience = get_object_or_404(
            Experience.objects.filter(group__in=UnionGroup.objects.visible_to(user)), pk=pk
        )
        if experience.status != Experience.Status.PROPOSED:
            raise PermissionDenied
    initial = {}
    if group_pk := parse_id(request.GET.get("group")):
        initial["group"] = group_pk
    form = ExperienceForm(request.POST or None, instance=experience, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            saved = services.propose_experience(
                user=user,
                experience=experience,
                **{key: form.cleaned_data[key] for key in ("group", "title", "author", "text")},
            )
        if call.done:
            messages.success(request, _("The write-up is proposed to the city federation."))
            return redirect(saved)
    return render(
        request, "oversight/experience_form.html", {"form": form, "experience": experience}
    )


def booklet(request):
    """The selected write-ups as a printable booklet: a title page, the contents and a chapter per
    group, as the seed itself was made."""
    selected = (
        Experience.objects.visible_to(request.user)
        .selected()
        .select_related("group__workshop__factory__federation")
        .order_by("position", "group__name", "pk")
    )
    chapters = {}
    for experience in selected:
        chapter = chapters.setdefault(
            experience.group_id, {"group": experience.group, "experiences": []}
        )
        chapter["experiences"].append(experience)
    groups = list(chapters.values())
    federation = groups[0]["group"].workshop.factory.federation if groups else None
    return render(request, "oversight/booklet.html", {"groups": groups, "federation": federation})
