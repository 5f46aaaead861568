"""The columns of a roster workbook: what each holds, whether it must be filled, and the headers
it is known by. A header is accepted in English, Simplified or Traditional Chinese whatever the
language of the page, so a file made from any of the three templates reads the same."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from groups.models import Member, Role

LANGUAGES = ("en", "zh-hans", "zh-hant")


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    help: Promise
    required: bool = False

    def headers(self):
        """The header in each language, folded for comparison."""
        found = set()
        for language in LANGUAGES:
            with translation.override(language):
                found.add(fold(str(self.label)))
        return found


def fold(text):
    return "".join(str(text).split()).casefold()


COLUMNS = [
    Column(
        "factory",
        _("Factory union"),
        _(
            "Optional. Leave empty, or write this factory's name; "
            "a row of another factory is refused."
        ),
    ),
    Column(
        "workshop",
        _("Workshop union"),
        _("The workshop's name. A new name makes a new workshop union."),
        True,
    ),
    Column(
        "group",
        _("Union group"),
        _("The group's name within its workshop. A new name makes a new group."),
        True,
    ),
    Column("name", _("Name"), _("The member's full name."), True),
    Column("gender", _("Gender"), _("Female or Male."), True),
    Column(
        "employee_number",
        _("Employee number"),
        _("Unique within the factory: it is how a member is found again in a later file."),
        True,
    ),
    Column("trade", _("Trade or job"), _("Optional, e.g. turner.")),
    Column("skill_grade", _("Skill grade"), _("Optional: 1 to 8 on the eight-grade wage scale.")),
    Column("phone", _("Phone"), _("Optional.")),
    Column("email", _("E-mail"), _("Optional: where the member's sign-in link is sent.")),
    Column(
        "joined_union_on",
        _("Joined the union on"),
        _("A date, e.g. 2024-03-05."),
        True,
    ),
    Column(
        "role",
        _("Role"),
        _(
            "Optional: union group leader, production group leader, officer or activist. "
            "Roles the member holds already are kept."
        ),
    ),
    Column(
        "portfolio",
        _("Portfolio"),
        _(
            "For an officer: organisation, publicity and education, production, "
            "labour insurance and welfare, or culture and recreation."
        ),
    ),
    Column(
        "mentor",
        _("Officer's employee number"),
        _(
            "For an activist: the employee number of the officer of the same group who keeps "
            "close to them (a row of this file)."
        ),
    ),
    Column(
        "wage",
        _("Monthly wage (yuan)"),
        _("Optional: the wage the member's dues are reckoned on (seen by the factory only)."),
    ),
]
BY_KEY = {column.key: column for column in COLUMNS}


def choice_values(choices):
    """``{folded label in any language, or the stored value: value}`` of a model's choices."""
    found = {}
    for value, label in choices.choices:
        found[fold(value)] = value
        for language in LANGUAGES:
            with translation.override(language):
                found[fold(str(label))] = value
    return found


def genders():
    found = choice_values(Member.Gender)
    found.update({"m": Member.Gender.MALE, "f": Member.Gender.FEMALE})
    return found


def role_kinds():
    return choice_values(Role.Kind)


def portfolios():
    return choice_values(Role.Portfolio)
