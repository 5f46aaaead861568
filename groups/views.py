from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competitions.panels import group_panel as production_panel
from groups import services
from groups.access import (
    get_for_user,
    get_group_for_user,
    get_managed_group_for_user,
    get_member_for_user,
    get_rw_group_for_user,
    get_rw_member_for_user,
    get_rw_role_for_user,
    require,
)
from groups.capabilities import Capability, user_can
from groups.forms import (
    ArchiveGroupForm,
    EndRoleForm,
    GroupFilterForm,
    MemberForm,
    MoveMemberForm,
    RoleForm,
)
from groups.models import (
    FactoryUnion,
    GroupMembership,
    Member,
    Role,
    UnionGroup,
    WorkshopUnion,
    consecutive_terms,
)
from groups.once import once
from meetings.models import Meeting
from meetings.panels import group_panel, last_year, preparedness_by
from welfare.figures import empty as welfare_empty
from welfare.panels import factory_welfare, welfare_panel

PAGE_SIZE = 50
ROLE_ORDER = [
    Role.Kind.UNION_LEADER,
    Role.Kind.PRODUCTION_LEADER,
    Role.Kind.OFFICER,
    Role.Kind.ACTIVIST,
]


def _counts_by(queryset, key):
    return dict(queryset.order_by().values_list(key).annotate(n=Count("pk")))


def _group_page(request, groups):
    """A page of groups with their figures. The figures are computed for the page's 50 groups
    only: with them in the paginated query, the database computes them for every skipped row."""
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = page.object_list.values("pk")
    page.object_list = list(
        UnionGroup.objects.filter(pk__in=shown).select_related("workshop__factory").with_figures()
    )
    return page


def factory_list(request):
    user = request.user
    page = Paginator(FactoryUnion.objects.visible_to(user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = page.object_list.values("pk")
    groups = _counts_by(
        UnionGroup.objects.visible_to(user).active().filter(workshop__factory__in=shown),
        "workshop__factory",
    )
    members = _counts_by(
        Member.objects.visible_to(user).active().filter(factory__in=shown), "factory"
    )
    for factory in page:
        factory.group_count = groups.get(factory.pk, 0)
        factory.member_count = members.get(factory.pk, 0)
    return render(request, "groups/factory_list.html", {"page": page})


def factory_detail(request, pk):
    user = request.user
    factory = get_for_user(FactoryUnion.objects.all(), user, pk)
    workshops = list(WorkshopUnion.objects.visible_to(user).filter(factory=factory))
    groups = _counts_by(
        UnionGroup.objects.visible_to(user).active().filter(workshop__factory=factory), "workshop"
    )
    members = _counts_by(
        Member.objects.visible_to(user).active().filter(factory=factory), "group__workshop"
    )
    visible_meetings = Meeting.objects.visible_to(user).filter(group__workshop__factory=factory)
    figures = preparedness_by(visible_meetings, "group__workshop")
    for workshop in workshops:
        workshop.group_count = groups.get(workshop.pk, 0)
        workshop.member_count = members.get(workshop.pk, 0)
        workshop.preparedness = figures.get(workshop.pk)
    start, end = last_year()
    welfare = factory_welfare(factory, user)
    for workshop in workshops:
        workshop.welfare = welfare["welfare_by_workshop"].get(workshop.pk) or welfare_empty()
    context = {
        "factory": factory,
        "workshops": workshops,
        "preparedness": visible_meetings.between(start, end).preparedness(),
        **welfare,
    }
    return render(request, "groups/factory_detail.html", context)


def workshop_detail(request, pk):
    user = request.user
    workshop = get_for_user(WorkshopUnion.objects.select_related("factory"), user, pk)
    groups = UnionGroup.objects.visible_to(user).active().filter(workshop=workshop)
    page = _group_page(request, groups)
    visible_meetings = Meeting.objects.visible_to(user).filter(group__workshop=workshop)
    figures = preparedness_by(visible_meetings, "group")
    for group in page:
        group.preparedness = figures.get(group.pk)
    context = {"workshop": workshop, "page": page, "show_preparedness": True}
    return render(request, "groups/workshop_detail.html", context)


def group_list(request):
    user = request.user
    form = GroupFilterForm(request.GET or None, user=user)
    page = _group_page(request, form.filter(UnionGroup.objects.visible_to(user)))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "groups/uniongroup_list.html", context)


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
        rank[role.member_id] = min(rank.get(role.member_id, 9), ROLE_ORDER.index(role.kind))
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
        "current_roles": sorted(current, key=lambda r: ROLE_ORDER.index(r.kind)),
        **group_panel(group),
        **production_panel(group),
        **welfare_panel(group, request.user),
        "perms_write": user_can(request.user, Capability.WRITE_RECORDS, group),
        # Archive, or restore once archived.
        "can_manage": user_can(request.user, Capability.MANAGE_GROUPS),
    }
    return render(request, "groups/uniongroup_detail.html", context)


