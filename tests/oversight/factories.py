"""factory-boy factories for the oversight app. The organisation comes from tests.factories.

A period is the first quarter of 2025 of the default city federation unless told otherwise; an
assessment is a draft of a new group in its period's federation. The ``submitted`` trait fills
the five criteria, the proposed class (2, average) and the time of submission; ``confirmed``
confirms it at the proposed class::

    AssessmentFactory(period=p, group=g, submitted=True, proposed_class=GroupClass.GOOD)
    AssessmentFactory(period=p, group=g, confirmed=True, proposed_class=GroupClass.LAGGING)
"""

import datetime
from decimal import Decimal

import factory as fb
from django.utils import timezone

from dues.models import DuesPayment
from dues.sheet import owing_memberships
from oversight.models import (
    CRITERION_FIELDS,
    Assessment,
    AssessmentPeriod,
    Experience,
    GroupClass,
    Rating,
)
from tests.factories import FederationFactory, MemberFactory, UnionGroupFactory


class AssessmentPeriodFactory(fb.django.DjangoModelFactory):
    """An open period over the first quarter of 2025."""

    class Meta:
        model = AssessmentPeriod

    federation = fb.SubFactory(FederationFactory)
    name = fb.Sequence(lambda n: f"第{n}期評比")
    starts_on = datetime.date(2025, 1, 1)
    ends_on = datetime.date(2025, 3, 31)


class AssessmentFactory(fb.django.DjangoModelFactory):
    """A draft assessment with nothing rated yet; the traits ``submitted``, ``confirmed`` and
    ``returned`` move it along."""

    class Meta:
        model = Assessment

    class Params:
        submitted = fb.Trait(
            status=Assessment.Status.SUBMITTED,
            **dict.fromkeys(CRITERION_FIELDS, Rating.FAIR),
            proposed_class=GroupClass.AVERAGE,
            submitted_at=fb.LazyFunction(timezone.now),
        )
        confirmed = fb.Trait(
            submitted=True,
            status=Assessment.Status.CONFIRMED,
            confirmed_class=fb.SelfAttribute("proposed_class"),
            reviewed_at=fb.LazyFunction(timezone.now),
        )
        returned = fb.Trait(
            submitted=True,
            status=Assessment.Status.RETURNED,
            return_reason="請補充各條的說明。",
            reviewed_at=fb.LazyFunction(timezone.now),
        )

    group = fb.SubFactory(UnionGroupFactory)
    period = fb.SubFactory(
        AssessmentPeriodFactory, federation=fb.SelfAttribute("..group.workshop.factory.federation")
    )


def submitted(**kwargs):
    """A submitted assessment: every criterion rated, a class proposed, a time of submission."""
    return AssessmentFactory(submitted=True, **kwargs)


class ExperienceFactory(fb.django.DjangoModelFactory):
    """A proposed write-up of a group's experience."""

    class Meta:
        model = Experience

    group = fb.SubFactory(UnionGroupFactory)
    title = fb.Sequence(lambda n: f"耐心說服，團結全組{n}")
    author = "太原機器廠工會"
    text = "小組長每天提前到車間，先同落後的同志談心。"


def dues_month(group, month=datetime.date(2025, 1, 1), *, due=None, paid=9, amount="4.50"):
    """A group's dues for a month marked on the ledger as its sheet marks them: its members on
    the rolls on the 15th (the first ``due`` of them, members joined in 2020 added to the group
    if it has fewer), the first ``paid`` paid, sharing ``amount`` yuan to the fen, the others not
    paid."""
    roll = [stay.member for stay in owing_memberships(group, month)]
    if due is not None and len(roll) < due:
        joined = datetime.date(2020, 1, 1)
        roll += [MemberFactory(group=group, joined_union_on=joined) for _ in range(due - len(roll))]
    members = roll if due is None else roll[:due]
    paid = min(paid, len(members))
    cents = int(Decimal(amount) * 100)
    each, left = divmod(cents, paid) if paid else (0, 0)
    DuesPayment.objects.bulk_create(
        DuesPayment(
            member=member,
            group=group,
            month=month,
            amount=Decimal(each + (index < left)) / 100,
            status=DuesPayment.Status.PAID if index < paid else DuesPayment.Status.UNPAID,
            paid_on=month.replace(day=20) if index < paid else None,
        )
        for index, member in enumerate(members)
    )
