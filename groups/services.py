"""Writes that touch several rows: each validates, then saves everything or nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import GroupMembership, Member, Role, Scope, UnionGroup


def member_create(*, group: UnionGroup, **fields) -> Member:
    """Enrol a member in a group; the stay in the group starts the day they joined the union."""
    return member_enrol(member=Member(group=group, **fields))


@transaction.atomic
def member_enrol(*, member: Member) -> Member:
    """Save a new member made elsewhere (a form of the back office) in their group's factory, and
    start their stay in the group the day they joined the union. Never into an archived group."""
    member.group.check_open("group")
    member.factory_id = member.group.workshop.factory_id
    member.full_clean()
    member.save()
    GroupMembership.objects.create(
        member=member, group=member.group, started_on=member.joined_union_on
    )
    return member


def check_leaving(member: Member, status: str, on) -> None:
    """Refuse a member's leaving (or transfer out) dated before their stay in the group or a role
    they hold began: the stay and the roles end that day."""
    if member.pk is None or status == Member.Status.ACTIVE or on is None:
        return
    if Member.objects.filter(pk=member.pk, status=Member.Status.ACTIVE).exists():
        began = [
            *member.memberships.filter(ended_on__isnull=True).values_list("started_on", flat=True),
            *member.roles.current().values_list("started_on", flat=True),
        ]
        latest = max(began, default=None)
        if latest is not None and on < latest:
            raise ValidationError(
                {
                    "status_changed_on": _(
                        "The member's stay in the group or a role began only on %(date)s."
                    )
                    % {"date": latest.isoformat()}
                }
            )


@transaction.atomic
def member_update(*, member: Member, previous_status: str) -> Member:
    """Save an edited member. Leaving the union or transferring out ends the member's stay in the
    group and every role they held; coming back opens a new stay."""
    member.full_clean()
    was_active = previous_status == Member.Status.ACTIVE
    is_active = member.status == Member.Status.ACTIVE
    if was_active and not is_active:
        check_leaving(member, member.status, member.status_changed_on)
    member.save()
    if was_active and not is_active:
        on = member.status_changed_on
        _end_roles(member.roles.current(), on)
        member.memberships.filter(ended_on__isnull=True).update(ended_on=on)
        # The member's own sign-in ends with their membership.
        get_user_model().objects.filter(scope__member=member).update(is_active=False)
    elif is_active and not was_active:
        on = member.status_changed_on or timezone.localdate()
        GroupMembership.objects.create(member=member, group=member.group, started_on=on)
    return member


@transaction.atomic
def member_move(*, member: Member, to_group: UnionGroup, on: datetime.date) -> Member:
    """Move an active member to another group of the same factory on a date, ending the roles
    they held in the old group. The old stay is kept as history."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Member.Status.ACTIVE:
        raise ValidationError(_("Only an active member can be moved."))
    if to_group.pk == member.group_id:
        raise ValidationError({"to_group": _("The member is already in this group.")})
    if to_group.workshop.factory_id != member.factory_id:
        raise ValidationError({"to_group": _("A member can only move within their factory.")})
    to_group.check_open("to_group")
    stay = member.memberships.filter(ended_on__isnull=True).first()
    if stay and on < stay.started_on:
        raise ValidationError(
            {
                "on": _("The member has been in the group only since %(date)s.")
                % {"date": stay.started_on.isoformat()}
            }
        )
    later_role = member.roles.current().filter(started_on__gt=on).first()
    if later_role:
        message = _("The member's role %(role)s began after this date.")
        raise ValidationError({"on": message % {"role": later_role.title}})
    _end_roles(member.roles.current(), on)
    if stay:
        stay.ended_on = on
        stay.save(update_fields=["ended_on"])
    GroupMembership.objects.create(member=member, group=to_group, started_on=on)
    member.group = to_group
    member.save(update_fields=["group"])
    # The member's own sign-in moves with them: it sees and does what the new group's member does.
    Scope.objects.filter(member=member, level="group").update(group=to_group)
    return member


def current_union_leader(group: UnionGroup):
    return (
        Role.objects.current()
        .filter(group=group, kind=Role.Kind.UNION_LEADER)
        .select_related("member")
        .first()
    )


@transaction.atomic
def role_assign(
    *,
    group: UnionGroup,
    member: Member,
    kind: str,
    started_on: datetime.date,
    portfolio: str = "",
    mentor: Role | None = None,
) -> Role:
    """Give a member of the group a role from a date."""
    errors = {}
    if member.group_id != group.pk or member.status != Member.Status.ACTIVE:
        errors["member"] = _("Only an active member of this group can hold a role in it.")
    if kind == Role.Kind.OFFICER and not portfolio:
        errors["portfolio"] = _("An officer needs a portfolio.")
    if kind == Role.Kind.ACTIVIST:
        if mentor is None:
            errors["mentor"] = _("Choose the officer who keeps close to this activist.")
        elif mentor.group_id != group.pk or mentor.kind != Role.Kind.OFFICER or mentor.ended_on:
            errors["mentor"] = _("Choose a current officer of this group.")
    if kind == Role.Kind.UNION_LEADER:
        leader = current_union_leader(group)
        if leader:
            errors["kind"] = _(
                "%(name)s is the union group leader since %(date)s. End that term first."
            ) % {"name": leader.member.name, "date": leader.started_on.isoformat()}
    if errors:
        raise ValidationError(errors)
    role = Role(
        group=group,
        member=member,
        kind=kind,
        started_on=started_on,
        portfolio=portfolio if kind == Role.Kind.OFFICER else "",
        mentor=mentor if kind == Role.Kind.ACTIVIST else None,
    )
    role.full_clean()
    role.save()
    return role


@transaction.atomic
def role_end(*, role: Role, on: datetime.date) -> Role:
    """End a role on a date. An ended officer's activists stay in the group, unlinked, until they
    are linked to another officer."""
    if role.ended_on is not None:
        raise ValidationError(_("This role has already ended."))
    if on < role.started_on:
        message = _("A role cannot end before it began (%(date)s).")
        raise ValidationError({"ended_on": message % {"date": role.started_on.isoformat()}})
    role.ended_on = on
    role.save(update_fields=["ended_on"])
    return role


def _end_roles(roles, on):
    # One save per role (a handful at most) rather than update(), so that each end is kept in
    # the role's history with the acting user.
    for role in roles:
        role.ended_on = max(on, role.started_on)
        role.save(update_fields=["ended_on"])


@transaction.atomic
def group_archive(*, group: UnionGroup, on: datetime.date, reason: str) -> UnionGroup:
    """Archive a group that no longer meets; its records stay. Its members must have been moved."""
    active = group.members.filter(status=Member.Status.ACTIVE).count()
    if active:
        raise ValidationError(
            _("Move this group's %(count)d active members to other groups first.")
            % {"count": active}
        )
    _end_roles(group.roles.current(), on)
    group.archived_on = on
    group.archive_reason = reason
    group.save(update_fields=["archived_on", "archive_reason"])
    return group


@transaction.atomic
def group_restore(*, group: UnionGroup) -> UnionGroup:
    group.archived_on = None
    group.archive_reason = ""
    group.save(update_fields=["archived_on", "archive_reason"])
    return group
