"""The organisation's own reminders, for ``send_reminders``: ``groups`` sits below this app and
cannot name it, so what is due of the groups themselves is found here. A fixed number of
queries whatever the number of groups."""

import datetime

from django.db.models import Exists, OuterRef, Q

from groups.models import Member, Role, UnionGroup
from notifications.audience import staff_accounts
from notifications.services import Due, week_of


def groups_without_leaders(today):
    """Weekly, to the staff of the workshop and the factory: groups without a current union
    group leader or production group leader."""

    def holds(kind):
        return Exists(Role.objects.current().filter(group=OuterRef("pk"), kind=kind))

    groups = list(
        UnionGroup.objects.active()
        .annotate(
            union_leader=holds(Role.Kind.UNION_LEADER),
            production_leader=holds(Role.Kind.PRODUCTION_LEADER),
        )
        .exclude(union_leader=True, production_leader=True)
    )
    staff = staff_accounts({group.pk for group in groups})
    return [
        Due(
            kind="group_without_leader",
            target=group,
            group_id=group.pk,
            url=group.get_absolute_url(),
            params={
                "group": group.name,
                "missing": "union" if not group.union_leader else "production",
            },
            users=staff.get(group.pk, []),
            day=week_of(today),
        )
        for group in groups
    ]


#: A union group leader is elected for a year (the groups elect theirs each year: "re-elected
#: three years running"); a current term with no end recorded ends a year after it began.
TERM_YEARS = 1
#: The staff hear of a term's end this many days ahead (and weekly after, until the election).
TERM_NOTICE_DAYS = 30


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def term_end(role):
    """The day a union group leader's term ends: its recorded end, else a year after it began."""
    if role.ended_on is not None:
        return role.ended_on
    return _years_before(role.started_on, -TERM_YEARS)


def leader_terms_ending(today):
    """Weekly, to the staff of the workshop and the factory: a union group leader's term ends
    within 30 days (prepare the election), or ended with no one elected since. Two queries."""
    horizon = today + datetime.timedelta(days=TERM_NOTICE_DAYS)
    roles = list(
        Role.objects.filter(
            kind=Role.Kind.UNION_LEADER,
            member__status=Member.Status.ACTIVE,
            group__archived_on__isnull=True,
        )
        .filter(
            Q(ended_on__isnull=True, started_on__lte=_years_before(horizon, TERM_YEARS))
            | Q(ended_on__gte=today, ended_on__lte=horizon)
        )
        .select_related("group", "member")
    )
    staff = staff_accounts({role.group_id for role in roles})
    dues = []
    for role in roles:
        ends_on = term_end(role)
        dues.append(
            Due(
                kind="leader_term_ending",
                target=role,
                group_id=role.group_id,
                url=role.group.get_absolute_url(),
                params={
                    "group": role.group.name,
                    "member": role.member.name,
                    "ends_on": ends_on.isoformat(),
                    "overdue": ends_on < today,
                },
                users=staff.get(role.group_id, []),
                day=week_of(today),
            )
        )
    return dues
