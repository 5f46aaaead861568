"""What the production models share: money and quantity fields, the kinds of indicator and which way
each is better."""

import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

ZERO = Decimal(0)


def money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


def quantity_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class Kind(models.TextChoices):
    """What an indicator measures: the same kinds on a group's plan and in a campaign's rules, so
    that a campaign can score a group from its progress entries."""

    OUTPUT = "output", _("Output")
    PASS_SHARE = "pass_share", _("Quality: share passing (%)")
    SCRAP = "scrap", _("Quality: scrap count")
    INCIDENTS = "incidents", _("Safety: incidents")
    COST_SAVING = "cost_saving", _("Cost saving")
    CUSTOM = "custom", _("Custom indicator")


# Whether more is better for each kind, when the user does not say otherwise.
HIGHER_IS_BETTER = {
    Kind.OUTPUT: True,
    Kind.PASS_SHARE: True,
    Kind.SCRAP: False,
    Kind.INCIDENTS: False,
    Kind.COST_SAVING: True,
    Kind.CUSTOM: True,
}

# Kinds whose entries are a rate rather than a count: their running result is the average of the
# entries, not their sum.
AVERAGED_KINDS = (Kind.PASS_SHARE,)


def month_end(day):
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)
