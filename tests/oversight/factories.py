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

from oversight.models import (
    CRITERION_FIELDS,
    Assessment,
    AssessmentPeriod,
    DuesRecord,
    Experience,
    GroupClass,
    Rating,
)
from tests.factories import FederationFactory, UnionGroupFactory


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


class DuesRecordFactory(fb.django.DjangoModelFactory):
    """Dues of a group for January 2025: ten members owe, nine paid, 4.50 yuan."""

    class Meta:
        model = DuesRecord

    group = fb.SubFactory(UnionGroupFactory)
    month = datetime.date(2025, 1, 1)
    members_due = 10
    members_paid = 9
    amount = Decimal("4.50")
