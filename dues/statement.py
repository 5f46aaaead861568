"""A factory's monthly dues remittance statement (會費上解報表): what each workshop's groups
collected of the month's dues, how many of the members on the rolls have been marked, and how the
factory's total is shared between the groups, the factory union and the city federation under
the rule in force. Four queries, whatever the factory's size; counts and sums only, never a wage.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dues.models import ZERO, DuesPayment, DuesRule
from dues.sheet import MID_MONTH, collection
from groups.figures import share
from groups.models import GroupMembership, WorkshopUnion


@dataclass
class Line:
    """One workshop's figures (or the factory's, in ``Statement.total``)."""

    name: str = ""
    on_rolls: int = 0
    marked: int = 0
    excused: int = 0
    paid: int = 0
    owed: int = 0
    collected: Decimal = ZERO
    due: Decimal = ZERO
    #: The sum due of so few members would tell a wage: shown only to the factory's own staff.
    due_hidden: bool = False

    @property
    def rate(self):
        return share(self.paid, self.owed)

    @property
    def outstanding(self):
        return self.due - self.collected

    @property
    def unmarked(self):
        return max(self.on_rolls - self.marked, 0)

    def add(self, other):
        for name in ("on_rolls", "marked", "excused", "paid", "owed", "collected", "due"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Statement:
    factory: object
    month: object
    rule: object
    lines: list = field(default_factory=list)
    total: Line = field(default_factory=Line)

    @property
    def shares(self):
        """``(groups, factory, federation)`` of what was collected, or None without a rule."""
        return self.rule.shares(self.total.collected) if self.rule else None


def _cents(value):
    return Decimal(value or 0).quantize(ZERO)


def statement(factory, month):
    payments = DuesPayment.objects.filter(group__workshop__factory=factory, month=month)
    figures = collection(payments, "workshop")
    excused = dict(
        payments.filter(status=DuesPayment.Status.EXCUSED)
        .order_by()
        .values_list("group__workshop")
        .annotate(n=Count("pk"))
    )
    day = month.replace(day=MID_MONTH)
    on_rolls = dict(
        GroupMembership.objects.filter(group__workshop__factory=factory, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .order_by()
        .values_list("group__workshop")
        .annotate(n=Count("member", distinct=True))
    )
    result = Statement(factory=factory, month=month, rule=DuesRule.objects.in_force(factory, month))
    for workshop in WorkshopUnion.objects.filter(factory=factory).order_by("name", "pk"):
        row = figures.get(workshop.pk, {})
        line = Line(
            name=workshop.name,
            on_rolls=on_rolls.get(workshop.pk, 0),
            excused=excused.get(workshop.pk, 0),
            paid=row.get("paid", 0),
            owed=row.get("owed", 0),
            collected=_cents(row.get("collected")),
            due=_cents(row.get("due")),
        )
        line.marked = line.owed + line.excused
        if line.on_rolls or line.marked:
            result.lines.append(line)
            result.total.add(line)
    return result


#: Fewer members than this owing in a workshop, and its sum due is not shown above the factory.
FEW = 3


def hide_small_dues(result):
    """For readers above the factory (the city federation): the sums due of a workshop where
    fewer than ``FEW`` members owe are hidden, as they would tell a member's wage (the dues are
    a share of it). What was collected is a count of payments and stays."""
    for line in result.lines:
        line.due_hidden = 0 < line.owed < FEW
    result.total.due_hidden = 0 < result.total.owed < FEW
    return result


def table(result):
    """``(header, rows)`` of the statement for a CSV or XLSX download."""
    header = [
        _("Workshop union"),
        _("On the rolls on the 15th"),
        _("Marked"),
        _("Excused"),
        _("Members paid"),
        _("Members who owe"),
        _("Collection rate (%)"),
        _("Collected (yuan)"),
        _("Due (yuan)"),
        _("Outstanding (yuan)"),
    ]

    def cells(line, name):
        return [
            name,
            line.on_rolls,
            line.marked,
            line.excused,
            line.paid,
            line.owed,
            "" if line.rate is None else line.rate,
            line.collected,
            "" if line.due_hidden else line.due,
            "" if line.due_hidden else line.outstanding,
        ]

    rows = [cells(line, line.name) for line in result.lines]
    rows.append(cells(result.total, _("Total")))
    if result.shares:
        for label, amount in zip(
            (_("Kept by groups"), _("Kept by the factory"), _("Passed up to the federation")),
            result.shares,
            strict=True,
        ):
            rows.append([label, "", "", "", "", "", "", amount, "", ""])
    return header, rows
