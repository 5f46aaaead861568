"""Writes of rationalization proposals: submitting and moving them on."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competitions.models import (
    Proposal,
)
from groups.models import UnionGroup


@transaction.atomic
def proposal_submit(
    *,
    group: UnionGroup,
    user,
    authors,
    title: str,
    description: str,
    category: str,
    submitted_on: datetime.date,
    estimated_money: Decimal | None = None,
    estimated_hours: Decimal | None = None,
) -> Proposal:
    group.check_open()
    authors = list(authors)
    if not authors:
        raise ValidationError({"authors": _("Name the member or members who made the proposal.")})
    strangers = [m.name for m in authors if m.group_id != group.pk]
    if strangers:
        raise ValidationError(
            {
                "authors": _("Not members of this group: %(names)s.")
                % {"names": ", ".join(strangers)}
            }
        )
    proposal = Proposal(
        group=group,
        title=title,
        description=description,
        category=category,
        submitted_on=submitted_on,
        estimated_money=estimated_money,
        estimated_hours=estimated_hours,
        submitted_by=user,
    )
    proposal.full_clean()
    proposal.save()
    proposal.authors.set(authors)
    return proposal


@transaction.atomic
def proposal_move(
    *,
    proposal: Proposal,
    status: str,
    on: datetime.date,
    reason: str = "",
    realised_money: Decimal | None = None,
    realised_hours: Decimal | None = None,
    reward: Decimal | None = None,
) -> Proposal:
    """Move a proposal along submitted → under evaluation → adopted or rejected → implemented."""
    if status not in proposal.next_statuses:
        raise ValidationError(
            {
                "status": _("A proposal that is %(now)s cannot become %(next)s.")
                % {
                    "now": proposal.get_status_display(),
                    "next": Proposal.Status(status).label,
                }
            }
        )
    if on < proposal.submitted_on:
        raise ValidationError({"on": _("The date cannot be before the proposal was submitted.")})
    if status == Proposal.Status.REJECTED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason the proposal was rejected.")})
    for name, value in (
        ("realised_money", realised_money),
        ("realised_hours", realised_hours),
        ("reward", reward),
    ):
        if value is not None and value < 0:
            raise ValidationError({name: _("This figure cannot be negative.")})
    proposal.status = status
    if status in (Proposal.Status.ADOPTED, Proposal.Status.REJECTED):
        proposal.decided_on = on
    if status == Proposal.Status.REJECTED:
        proposal.rejection_reason = reason.strip()
    if status == Proposal.Status.IMPLEMENTED:
        proposal.implemented_on = on
        proposal.realised_money = realised_money
        proposal.realised_hours = realised_hours
    if reward is not None:
        proposal.reward = reward
    proposal.full_clean()
    proposal.save()
    return proposal
