"""The pages that combine the apps: each role's home page, and the factory, workshop and group
pages. Each app computes its part (its ``panels``); these views only merge them."""

from django.shortcuts import render

from competitions.panels import group_panel as production_panel
from groups.access import get_for_user, get_group_for_user
from groups.capabilities import Capability, user_can
from groups.figures import counts_by
from groups.kept import kept, kept_context
from groups.models import (
    FactoryUnion,
    GroupMembership,
    Member,
    Role,
    UnionGroup,
    WorkshopUnion,
    consecutive_terms,
)
from groups.paging import group_page
from groups.scoping import Level, user_scope
from meetings import panels as meetings
from oversight import reports
from pages import home as dashboards
from welfare.figures import empty as welfare_empty
from welfare.panels import factory_welfare, welfare_panel


def home(request):
    """Each role's home page: a group's leader sees the group's work, factory and workshop staff
    who is not doing what, the city federation how the city's groups stand."""
    user = request.user
    scope = user_scope(user)
    if scope is not None and scope.level == Level.GROUP and not user.is_superuser:
        group = UnionGroup.objects.select_related("workshop__factory").get(pk=scope.group_id)
        context = dashboards.leader(user, group)
        # A member's own account finds the member's own dues from here.
        context["own_member"] = scope.member_id
        return render(request, "oversight/home_leader.html", context)
    all_periods = reports.periods(user)
    period = reports.default_period(all_periods, request.GET.get("period"))
    context = {"periods": all_periods, "period": period, "scope": scope}
    if (
        scope is not None
        and scope.level in (Level.FACTORY, Level.WORKSHOP)
        and not user.is_superuser
    ):
        context.update(dashboards.staff(request, all_periods, period))
        return render(request, "oversight/home_staff.html", context)
    # Kept figures, but computed afresh for whoever has just changed something.
    context.update(dashboards.federation(request, all_periods, period))
    return render(request, "oversight/home_federation.html", context)


def factory_figures(user, factory):
    """The factory page's figures over all its workshops, computed now."""
    workshops = list(WorkshopUnion.objects.visible_to(user).filter(factory=factory))
    groups = counts_by(
        UnionGroup.objects.visible_to(user).active().filter(workshop__factory=factory), "workshop"
    )
    members = counts_by(
        Member.objects.visible_to(user).active().filter(factory=factory), "group__workshop"
    )
    in_factory = {"group__workshop__factory": factory}
    figures = meetings.preparedness_by(user, "group__workshop", **in_factory)
    welfare = factory_welfare(factory, user)
    for workshop in workshops:
        workshop.group_count = groups.get(workshop.pk, 0)
        workshop.member_count = members.get(workshop.pk, 0)
        workshop.preparedness = figures.get(workshop.pk)
        workshop.welfare = welfare["welfare_by_workshop"].get(workshop.pk) or welfare_empty()
    return {
        "workshops": workshops,
        # Every meeting of the factory is a meeting of one of its workshops.
        "preparedness": meetings.preparedness_sum(figures.values()),
        **welfare,
    }


def factory_detail(request, pk):
    user = request.user
    factory = get_for_user(FactoryUnion.objects.all(), user, pk)
    # Counts over every workshop, group, member and a year of meetings: kept (groups.kept).
    figures, at = kept(request, "factory", [factory.pk], lambda: factory_figures(user, factory))
    context = {
        "factory": factory,
        **kept_context(figures, at),
        "can_import": user_can(user, Capability.MANAGE_GROUPS, factory),
        # Workshop staff make no factory accounts (accounts.views.staff_sign_in).
        "can_add_staff": user_can(user, Capability.MANAGE_ACCOUNTS, factory)
        and getattr(user_scope(user), "level", None) != Level.WORKSHOP,
    }
    return render(request, "groups/factory_detail.html", context)


def workshop_detail(request, pk):
    user = request.user
    workshop = get_for_user(WorkshopUnion.objects.select_related("factory"), user, pk)
    groups = UnionGroup.objects.visible_to(user).active().filter(workshop=workshop)
    page = group_page(request, groups)
    # A year of the workshop's meetings, group by group: kept (groups.kept).
    figures, at = kept(
        request,
        "workshop",
        [workshop.pk],
        lambda: meetings.preparedness_by(user, "group", group__workshop=workshop),
    )
    for group in page:
        group.preparedness = figures.get(group.pk)
    context = {
        "workshop": workshop,
        "page": page,
        "show_preparedness": True,
        **kept_context({}, at),
        "can_add_staff": user_can(user, Capability.MANAGE_ACCOUNTS, workshop),
    }
    return render(request, "groups/workshop_detail.html", context)


def _activist_tree(current_roles):
    """The union group leader at the root, the officers around them, each officer's activists."""
    officers = [r for r in current_roles if r.kind == Role.Kind.OFFICER]
    activists = [r for r in current_roles if r.kind == Role.Kind.ACTIVIST]
    officer_ids = {r.pk for r in officers}
    for officer in officers:
        officer.close_activists = [a for a in activists if a.mentor_id == officer.pk]
    unlinked = [a for a in activists if a.mentor_id not in officer_ids]
    return officers, unlinked


def group_detail(request, pk):
    group = get_group_for_user(request.user, pk)
    roles = list(group.roles.select_related("member").order_by("started_on", "pk"))
    current = [r for r in roles if r.is_current]
    officers, unlinked = _activist_tree(current)
    titles, rank = {}, {}
    for role in current:
        titles.setdefault(role.member_id, []).append(role.title)
        rank[role.member_id] = min(rank.get(role.member_id, 9), Role.KIND_ORDER.index(role.kind))
    # Leaders first, then officers and activists, then everyone by employee number.
    members = sorted(group.members.active(), key=lambda m: (rank.get(m.pk, 9), m.employee_number))
    for member in members:
        member.titles = titles.get(member.pk, [])
    context = {
        "group": group,
        "union_leader": next((r for r in current if r.kind == Role.Kind.UNION_LEADER), None),
        "production_leader": next(
            (r for r in current if r.kind == Role.Kind.PRODUCTION_LEADER), None
        ),
        "officers": officers,
        "unlinked_activists": unlinked,
        "members": members,
        "leader_terms": consecutive_terms(r for r in roles if r.kind == Role.Kind.UNION_LEADER),
        "past_roles": [r for r in reversed(roles) if not r.is_current],
        "former_members": GroupMembership.objects.filter(group=group, ended_on__isnull=False)
        .select_related("member")
        .order_by("-ended_on")[:20],
        "current_roles": sorted(current, key=lambda r: Role.KIND_ORDER.index(r.kind)),
        **meetings.group_panel(group),
        **production_panel(group),
        **welfare_panel(group, request.user),
        "perms_write": user_can(request.user, Capability.WRITE_RECORDS, group),
        # Archive, or restore once archived.
        "can_manage": user_can(request.user, Capability.MANAGE_GROUPS),
    }
    return render(request, "groups/uniongroup_detail.html", context)
