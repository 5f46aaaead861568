"""The bounds every field a person fills in keeps, written once.

Text: no control characters (a line break and a tab only where the field holds several lines),
and a length that fits the thing: a name or a title is a line, a note a paragraph, minutes or a
description a few pages. Dates: within years a union's records can have (a member who joined
before 1900 or a meeting after 2100 is a typing mistake, and 9999-12-31 would overflow the date
arithmetic of periods and rounds).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SHORT_TEXT = 2_000  # a note, a reason, what was brought
LONG_TEXT = 10_000  # minutes, a description, a summary, a plan
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def no_control_characters(value):
    """A line of text: no control characters, no line breaks, no bidirectional overrides."""
    if isinstance(value, str) and _CONTROL_IN_LINE.search(value):
        raise ValidationError(_("Remove the control characters from this text."), code="control")


def no_control_characters_in_text(value):
    """Several lines of text: line breaks and tabs, but no other control characters."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(_("Remove the control characters from this text."), code="control")


def plausible_date(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date) and not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(
            _("Give a date between %(first)s and %(last)s.")
            % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
            code="implausible_date",
        )
