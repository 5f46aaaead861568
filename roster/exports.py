"""The roster of a factory as a table (``downloads``): a CSV streamed in the request, an XLSX of a
factory's thousands of members made in the background. The same columns as the template, so that
an edited export uploads again."""

from django.utils.translation import gettext as _

from downloads.tables import Table, table
from dues.models import WageBase
from groups.access import get_for_user
from groups.capabilities import Capability
from groups.models import FactoryUnion, Member, Role
from roster import services
from roster.columns import COLUMNS


def header():
    return [str(column.label) for column in COLUMNS]


def _roles_by_member(factory):
    """Each member's first current role (a leader's before an officer's), one query."""
    found = {}
    current = (
        Role.objects.current()
        .filter(group__workshop__factory=factory)
        .select_related("mentor__member")
        .order_by("started_on", "pk")
    )
    for role in current:
        held = found.get(role.member_id)
        if held is None or Role.KIND_ORDER.index(role.kind) < Role.KIND_ORDER.index(held.kind):
            found[role.member_id] = role
    return found


@table("roster.roster")
def roster_table(user, params):
    """The members of ``user``'s scope in the factory ``params["factory"]``, with their wages:
    the factory's and its workshops' staff only, never the city federation (404 or 403 else,
    checked again when the file is made)."""
    factory = get_for_user(
        FactoryUnion.objects.all(), user, params.get("factory"), need=Capability.MANAGE_GROUPS
    )
    workshop = services.importers_workshop(user)
    members = (
        Member.objects.visible_to(user)
        .active()
        .filter(factory=factory)
        .select_related("group__workshop")
        .order_by("group__workshop__name", "group__name", "employee_number", "pk")
    )
    if workshop is not None:
        members = members.filter(group__workshop=workshop)

    def rows():
        # Read as the rows are written, not when the table is asked for.
        roles = _roles_by_member(factory)
        wages = dict(
            WageBase.objects.filter(member__factory=factory).values_list("member", "amount")
        )
        for m in members.iterator(chunk_size=1000):
            role = roles.get(m.pk)
            yield [
                factory.name,
                m.group.workshop.name,
                m.group.name,
                m.name,
                m.get_gender_display(),
                m.employee_number,
                m.trade,
                m.skill_grade,
                m.phone,
                m.email,
                m.joined_union_on,
                role.get_kind_display() if role else "",
                role.get_portfolio_display() if role and role.portfolio else "",
                role.mentor.member.employee_number if role and role.mentor_id else "",
                wages.get(m.pk),
            ]

    return Table(f"roster-{factory.pk}", _("Roster"), header(), rows(), members.count)
