"""Who hears of a group's records, found for many groups at once (a fixed number of queries,
whatever their number): accounts of the union group leader, of a member, of the case readers.
Each account is checked again at delivery (``services.record``) with the record's own
``visible_to``, so a wrong guess here can only leave someone out, never let someone in."""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q

from groups.models import Member, Role, Scope, UnionGroup
from groups.scoping import NOTHING, Level


def _accounts():
    return Scope.objects.filter(user__is_active=True).select_related("user")


def _users_by(scopes, key):
    """``{scope's key: [user]}`` of ``scopes`` (their users loaded with them)."""
    found = defaultdict(list)
    for scope in scopes:
        found[getattr(scope, key)].append(scope.user)
    return found


def _current(kinds_q):
    return Role.objects.current().filter(
        kinds_q, group=OuterRef("group"), member=OuterRef("member")
    )


def group_accounts(group_ids, *, leaders_only=False):
    """``{group pk: [user]}``: every account of the groups: their members' still in the union,
    and the groups' own that are nobody's in particular (which write their records); with
    ``leaders_only``, of the members only their current union group leader's."""
    active = Q(member__status=Member.Status.ACTIVE)
    if leaders_only:
        active &= Q(Exists(_current(Q(kind=Role.Kind.UNION_LEADER))))
    scopes = (
        _accounts()
        .filter(level=Level.GROUP, group__in=group_ids)
        .filter(Q(member__isnull=True) | active)
    )
    return _users_by(scopes, "group_id")


def leader_accounts(group_ids):
    """``{group pk: [user]}``: the group's account of its current union group leader, or the
    group's account that is nobody's in particular."""
    return group_accounts(group_ids, leaders_only=True)


def member_accounts(member_ids):
    """``{member pk: [user]}``: the accounts of members still in the union."""
    scopes = _accounts().filter(member__in=member_ids, member__status=Member.Status.ACTIVE)
    return _users_by(scopes, "member_id")


def _staff(group_ids, also=NOTHING):
    """``(units, scopes)``: each group's workshop and factory, and the staff accounts of those
    (with the accounts ``also`` matches)."""
    units = {
        pk: (workshop, factory)
        for pk, workshop, factory in UnionGroup.objects.filter(pk__in=group_ids).values_list(
            "pk", "workshop", "workshop__factory"
        )
    }
    scopes = _accounts().filter(
        also
        | Q(level=Level.WORKSHOP, workshop__in={w for w, _ in units.values()})
        | Q(level=Level.FACTORY, factory__in={f for _, f in units.values()})
    )
    return units, scopes


def _by_group(units, scopes):
    by_group, by_workshop, by_factory = defaultdict(list), defaultdict(list), defaultdict(list)
    for scope in scopes:
        if scope.level == Level.GROUP:
            by_group[scope.group_id].append(scope.user)
        elif scope.level == Level.WORKSHOP:
            by_workshop[scope.workshop_id].append(scope.user)
        else:
            by_factory[scope.factory_id].append(scope.user)
    return {
        pk: by_group[pk] + by_workshop[workshop] + by_factory[factory]
        for pk, (workshop, factory) in units.items()
    }


def staff_accounts(group_ids):
    """``{group pk: [user]}``: the staff of the group's workshop and factory."""
    return _by_group(*_staff(group_ids))


def case_reader_accounts(group_ids):
    """``{group pk: [user]}``: who reads the group's welfare cases: its leader's and its welfare
    officer's accounts, and the staff of its workshop and factory."""
    keeps = _current(
        Q(kind=Role.Kind.UNION_LEADER) | Q(kind=Role.Kind.OFFICER, portfolio=Role.Portfolio.WELFARE)
    )
    also = Q(
        Exists(keeps),
        level=Level.GROUP,
        group__in=group_ids,
        member__status=Member.Status.ACTIVE,
    )
    return _by_group(*_staff(group_ids, also))


def federation_accounts(federation_ids):
    """``{federation pk: [user]}``: the city federation's staff."""
    scopes = _accounts().filter(level=Level.FEDERATION, federation__in=federation_ids)
    return _users_by(scopes, "federation_id")
