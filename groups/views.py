from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import services
from groups.access import (
    get_group_for_user,
    get_managed_group_for_user,
    get_member_for_user,
    get_rw_group_for_user,
    get_rw_member_for_user,
    get_rw_role_for_user,
    require,
)
from groups.capabilities import Capability, user_can
from groups.figures import counts_by
from groups.forms import (
    ArchiveGroupForm,
    EndRoleForm,
    GroupFilterForm,
    MemberForm,
    MoveMemberForm,
    RoleForm,
    refusals_into,
)
from groups.models import (
    FactoryUnion,
    Member,
    UnionGroup,
)
from groups.once import once
from groups.paging import PAGE_SIZE, filters_query, group_page
from groups.people import named


def factory_list(request):
    user = request.user
    page = Paginator(FactoryUnion.objects.visible_to(user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = page.object_list.values("pk")
    groups = counts_by(
        UnionGroup.objects.visible_to(user).active().filter(workshop__factory__in=shown),
        "workshop__factory",
    )
    members = counts_by(
        Member.objects.visible_to(user).active().filter(factory__in=shown), "factory"
    )
    for factory in page:
        factory.group_count = groups.get(factory.pk, 0)
        factory.member_count = members.get(factory.pk, 0)
    return render(request, "groups/factory_list.html", {"page": page})


def group_list(request):
    user = request.user
    form = GroupFilterForm(request.GET or None, user=user)
    page = group_page(request, form.filter(UnionGroup.objects.visible_to(user)))
    context = {"form": form, "page": page, "query": filters_query(request)}
    return render(request, "groups/uniongroup_list.html", context)


def member_detail(request, pk):
    member = get_member_for_user(request.user, pk)
    history = list(
        member.history.select_related(*named("history_user")).order_by("-history_id")[:21]
    )
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
        with refusals_into(form) as call:
            member = services.member_create(group=group, **form.cleaned_data)
        if call.done:
            messages.success(request, _("%(name)s has joined the group.") % {"name": member.name})
            return redirect(group)
    return render(request, "groups/member_form.html", {"form": form, "group": group})


def member_edit(request, pk):
    member = get_rw_member_for_user(request.user, pk)
    previous_status = member.status
    form = MemberForm(request.POST or None, instance=member, factory=member.factory)
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            services.member_update(member=form.instance, previous_status=previous_status)
        if call.done:
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
        with refusals_into(form) as call:
            services.member_move(
                member=member, to_group=form.cleaned_data["to_group"], on=form.cleaned_data["on"]
            )
        if call.done:
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
        with refusals_into(form) as call:
            role = services.role_assign(group=group, **form.cleaned_data)
        if call.done:
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
        with refusals_into(form) as call:
            services.role_end(role=role, on=form.cleaned_data["ended_on"])
        if call.done:
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
        with refusals_into(form) as call:
            services.group_archive(
                group=group, on=form.cleaned_data["archived_on"], reason=form.cleaned_data["reason"]
            )
        if call.done:
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
