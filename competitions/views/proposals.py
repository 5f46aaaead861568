"""Rationalization proposals: submitted by a group's members, decided by the union above, and the
figures per group and factory."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from competitions import services
from competitions.access import get_proposal_for_user
from competitions.forms import ProposalForm, ProposalMoveForm
from competitions.models import ZERO, Proposal, ProposalFigures
from groups.access import get_group_for_user, get_rw_group_for_user
from groups.capabilities import Capability, user_can
from groups.forms import PeriodForm, refusals_into
from groups.kept import kept, kept_context
from groups.models import FactoryUnion, Member, UnionGroup
from groups.once import once
from groups.paging import filters_query
from groups.params import parse_id
from groups.people import named
from groups.scoping import Level, user_scope


def proposal_list(request):
    proposals = (
        Proposal.objects.visible_to(request.user)
        .select_related("group__workshop__factory")
        .prefetch_related("authors")
    )
    status = request.GET.get("status", "")
    if status in Proposal.Status.values:
        proposals = proposals.filter(status=status)
    group = None
    if group_pk := parse_id(request.GET.get("group")):
        group = get_group_for_user(request.user, group_pk)
        proposals = proposals.filter(group=group)
    context = {
        "page": Paginator(proposals, 25).get_page(request.GET.get("page")),
        "status": status,
        "statuses": Proposal.Status.choices,
        "group": group,
        "query": filters_query(request),
        "perms_write": bool(group) and user_can(request.user, Capability.WRITE_RECORDS, group),
    }
    return render(request, "competitions/proposal_list.html", context)


EMPTY = {"submitted": 0, "adopted": 0, "rejected": 0, "implemented": 0, "realised_money": ZERO}


def proposal_figures(request):
    """Proposals per member, adoption and implementation rates: per factory for the city, per
    group for a factory, workshop or group, over a period (the last twelve months by default).

    The units of the page are loaded first; then one grouped query counts their proposals and
    one their members, so the cost follows the page, not the city."""
    period_form = PeriodForm(request.GET or None)
    start, end = period_form.period()
    scope = user_scope(request.user)
    by_factory = request.user.is_superuser or (scope and scope.level == Level.FEDERATION)
    if by_factory:
        units = FactoryUnion.objects.visible_to(request.user)
        proposal_key, member_key = "group__workshop__factory", "factory"
    else:
        units = UnionGroup.objects.visible_to(request.user).active().select_related("workshop")
        proposal_key, member_key = "group", "group"
    page = Paginator(units.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    ids = [unit.pk for unit in page]
    user = request.user

    def compute():
        in_period = Proposal.objects.filter(submitted_on__gte=start, submitted_on__lte=end)
        total = in_period.visible_to(user).figures()
        total["members"] = Member.objects.visible_to(user).active().count()
        return {
            "figures": {
                row[proposal_key]: row
                for row in in_period.filter(**{f"{proposal_key}__in": ids}).figures(proposal_key)
            },
            "members": dict(
                Member.objects.active()
                .filter(**{f"{member_key}__in": ids})
                .order_by()
                .values(member_key)
                .annotate(n=Count("pk"))
                .values_list(member_key, "n")
            ),
            "total": total,
        }

    # Counts over every proposal and member of the scope: kept (groups.kept).
    kept_figures, at = kept(request, "proposal-figures", [start, end, page.number], compute)
    for unit in page:
        unit.figures = kept_figures["figures"].get(unit.pk) or ProposalFigures(EMPTY)
        unit.figures["members"] = kept_figures["members"].get(unit.pk, 0)
    total = kept_figures["total"]
    context = {
        "period_form": period_form,
        "start": start,
        "end": end,
        "page": page,
        "by_factory": by_factory,
        "query": filters_query(request),
        "total": total,
        **kept_context({}, at),
    }
    return render(request, "competitions/proposal_figures.html", context)


@once
def proposal_create(request, group_pk):
    group = get_rw_group_for_user(request.user, group_pk)
    form = ProposalForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            proposal = services.proposal_submit(
                group=group,
                user=request.user,
                authors=data["authors"],
                title=data["title"],
                description=data["description"],
                category=data["category"],
                submitted_on=data["submitted_on"],
                estimated_money=data["estimated_money"],
                estimated_hours=data["estimated_hours"],
            )
        if call.done:
            messages.success(request, _("The proposal is submitted."))
            return redirect(proposal)
    return render(request, "competitions/proposal_form.html", {"form": form, "group": group})


def proposal_detail(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    decide = user_can(request.user, Capability.MANAGE_GROUPS, proposal) and proposal.next_statuses
    context = {
        "proposal": proposal,
        "group": proposal.group,
        "authors": proposal.authors.all(),
        "history": proposal.history.select_related(*named("history_user")).order_by("history_date")[
            :50
        ],
        "move_form": ProposalMoveForm(proposal=proposal) if decide else None,
    }
    return render(request, "competitions/proposal_detail.html", context)


def proposal_move(request, pk):
    proposal = get_proposal_for_user(request.user, pk, need=Capability.MANAGE_GROUPS)
    form = ProposalMoveForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            services.proposal_move(
                proposal=proposal,
                status=data["status"],
                on=data["on"],
                reason=data["reason"],
                realised_money=data["realised_money"],
                realised_hours=data["realised_hours"],
                reward=data["reward"],
            )
        if call.done:
            messages.success(
                request,
                _("The proposal is now %(status)s.") % {"status": proposal.get_status_display()},
            )
            return redirect(proposal)
    context = {"proposal": proposal, "group": proposal.group, "form": form}
    return render(request, "competitions/proposal_move.html", context)
