"""The demo welfare of ``seed_demo``: a year of hardship cases in every state and category, with
visits, aid and labour insurance claims that agree with each case's status and its moves; the
booklet's story of 韓潤 and the oranges; follow-ups due for the two demo group accounts; a year
of activities for every group; figures the federation can read; and seeding twice changes
nothing.

The demo city is seeded once for the module, inside a transaction that is rolled back at its end;
each test runs in a savepoint of it, as pytest-django's ``db`` does.
"""

import datetime
import statistics

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from demo.city import GOOD_GROUPS
from groups.models import FactoryUnion, Member, UnionGroup
from welfare.models import Activity, CaseAction, InsuranceClaim, StatusChange, WelfareCase

MODELS = [WelfareCase, StatusChange, CaseAction, InsuranceClaim, Activity]
Status = WelfareCase.Status
DEMO_GROUPS = {"hanrun": "韓潤小組", "wenxiaoqing": "溫小清小組"}
# The labour insurance benefit claimed for each category that has one.
BENEFITS = {
    "illness": "sick_pay",
    "injury": "injury",
    "childbirth": "maternity",
    "bereavement": "funeral",
}


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(city, db):
    """The demo city, for one test."""


def client_for(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def counts():
    result = {model.__name__: model.objects.count() for model in MODELS}
    result["participants"] = Activity.participants.through.objects.count()
    return result


def is_good(group_name):
    return group_name.removesuffix("小組") in GOOD_GROUPS


def test_seeding_again_adds_nothing(seeded):
    before = counts()
    assert all(before.values()), before
    call_command("seed_demo", verbosity=0)
    assert counts() == before


def test_a_year_of_cases_in_every_category_and_status(seeded):
    today = timezone.localdate()
    cases = WelfareCase.objects.all()
    groups = UnionGroup.objects.active().count()
    assert groups <= cases.count() <= 3 * groups + 4
    assert set(cases.values_list("category", flat=True)) == set(WelfareCase.Category.values)
    assert set(cases.values_list("status", flat=True)) == set(Status.values)
    assert set(cases.values_list("tier", flat=True)) == set(WelfareCase.Tier.values)
    # Illness is the commonest hardship.
    per_category = dict(cases.values_list("category").annotate(n=Count("pk")))
    assert per_category["illness"] == max(per_category.values())
    year_ago = today - datetime.timedelta(days=364)
    assert not cases.filter(Q(opened_on__lt=year_ago) | Q(opened_on__gt=today)).exists()
    assert not cases.exclude(member__group=F("group")).exists()
    assert not cases.filter(description="").exists()
    assert cases.filter(description__contains="，").count() == cases.count()
    # Most old cases are resolved (or closed since); the recent ones are still being seen to.
    old = cases.filter(opened_on__lt=today - datetime.timedelta(days=150))
    done = old.filter(status__in=[Status.RESOLVED, Status.CLOSED]).count()
    assert done >= 0.8 * old.count() > 0
    recent = cases.filter(opened_on__gte=today - datetime.timedelta(days=21))
    assert recent.filter(status__in=WelfareCase.UNRESOLVED).count() >= 0.6 * recent.count() > 0


def test_each_case_s_moves_lead_to_its_status(seeded):
    """Every move is recorded, from the opening to the status the case is in, by a staff user or
    nobody; the first thing done puts it in progress; the dates agree with the moves."""
    today = timezone.localdate()
    changes, first_action = {}, {}
    for change in StatusChange.objects.select_related("changed_by").order_by("changed_at", "pk"):
        changes.setdefault(change.case_id, []).append(change)
    for case_id, done_on in CaseAction.objects.values_list("case", "done_on").order_by("done_on"):
        first_action.setdefault(case_id, done_on)
    reopened = 0
    for case in WelfareCase.objects.all():
        moves = changes[case.pk]
        assert (moves[0].from_status, moves[0].to_status) == ("", Status.OPEN), case
        assert moves[0].changed_on == case.opened_on
        assert moves[-1].to_status == case.status, case
        for before, after in zip(moves, moves[1:], strict=False):
            assert after.from_status == before.to_status, case
            assert after.to_status in WelfareCase.MOVES[before.to_status], case
            assert before.changed_on <= after.changed_on <= today, case
            if WelfareCase.is_reopening(after.from_status, after.to_status):
                assert after.note, case
                reopened += 1
        assert all(m.changed_by is None or m.changed_by.is_staff for m in moves)
        if case.pk in first_action:
            assert moves[1].to_status == Status.IN_PROGRESS
            assert moves[1].changed_on == first_action[case.pk] >= case.opened_on
        else:
            assert case.status == Status.OPEN and len(moves) == 1, case
        if case.status == Status.RESOLVED:
            assert case.resolved_on == moves[-1].changed_on
        if case.status == Status.CLOSED:
            assert case.closed_on == moves[-1].changed_on
            assert case.follow_up_on is None
        if case.resolved_on:
            assert case.days_to_resolve == (case.resolved_on - case.opened_on).days
    assert 1 <= reopened <= 20


def test_actions_are_the_kinds_the_pages_expect(seeded):
    today = timezone.localdate()
    actions = CaseAction.objects.all()
    assert set(actions.values_list("kind", flat=True)) == set(CaseAction.Kind.values)
    per_kind = dict(actions.values_list("kind").annotate(n=Count("pk")))
    assert per_kind["visit"] == max(per_kind.values())
    assert not actions.filter(
        Q(done_on__lt=F("case__opened_on"))
        | Q(done_on__gt=today)
        | Q(case__closed_on__isnull=False, done_on__gt=F("case__closed_on"))
    ).exists()
    visits = actions.filter(kind="visit")
    assert visits.exclude(brought="").count() > visits.count() / 2
    assert not visits.filter(text="").exists()
    grants = actions.filter(kind="grant")
    assert not grants.filter(Q(amount__lt=5) | Q(amount__gt=60)).exists()
    sources = dict(grants.values_list("source").annotate(n=Count("pk")))
    assert sources["union_fund"] > sources["labour_insurance"] > sources["factory"] > 0
    assert actions.filter(kind="goods", amount__isnull=True).exists()
    assert actions.filter(kind="goods", amount__gt=0).exists()
    referrals = set(actions.filter(kind="referral").values_list("referred_to", flat=True))
    assert referrals == set(CaseAction.ReferredTo.values)


def test_every_row_keeps_its_model_s_constraints(seeded):
    for model in (WelfareCase, CaseAction, InsuranceClaim, StatusChange):
        for obj in model.objects.all():
            obj.validate_constraints()


def test_wen_xiaoqing_went_240_li_with_oranges(seeded):
    visit = CaseAction.objects.select_related("case__group", "case__member").get(
        kind="visit", who="溫小清", brought__contains="橘子", text__contains="240里"
    )
    case = visit.case
    assert case.group.name == "溫小清小組"
    assert case.category == "illness" and case.status == Status.IN_PROGRESS
    assert case.member.name in visit.text and case.member.name != "韓潤"
    assert visit.done_on == case.actions.order_by("done_on", "pk").first().done_on
    assert case.claims.filter(benefit="sick_pay").exists()


def test_follow_ups_are_due_for_the_demo_groups(seeded):
    today = timezone.localdate()
    for username, name in DEMO_GROUPS.items():
        due = WelfareCase.objects.filter(group__name=name).follow_up_due(today)
        assert due.filter(follow_up_on=today).exists(), name
        assert due.filter(follow_up_on__lt=today).exists(), name
        response = client_for(username).get(reverse("welfare:case_list"), {"due": "1"})
        assert response.status_code == 200
        listed = list(response.context["page"])
        assert {case.pk for case in listed} == set(due.values_list("pk", flat=True)), name
    # Elsewhere too, and more are missed by the ordinary groups than by the good ones.
    overdue = WelfareCase.objects.active().filter(follow_up_on__lt=today)
    assert overdue.count() > 4
    assert overdue.exclude(group__name__in=DEMO_GROUPS.values()).exists()
    assert WelfareCase.objects.unresolved().filter(follow_up_on__gt=today).exists()


def test_the_good_groups_visit_more_and_resolve_sooner(seeded):
    figures = {"good": [[], []], "other": [[], []]}
    visits = dict(
        CaseAction.objects.filter(kind="visit").values_list("case").annotate(n=Count("pk"))
    )
    for case in WelfareCase.objects.select_related("group"):
        kind = "good" if is_good(case.group.name) else "other"
        figures[kind][0].append(visits.get(case.pk, 0))
        if case.days_to_resolve is not None:
            figures[kind][1].append(case.days_to_resolve)
    good, other = figures["good"], figures["other"]
    assert statistics.mean(good[0]) > statistics.mean(other[0]) + 1
    assert statistics.median(good[1]) < statistics.median(other[1])


def test_claims_in_every_status_for_the_cases_that_have_one(seeded):
    today = timezone.localdate()
    claims = InsuranceClaim.objects.select_related("case")
    assert set(claims.values_list("status", flat=True)) == set(InsuranceClaim.Status.values)
    for claim in claims:
        assert BENEFITS[claim.case.category] == claim.benefit, claim
        assert claim.case.opened_on <= claim.filed_on <= today
        assert claim.decided_on is None or claim.decided_on <= today
        if claim.status == "paid":
            assert 0 < claim.amount_paid <= claim.amount_claimed
        if claim.status == "rejected":
            assert claim.note and claim.amount_paid is None


def test_every_group_has_a_year_of_activities_its_members_took_part_in(seeded):
    today = timezone.localdate()
    activities = Activity.objects.all()
    assert set(activities.values_list("kind", flat=True)) == set(Activity.Kind.values)
    assert not activities.filter(
        Q(held_on__gt=today) | Q(held_on__lt=today - datetime.timedelta(days=366))
    ).exists()
    assert activities.filter(title__contains="白毛女").exists()
    recent = set(
        activities.filter(held_on__gte=today - datetime.timedelta(days=62)).values_list(
            "group", flat=True
        )
    )
    active = set(UnionGroup.objects.active().values_list("pk", flat=True))
    assert active <= recent
    per_group = dict(activities.values_list("group").annotate(n=Count("pk")))
    assert min(per_group.values()) >= 4 and max(per_group.values()) <= 24
    taking_part = Activity.participants.through.objects
    assert not taking_part.exclude(member__group=F("activity__group")).exists()
    assert not taking_part.exclude(member__status=Member.Status.ACTIVE).exists()
    assert not activities.annotate(n=Count("participants")).filter(n=0).exists()


def test_the_pages_show_the_demo(seeded):
    federation = client_for("federation")
    response = federation.get(reverse("welfare:figures"))
    assert response.status_code == 200
    total = response.context["total"]
    assert total["opened"] > 0 and total["resolved"] > 0 and total["visits"] > 0
    assert total.aid_total > 0 and total["insurance_paid"] > 0 and total["claims"] > 0
    assert total["median_days"] is not None
    assert all(n > 0 for _, n in response.context["categories"])
    response = federation.get(reverse("welfare:figures"), {"by": "group"})
    assert any(unit.figures["opened"] for unit in response.context["page"])

    factory = FactoryUnion.objects.get(name="太原機器廠")
    response = client_for("machine_staff").get(reverse("groups:factory_detail", args=[factory.pk]))
    assert response.status_code == 200
    assert response.context["welfare_totals"]["opened"] > 0
    assert sum(response.context["welfare_chart"]["aid"]) > 0

    group = UnionGroup.objects.get(name="韓潤小組")
    hanrun = client_for("hanrun")
    response = hanrun.get(reverse("groups:group_detail", args=[group.pk]))
    assert response.status_code == 200
    assert response.context["welfare_cases"] and len(response.context["activities"]) == 5
    response = hanrun.get(reverse("welfare:activity_list", args=[group.pk]))
    assert response.status_code == 200 and response.context["year_count"] >= 20
    story = WelfareCase.objects.get(actions__text__contains="240里")
    assert story.group.name == "溫小清小組"
    response = client_for("wenxiaoqing").get(story.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["actions"]) >= 2 and response.context["due"]