def member_detail(request, pk):
    member = get_member_for_user(request.user, pk)
    history = list(member.history.select_related("history_user").order_by("-history_id")[:21])
    changes = []
    # A member made by a bulk write (the demo, an import) has no history row at all.
    older_ones = [*history[1:], None] if history else []
    for newer, older in zip(history, older_ones, strict=True):
        fields = []
        if older is not None:
            delta = newer.diff_against(older)
            fields = [Member._meta.get_field(c.field).verbose_name for c in delta.changes]
        changes.append({"record": newer, "fields": fields})
    context = {
        "member": member,
        "memberships": member.memberships.select_related("group__workshop"),
        "roles": member.roles.select_related("group"),
        "changes": changes[:20],
        "perms_write": user_can(request.user, Capability.WRITE_RECORDS, member),
        "can_manage": user_can(request.user, Capability.MANAGE_GROUPS, member),
    }
    return render(request, "groups/member_detail.html", context)


@once
def member_create(request, group_pk):
    group = get_rw_group_for_user(request.user, group_pk)
    form = MemberForm(request.POST or None, factory=group.workshop.factory)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(group=group, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s has joined the group.") % {"name": member.name})
            return redirect(group)
    return render(request, "groups/member_form.html", {"form": form, "group": group})


def member_edit(request, pk):
    member = get_rw_member_for_user(request.user, pk)
    previous_status = member.status
    form = MemberForm(request.POST or None, instance=member, factory=member.factory)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(member=form.instance, previous_status=previous_status)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The member's record is saved."))
            return redirect(member)
    context = {"form": form, "group": member.group, "member": member}
    return render(request, "groups/member_form.html", context)


def member_move(request, pk):
    member = get_member_for_user(request.user, pk, need=Capability.MANAGE_GROUPS)
    targets = (
        UnionGroup.objects.visible_to(request.user)
        .active()
        .filter(workshop__factory=member.factory_id)
        .exclude(pk=member.group_id)
    )
    form = MoveMemberForm(request.POST or None, groups=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_move(
                member=member, to_group=form.cleaned_data["to_group"], on=form.cleaned_data["on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s has moved to %(group)s.")
                % {"name": member.name, "group": form.cleaned_data["to_group"]},
            )
            return redirect(member)
    return render(request, "groups/member_move.html", {"form": form, "member": member})


@once
def role_create(request, group_pk):
    group = get_rw_group_for_user(request.user, group_pk)
    initial = {"kind": request.GET.get("kind"), "mentor": request.GET.get("mentor")}
    form = RoleForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            role = services.role_assign(group=group, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.") % {"name": role.member.name, "role": role.title},
            )
            return redirect(group)
    return render(request, "groups/role_form.html", {"form": form, "group": group})


@require_POST
def role_end(request, pk):
    role = get_rw_role_for_user(request.user, pk)
    form = EndRoleForm(request.POST)
    if form.is_valid():
        try:
            services.role_end(role=role, on=form.cleaned_data["ended_on"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s's role %(role)s has ended.")
                % {"name": role.member.name, "role": role.title},
            )
            return redirect(role.group)
    return render(request, "groups/role_end.html", {"form": form, "role": role}, status=400)


def group_archive(request, pk):
    group = get_managed_group_for_user(request.user, pk)
    form = ArchiveGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_archive(
                group=group, on=form.cleaned_data["archived_on"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(group)s is archived.") % {"group": group.name})
            return redirect(group)
    active = group.members.active().count()
    context = {"form": form, "group": group, "active_members": active}
    return render(request, "groups/uniongroup_archive.html", context)


@require_POST
def group_restore(request, pk):
    # Restoring is the one change an archived group takes: it ends the archive.
    group = get_group_for_user(request.user, pk)
    require(request.user, Capability.MANAGE_GROUPS)
    services.group_restore(group=group)
    messages.success(request, _("%(group)s is active again.") % {"group": group.name})
    return redirect(group)
