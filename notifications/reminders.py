"""The organisation's own reminders, for ``send_reminders``: ``groups`` sits below this app and
cannot name it, so what is due of the groups themselves is found here. A fixed number of
queries whatever the number of groups."""

from django.db.models import Exists, OuterRef

from groups.models import Role, UnionGroup
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
