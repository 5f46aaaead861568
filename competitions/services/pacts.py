"""Writes of mutual-aid pacts and their reviews."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competitions.models import (
    Pact,
    PactReview,
)
from groups.models import UnionGroup


@transaction.atomic
def pact_create(
    *,
    user,
    group: UnionGroup,
    partner_group: UnionGroup | None = None,
    partner_department: str = "",
    title: str,
    group_commitments: str,
    partner_commitments: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Pact:
    if partner_group is not None and partner_group.pk == group.pk:
        raise ValidationError({"partner_group": _("A group cannot make a pact with itself.")})
    if (partner_group is None) == (not partner_department.strip()):
        raise ValidationError(_("Name one partner: another group or a department."))
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("A pact ends on or after the day it starts.")})
    pact = Pact(
        group=group,
        partner_group=partner_group,
        partner_department=partner_department.strip() if partner_group is None else "",
        title=title,
        group_commitments=group_commitments,
        partner_commitments=partner_commitments,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=user,
    )
    pact.full_clean()
    pact.save()
    return pact


@transaction.atomic
def pact_review(
    *, pact: Pact, user, reviewed_on: datetime.date, kept: bool, problems: str, actions: str
) -> PactReview:
    if reviewed_on < pact.starts_on:
        raise ValidationError({"reviewed_on": _("A pact is reviewed once it has started.")})
    if not kept and not problems.strip():
        raise ValidationError({"problems": _("Say what went wrong when the pact was not kept.")})
    return PactReview.objects.create(
        pact=pact,
        reviewed_on=reviewed_on,
        kept=kept,
        problems=problems.strip(),
        actions=actions.strip(),
        recorded_by=user,
    )
