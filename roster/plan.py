"""What an import would do, worked out from the rows and the factory's records without writing
anything: the workshops, groups and members to create, the members to update or move, the roles
to give, who is not in the file, and every bad row with its row number, column and reason.

The same plan is worked out again, under a lock, when the user confirms (``roster.services``), so
that what changed in between is caught rather than written over."""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from dues.models import WageBase
from groups.models import Member, Role, UnionGroup, WorkshopUnion
from groups.validators import no_control_characters
from roster.columns import BY_KEY, fold, genders, portfolios, role_kinds

# The member's fields a file sets, as the model keeps them.
FIELDS = ("name", "gender", "trade", "skill_grade", "phone", "email", "joined_union_on")
LIMITS = {"name": 50, "employee_number": 30, "trade": 100, "phone": 30, "email": 254}
NAME_LIMIT = 100  # workshop and group names
MAX_WAGE = Decimal(100_000)


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Row:
    number: int
    workshop: str
    group: str
    employee_number: str
    values: dict
    role: str = ""
    portfolio: str = ""
    mentor: str = ""
    wage: Decimal | None = None


@dataclass
class Plan:
    workshops: list = field(default_factory=list)  # names of workshops to create
    groups: list = field(default_factory=list)  # (workshop name, group name) to create
    creates: list = field(default_factory=list)  # Rows of new members
    updates: list = field(default_factory=list)  # (Member, Row, [changed field names])
    moves: list = field(default_factory=list)  # (Member, Row): another group
    unchanged: int = 0
    roles: list = field(default_factory=list)  # Rows whose role is to be given
    wages: list = field(default_factory=list)  # Rows whose wage base is new or changed
    missing: list = field(default_factory=list)  # active Members of the scope not in the file
    errors: list = field(default_factory=list)

    @property
    def missing_digest(self):
        """A short fingerprint of who is not in the file, to confirm exactly the list shown."""
        ids = ",".join(str(m.pk) for m in sorted(self.missing, key=lambda m: m.pk))
        return hashlib.sha256(ids.encode()).hexdigest()[:16]

    @property
    def counts(self):
        return {
            "workshops": len(self.workshops),
            "groups": len(self.groups),
            "created": len(self.creates),
            "updated": len(self.updates),
            "moved": len(self.moves),
            "unchanged": self.unchanged,
            "roles": len(self.roles),
            "wages": len(self.wages),
            "missing": len(self.missing),
            "errors": len(self.errors),
        }


def _date(text):
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            day = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if datetime.date(1900, 1, 1) <= day <= datetime.date(2100, 12, 31):
            return day
    return None


class _Checker:
    def __init__(self, plan, number):
        self.plan, self.number, self.ok = plan, number, True

    def error(self, key, message):
        self.plan.errors.append(RowError(self.number, str(BY_KEY[key].label), message))
        self.ok = False


