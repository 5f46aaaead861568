"""Factories of the welfare app's records."""

import datetime

import factory

from tests.factories import MemberFactory
from welfare.models import Activity, CaseAction, InsuranceClaim, WelfareCase


class WelfareCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WelfareCase

    member = factory.SubFactory(MemberFactory)
    group = factory.SelfAttribute("member.group")
    category = WelfareCase.Category.ILLNESS
    tier = WelfareCase.Tier.SERIOUS
    description = factory.Sequence(lambda n: f"病了第{n}天，家裡缺人照顧。")
    opened_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))


class CaseActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseAction

    case = factory.SubFactory(WelfareCaseFactory)
    kind = CaseAction.Kind.VISIT
    done_on = factory.LazyAttribute(lambda o: o.case.opened_on)
    who = "韓潤"
    brought = "橘子"
    text = "身體在恢復。"


class InsuranceClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsuranceClaim

    case = factory.SubFactory(WelfareCaseFactory)
    benefit = InsuranceClaim.Benefit.SICK_PAY
    filed_on = factory.LazyAttribute(lambda o: o.case.opened_on)
    amount_claimed = 30


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    group = factory.SubFactory("tests.factories.UnionGroupFactory")
    held_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    kind = Activity.Kind.SPORT
    title = factory.Sequence(lambda n: f"籃球賽 {n}")
