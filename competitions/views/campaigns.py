"""Emulation campaigns: the rules, standings per round, the organiser's scores and vetoes, and the
rotating red flag."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Subquery, Window
from django.db.models.functions import Lead
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competitions import scoring, services
from competitions.access import get_campaign_for_user
from competitions.forms import AwardForm, CampaignForm, RuleFormSet, ScoresForm, VetoForm
from competitions.models import Campaign, RedFlagAward, Round, Veto
from competitions.views.listing import by_end
from downloads.tables import table_download
from groups.access import require
from groups.capabilities import Capability, user_can
from groups.forms import refusals_as_message, refusals_into
from groups.once import once
from groups.replica import reads_from_replica
from groups.scoping import Level, user_scope


def campaign_list(request):
    holder = RedFlagAward.objects.filter(round__campaign=OuterRef("pk")).order_by(
        "-awarded_on", "-pk"
    )
    campaigns = (
        Campaign.objects.visible_to(request.user)
        .select_related("federation", "factory", "workshop")
        .annotate(
            group_count=Count("participants"),
            flag_holder=Subquery(holder.values("group__name")[:1]),
        )
        .order_by("-starts_on", "-pk")  # Meta.ordering does not apply to a GROUP BY query
    )
    context = {
        **by_end(request, campaigns),
        "perms_organise": user_can(request.user, Capability.ORGANISE),
    }
    return render(request, "competitions/campaign_list.html", context)


@once
def campaign_create(request):
    require(request.user, Capability.ORGANISE)
    form = CampaignForm(request.POST or None, user=request.user)
    formset = RuleFormSet(request.POST or None, prefix="rules")
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            campaign = services.campaign_create(
                user=request.user,
                name=data["name"],
                kind=data["kind"],
                scope=data["scope"],
                federation=data["federation"],
                factory=data["factory"],
                workshop=data["workshop"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                rounds=data["rounds"],
                groups=data["groups"],
                rules=formset.rows(),
                veto_items=data["veto_lines"],
                description=data["description"],
                red_flag=data["red_flag"],
                missing_figures=data["missing_figures"],
            )
        if call.done:
            messages.success(request, _("The campaign is launched."))
            return redirect(campaign)
    return render(request, "competitions/campaign_form.html", {"form": form, "formset": formset})


def custody(campaign):
    """Who held the campaign's red flag and when: each award until the next one (a window
    function in the database)."""
    return (
        RedFlagAward.objects.filter(round__campaign=campaign)
        .select_related("group", "round")
        .annotate(
            held_until=Window(Lead("awarded_on"), order_by=[F("awarded_on").asc(), F("pk").asc()])
        )
        .order_by("-awarded_on", "-pk")
    )


PARTICIPANTS_PAGE_SIZE = 50


def campaign_detail(request, pk):
    campaign = get_campaign_for_user(request.user, pk)
    today = timezone.localdate()
    rounds = list(campaign.rounds.select_related("red_flag_award__group"))
    current = next((r for r in rounds if r.starts_on <= today <= r.ends_on), None)
    context = {
        "campaign": campaign,
        "rules": campaign.rules.all(),
        "veto_items": campaign.veto_items.all(),
        # A city-wide campaign has thousands: a page of them at a time.
        "groups": Paginator(
            campaign.groups.select_related("workshop__factory").order_by("name", "pk"),
            PARTICIPANTS_PAGE_SIZE,
        ).get_page(request.GET.get("page")),
        "rounds": rounds,
        "current_round": current,
        "custody": custody(campaign),
        "perms_organise": user_can(request.user, Capability.ORGANISE, campaign),
    }
    return render(request, "competitions/campaign_detail.html", context)


def _round(campaign, number):
    try:
        return campaign.rounds.select_related("red_flag_award__group").get(number=number)
    except Round.DoesNotExist:
        raise Http404 from None


def _chart(rows):
    ranked = [row for row in rows if row.scored]
    return {
        "label": _("Score"),
        "groups": [row.group_name for row in ranked],
        "scores": [float(row.total or 0) for row in ranked],
        "leaders": [row.rank == 1 for row in ranked],
    }


STANDINGS_PAGE_SIZE = 100
PAIRS_SHOWN = 10
# Above this many groups the veto form has a page of its own rather than a menu on every page of
# the standings.
VETO_MENU_LIMIT = 300


def standings_page(request, pk, number):
    campaign = get_campaign_for_user(request.user, pk)
    round_ = _round(campaign, number)
    organiser = user_can(request.user, Capability.ORGANISE, campaign)
    rules = list(campaign.rules.all())
    # A city campaign ranks thousands of groups: the table is shown a hundred at a time, each
    # page kept with the standings, and a group leader's own group is named above it wherever it
    # ranks.
    asked = parse_page(request.GET.get("page"))
    summary, number, shown = scoring.standings_page(round_, asked, STANDINGS_PAGE_SIZE, PAIRS_SHOWN)
    page = Paginator(range(summary.count), STANDINGS_PAGE_SIZE).get_page(number)
    page.object_list = shown
    scope = user_scope(request.user)
    own_group = scope.group_id if scope and scope.level == Level.GROUP else None
    own = next((row for row in shown if row.group_id == own_group), None)
    if own is None and own_group in summary.page_of:
        _summary, _n, rows_there = scoring.standings_page(
            round_, summary.page_of[own_group], STANDINGS_PAGE_SIZE, PAIRS_SHOWN
        )
        own = next((row for row in rows_there if row.group_id == own_group), None)
    vetoes = {}
    groups = {row.group_id for row in shown} | ({own.group_id} if own else set())
    for veto in Veto.objects.filter(round=round_, group__in=groups).select_related("item"):
        vetoes.setdefault(veto.group_id, []).append(veto)
    extra = [own] if own is not None and all(row is not own for row in shown) else []
    for row in shown + extra:
        row.vetoes = vetoes.get(row.group_id, [])
        by_rule = row.cell_by_rule
        row.breakdown = [(rule, by_rule.get(rule.pk)) for rule in rules]
    award = getattr(round_, "red_flag_award", None)
    rounds = list(campaign.rounds.values_list("number", flat=True))
    chart_rows = [row for row in shown if row.scored]
    first = summary.leaders
    context = {
        "campaign": campaign,
        "round": round_,
        "rounds": rounds,
        "rules": rules,
        "veto_items": list(campaign.veto_items.all()),
        "page": page,
        "rows": shown,
        "own": own,
        "ranked_count": summary.ranked_count,
        "third": summary.third,
        "chart_count": len(chart_rows),
        # The purpose is that the advanced lead the lagging: the best beside the weakest.
        "pairs": summary.pairs,
        "leaders": first,
        "award": award,
        "chart": _chart(chart_rows),
        "perms_organise": organiser,
        "award_form": (
            AwardForm(campaign=campaign, leaders=first)
            if organiser and campaign.red_flag and award is None and first
            else None
        ),
        "veto_form": (
            VetoForm(campaign=campaign) if organiser and summary.count <= VETO_MENU_LIMIT else None
        ),
        # The page's table as rendered is kept under the standings' own key (a new version, a
        # new key: every score, veto, rule and name that counts bumps it) with what else it
        # shows: the page, the red flag's holder.
        "table_key": f"{summary.key}:{number}:{award.group_id if award else ''}",
        "table_seconds": scoring.KEPT_SECONDS,
    }
    return render(request, "competitions/standings.html", context)


def parse_page(value):
    """The page number asked for: a positive number, else the first page."""
    value = str(value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 9 else 1


def scores_edit(request, pk, number):
    campaign = get_campaign_for_user(request.user, pk, organise=True)
    round_ = _round(campaign, number)
    groups = campaign.groups.order_by("name", "pk")
    rules = campaign.rules.all()
    scores = {(s.group_id, s.rule_id): s for s in round_.scores.all()}
    form = ScoresForm(request.POST or None, groups=groups, rules=rules, scores=scores)
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            changed = services.scores_enter(round_=round_, user=request.user, values=form.values())
        if call.done:
            messages.success(request, _("%(n)d scores changed.") % {"n": changed})
            return redirect(round_)
    context = {"campaign": campaign, "round": round_, "form": form, "rules": rules}
    return render(request, "competitions/scores_form.html", context)


@once
def veto_create(request, pk, number):
    campaign = get_campaign_for_user(request.user, pk, organise=True)
    round_ = _round(campaign, number)
    form = VetoForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            services.veto_record(
                round_=round_,
                user=request.user,
                group=data["group"],
                item=data["item"],
                note=data["note"],
            )
        if call.done:
            messages.success(
                request, _("The veto is recorded: the group leaves this round's ranking.")
            )
            return redirect(round_)
    context = {"campaign": campaign, "round": round_, "form": form, "title": _("Record a veto")}
    return render(request, "competitions/round_step.html", context)


@once
@require_POST
def award_create(request, pk, number):
    campaign = get_campaign_for_user(request.user, pk, organise=True)
    round_ = _round(campaign, number)
    form = AwardForm(request.POST, campaign=campaign)
    if form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            services.red_flag_award(
                round_=round_,
                user=request.user,
                group=data["group"],
                on=data["on"],
                citation=data["citation"],
            )
        if call.done:
            messages.success(
                request,
                _("The red flag goes to %(group)s.") % {"group": data["group"].name},
            )
            return redirect(round_)
    title = _("Award the red flag")
    context = {"campaign": campaign, "round": round_, "form": form, "title": title}
    return render(request, "competitions/round_step.html", context, status=400)


def award_withdraw(request, pk, number):
    campaign = get_campaign_for_user(request.user, pk, organise=True)
    round_ = _round(campaign, number)
    award = getattr(round_, "red_flag_award", None)
    if award is None:
        raise Http404
    if request.method == "POST":
        with refusals_as_message(request) as call:
            services.red_flag_withdraw(award=award)
        if call.done:
            messages.success(request, _("The red flag is withdrawn."))
        return redirect(round_)
    context = {"campaign": campaign, "round": round_, "award": award}
    return render(request, "competitions/award_withdraw.html", context)


@reads_from_replica
def standings_export(request, pk, number, fmt):
    """The round's standings as CSV or XLSX: every ranked group, then those vetoed (the table,
    ``competitions.exports``, finds the campaign as the user may read it, else 404)."""
    params = {"campaign": pk, "round": number}
    return table_download(request, "competitions.standings", fmt, params)