def _clean(row_number, raw, plan, factory, workshop_scope, today):
    """The row's values as the model keeps them, or None (its errors added to the plan)."""
    check = _Checker(plan, row_number)
    text = {key: (raw.get(key) or "").strip() for key in BY_KEY}
    for key, value in text.items():
        try:
            no_control_characters(value)
        except ValidationError:
            check.error(key, _("The cell holds control characters."))
    for key in ("workshop", "group", "name", "gender", "employee_number", "joined_union_on"):
        if not text[key]:
            check.error(key, _("This column must be filled."))
    for key, limit in {**LIMITS, "workshop": NAME_LIMIT, "group": NAME_LIMIT}.items():
        if len(text[key]) > limit:
            check.error(key, _("At most %(n)d characters.") % {"n": limit})
    if text["factory"] and fold(text["factory"]) != fold(factory.name):
        check.error(
            "factory",
            _("“%(name)s” is another factory union: this file is imported into %(factory)s only.")
            % {"name": text["factory"], "factory": factory.name},
        )
    if workshop_scope is not None and text["workshop"] and text["workshop"] != workshop_scope.name:
        check.error(
            "workshop",
            _("You import into %(workshop)s only.") % {"workshop": workshop_scope.name},
        )
    values = {"name": text["name"], "trade": text["trade"], "phone": text["phone"]}
    values["email"] = text["email"]
    if text["email"]:
        try:
            validate_email(text["email"])
        except ValidationError:
            check.error(
                "email", _("“%(value)s” is not an e-mail address.") % {"value": text["email"]}
            )
    values["gender"] = genders().get(fold(text["gender"])) if text["gender"] else None
    if text["gender"] and values["gender"] is None:
        check.error("gender", _("Write Female or Male."))
    values["skill_grade"] = None
    if text["skill_grade"]:
        try:
            grade = int(text["skill_grade"])
        except ValueError:
            grade = 0
        if not 1 <= grade <= 8:
            check.error("skill_grade", _("A skill grade is a whole number from 1 to 8."))
        values["skill_grade"] = grade
    wage = None
    if text["wage"]:
        try:
            wage = Decimal(text["wage"].replace(",", ""))
        except InvalidOperation:
            wage = None
        if wage is None or not wage.is_finite() or not 0 <= wage <= MAX_WAGE:
            check.error("wage", _("A monthly wage is a number of yuan from 0 to 100,000."))
        else:
            wage = wage.quantize(Decimal("0.01"))
    values["joined_union_on"] = _date(text["joined_union_on"]) if text["joined_union_on"] else None
    if text["joined_union_on"] and values["joined_union_on"] is None:
        check.error(
            "joined_union_on",
            _("“%(value)s” is not a date; write it as 2024-03-05.")
            % {"value": text["joined_union_on"]},
        )
    elif values["joined_union_on"] and values["joined_union_on"] > today:
        check.error("joined_union_on", _("This date is in the future."))
    role = portfolio = ""
    if text["role"]:
        role = role_kinds().get(fold(text["role"]), "")
        if not role:
            check.error(
                "role", _("Write union group leader, production group leader, officer or activist.")
            )
    if role == Role.Kind.OFFICER:
        portfolio = portfolios().get(fold(text["portfolio"]), "") if text["portfolio"] else ""
        if not portfolio:
            check.error("portfolio", _("An officer needs a portfolio."))
    if role == Role.Kind.ACTIVIST and not text["mentor"]:
        check.error(
            "mentor",
            _("Write the employee number of the officer who keeps close to this activist."),
        )
    if not check.ok:
        return None
    return Row(
        number=row_number,
        workshop=text["workshop"],
        group=text["group"],
        employee_number=text["employee_number"],
        values=values,
        role=role,
        portfolio=portfolio,
        mentor=text["mentor"] if role == Role.Kind.ACTIVIST else "",
        wage=wage,
    )


