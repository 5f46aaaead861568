"""The lists behind the oversight pages, as rows for ``groups.export.table_response`` (CSV or
XLSX): each starts from a queryset already scoped to the user and streams it in one query."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from downloads.tables import Table, table
from groups.models import Member, UnionGroup
from oversight import reports
from oversight.models import CRITERIA, Assessment, GroupClass, Rating, with_assessment


def _label(choices, value):
    return choices(value).label if value else ""


def assessment_table(assessments):
    """Every assessment with its criteria, proposed and confirmed class and review."""
    header = [
        _("Period"),
        _("Factory union"),
        _("Workshop union"),
        _("Union group"),
        _("Status"),
        *[str(label) for _name, label, _help in CRITERIA],
        _("Proposed class"),
        _("Confirmed class"),
        _("Reason for another class"),
        _("Reason for returning"),
        _("Submitted at"),
        _("Reviewed at"),
    ]
    queryset = assessments.select_related("period", "group__workshop__factory").order_by(
        "period__starts_on",
        "group__workshop__factory__name",
        "group__workshop__name",
        "group__name",
        "pk",
    )

    def rows():
        for a in queryset.iterator(chunk_size=1000):
            yield [
                a.period.name,
                a.group.workshop.factory.name,
                a.group.workshop.name,
                a.group.name,
                a.get_status_display(),
                *[_label(Rating, getattr(a, name)) for name, _label_, _help in CRITERIA],
                _label(GroupClass, a.proposed_class),
                _label(GroupClass, a.confirmed_class),
                a.class_reason,
                a.return_reason,
                a.submitted_at and timezone.localdate(a.submitted_at),
                a.reviewed_at and timezone.localdate(a.reviewed_at),
            ]

    return header, rows()


def group_table(groups, user, period):
    """The groups with their figures and their class in ``period`` (confirmed, else proposed,
    with the status saying which), as far as ``user`` may see the assessments."""
    queryset = with_assessment(
        groups.select_related("workshop__factory").with_figures(), user, period
    ).order_by("workshop__factory__name", "workshop__name", "name", "pk")
    statuses = dict(Assessment.Status.choices)
    header = [
        _("Factory union"),
        _("Workshop union"),
        _("Union group"),
        _("Union group leader"),
        _("Members"),
        _("Assessment"),
        _("Proposed class"),
        _("Confirmed class"),
    ]

    def rows():
        for g in queryset.iterator(chunk_size=1000):
            yield [
                g.workshop.factory.name,
                g.workshop.name,
                g.name,
                g.leader_name,
                g.member_count,
                statuses.get(g.assessment_status, _("Not assessed")),
                _label(GroupClass, g.proposed_class),
                _label(GroupClass, g.confirmed_class),
            ]

    return header, rows()


def member_table(members):
    """The members of the user's scope, with their group."""
    queryset = members.select_related("group__workshop__factory").order_by(
        "group__workshop__factory__name", "group__workshop__name", "group__name", "name", "pk"
    )
    header = [
        _("Factory union"),
        _("Workshop union"),
        _("Union group"),
        _("Name"),
        _("Gender"),
        _("Employee number"),
        _("Trade or job"),
        _("Skill grade"),
        _("Joined the union on"),
        _("Status"),
    ]

    def rows():
        for m in queryset.iterator(chunk_size=1000):
            yield [
                m.group.workshop.factory.name,
                m.group.workshop.name,
                m.group.name,
                m.name,
                m.get_gender_display(),
                m.employee_number,
                m.trade,
                m.skill_grade,
                m.joined_union_on,
                m.get_status_display(),
            ]

    return header, rows()


# --- The tables as downloads (``downloads.tables``): the same for the CSV and the XLSX ---------


@table("oversight.assessments")
def assessments_download(user, params):
    """The assessments of the user's scope in the period ``params["period"]`` (by default the
    latest begun), or of every period when there is none."""
    period = reports.chosen_period(reports.periods(user), params.get("period"))
    assessments = Assessment.objects.visible_to(user)
    if period is not None:
        assessments = assessments.filter(period=period)
    header, rows = assessment_table(assessments)
    again = {"period": str(period.pk) if period else None}
    return Table("assessments", _("Assessments"), header, rows, assessments.count, again)


@table("oversight.groups")
def groups_download(user, params):
    """The groups of the user's scope with their class in the period ``params["period"]`` (by
    default the latest begun; 404 when there is none)."""
    period = reports.chosen_period(reports.periods(user), params.get("period"))
    if period is None:
        raise Http404
    groups = UnionGroup.objects.visible_to(user).active()
    header, rows = group_table(groups, user, period)
    again = {"period": str(period.pk)}
    return Table("groups", _("Union groups"), header, rows, groups.count, again)


@table("oversight.members")
def members_download(user, params):
    """The members of the user's scope: the active ones, or all with ``params["all"]``."""
    members = Member.objects.visible_to(user)
    if not params.get("all"):
        members = members.active()
    header, rows = member_table(members)
    return Table("members", _("Members"), header, rows, members.count)