def make_plan(rows, *, factory, workshop=None, today):
    """The plan of importing ``rows`` (``[(row number, {column key: text})]``) into ``factory``
    (only into ``workshop`` for workshop staff). Six queries, whatever the number of rows."""
    plan = Plan()
    workshops = {w.name: w for w in WorkshopUnion.objects.filter(factory=factory)}
    groups = {
        (g.workshop.name, g.name): g
        for g in UnionGroup.objects.filter(workshop__factory=factory).select_related("workshop")
    }
    members = {m.employee_number: m for m in Member.objects.filter(factory=factory)}
    wages = dict(WageBase.objects.filter(member__factory=factory).values_list("member", "amount"))
    current = {}
    for role in (
        Role.objects.current().filter(group__workshop__factory=factory).select_related("member")
    ):
        current.setdefault((role.group_id, role.kind), []).append(role)

    own_groups = {g.pk for g in groups.values() if workshop is None or g.workshop_id == workshop.pk}
    cleaned, seen = [], {}
    for number, raw in rows:
        row = _clean(number, raw, plan, factory, workshop, today)
        if row is None:
            continue
        check = _Checker(plan, number)
        first = seen.setdefault(row.employee_number, number)
        if first != number:
            check.error(
                "employee_number",
                _("Employee number %(number)s is also on row %(row)s.")
                % {"number": row.employee_number, "row": first},
            )
        member = members.get(row.employee_number)
        if member is not None and workshop is not None and member.group_id not in own_groups:
            # Workshop staff neither change nor learn about another workshop's people.
            check.error(
                "employee_number",
                _("Employee number %(number)s is taken in another workshop of this factory.")
                % {"number": row.employee_number},
            )
        elif member is not None and member.status != Member.Status.ACTIVE:
            check.error(
                "employee_number",
                _(
                    "Employee number %(number)s belongs to %(name)s, a former member of this "
                    "factory (%(status)s since %(date)s)."
                )
                % {
                    "number": row.employee_number,
                    "name": member.name,
                    "status": member.get_status_display(),
                    "date": member.status_changed_on.isoformat(),
                },
            )
        if row.workshop not in workshops and workshop is not None:
            check.error("workshop", _("Only factory staff can add a workshop union."))
        group = groups.get((row.workshop, row.group))
        if group is not None and group.is_archived:
            check.error("group", _("%(group)s is archived.") % {"group": group.name})
        if check.ok:
            cleaned.append((row, member, group))

    # Leaders: one union group leader and one production group leader per group.
    officers = {}
    leaders = {}
    for row, member, group in cleaned:
        if row.role == Role.Kind.OFFICER:
            officers[row.employee_number] = row
        if row.role in (Role.Kind.UNION_LEADER, Role.Kind.PRODUCTION_LEADER):
            key = (row.workshop, row.group, row.role)
            if key in leaders:
                _Checker(plan, row.number).error(
                    "role",
                    _("Row %(row)s names this group's %(role)s already.")
                    % {"row": leaders[key], "role": Role.Kind(row.role).label},
                )
                continue
            leaders[key] = row.number
            holders = current.get((group.pk, row.role), []) if group else []
            other = next((r for r in holders if member is None or r.member_id != member.pk), None)
            if other is not None:
                _Checker(plan, row.number).error(
                    "role",
                    _("%(name)s is this group's %(role)s since %(date)s. End that term first.")
                    % {
                        "name": other.member.name,
                        "role": Role.Kind(row.role).label,
                        "date": other.started_on.isoformat(),
                    },
                )
    for row, _member, _group in cleaned:
        if row.role == Role.Kind.ACTIVIST:
            officer = officers.get(row.mentor)
            in_file = officer is not None and (officer.workshop, officer.group) == (
                row.workshop,
                row.group,
            )
            group = groups.get((row.workshop, row.group))
            on_record = group is not None and any(
                r.member.employee_number == row.mentor
                for r in current.get((group.pk, Role.Kind.OFFICER), [])
            )
            if not in_file and not on_record:
                _Checker(plan, row.number).error(
                    "mentor",
                    _(
                        "No officer of %(group)s with employee number %(number)s is in this "
                        "file or in the records."
                    )
                    % {"group": row.group, "number": row.mentor},
                )
    if plan.errors:
        plan.errors.sort(key=lambda e: e.row)
        return plan

    in_file = set()
    for row, member, group in cleaned:
        in_file.add(row.employee_number)
        if row.workshop not in workshops and row.workshop not in plan.workshops:
            plan.workshops.append(row.workshop)
        if group is None and (row.workshop, row.group) not in plan.groups:
            plan.groups.append((row.workshop, row.group))
        if member is None:
            plan.creates.append(row)
        else:
            changed = [name for name in FIELDS if getattr(member, name) != row.values[name]]
            moved = group is None or member.group_id != group.pk
            if changed:
                plan.updates.append((member, row, changed))
            if moved:
                plan.moves.append((member, row))
            if not changed and not moved:
                plan.unchanged += 1
        if row.role and not _holds(current, member, group, row):
            plan.roles.append(row)
        if row.wage is not None and (member is None or wages.get(member.pk) != row.wage):
            plan.wages.append(row)
    plan.missing = [
        m
        for m in members.values()
        if m.status == Member.Status.ACTIVE
        and m.employee_number not in in_file
        and m.group_id in own_groups
    ]
    plan.missing.sort(key=lambda m: (m.employee_number, m.pk))
    return plan


def _holds(current, member, group, row):
    """Whether the member holds the row's role in the row's group already."""
    if member is None or group is None or member.group_id != group.pk:
        return False
    # An officer's portfolio is changed on the group's page, not by a file.
    return any(role.member_id == member.pk for role in current.get((group.pk, row.role), []))
