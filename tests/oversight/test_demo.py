"""The demo oversight of ``seed_demo``: three half-year periods, the current one open; in the
later closed one the seed's survey of 山西機器廠 (9, 22 and 2 of 33 groups), the earlier one
worse; every active group confirmed in both closed periods; the open period under way (韓潤小組
left for the browser test to assess); the booklet's two groups selected; the evidence of the
assessments counting the dues on the ledger; and seeding twice changes nothing.

The demo city is seeded once for the module, inside a transaction that is rolled back at its end;
each test runs in a savepoint of it, as pytest-django's ``db`` does.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from demo.oversight import _half_years
from dues.models import DuesPayment
from groups.figures import share
from groups.models import UnionGroup
from oversight import distribution, services
from oversight.models import (
    CRITERION_FIELDS,
    Assessment,
    AssessmentPeriod,
    Experience,
)

MODELS = [AssessmentPeriod, Assessment, Experience]
SHANXI = "山西機器廠"
Status = Assessment.Status


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(city, db):
    """The demo city, for one test."""


def periods():
    """The open period, the later closed one and the earlier closed one."""
    return list(AssessmentPeriod.objects.order_by("-starts_on"))


def shanxi(period):
    return Assessment.objects.filter(period=period, group__workshop__factory__name=SHANXI)


def counts():
    result = {model.__name__: model.objects.count() for model in MODELS}
    result |= {f"history {model.__name__}": model.history.count() for model in MODELS}
    return result


def test_three_half_years_the_current_one_open(seeded):
    today = timezone.localdate()
    now, later, earlier = periods()
    assert [p.status for p in (now, later, earlier)] == ["open", "closed", "closed"]
    assert now.starts_on <= today <= now.ends_on
    assert later.ends_on + datetime.timedelta(days=1) == now.starts_on
    assert earlier.ends_on + datetime.timedelta(days=1) == later.starts_on
    for period in (now, later, earlier):
        assert period.name == f"{period.starts_on.year}年{'上下'[period.starts_on.month > 6]}半年"
        assert period.federation.name == "太原市總工會"
        assert period.opened_by.username == "federation"
        assert period.opened_at.date() <= period.starts_on + datetime.timedelta(days=1)
    assert [name for name, _, _ in _half_years(datetime.date(2027, 3, 1))] == [
        "2027年上半年",
        "2026年下半年",
        "2026年上半年",
    ]


def test_the_later_closed_period_is_the_seed_s_survey(seeded):
    _now, later, _earlier = periods()
    survey = distribution.total(shanxi(later))
    assert [(count, pct) for _value, _label, count, pct in survey.classes] == [
        (9, 27.3),
        (22, 66.7),
        (2, 6.1),
    ]
    assert survey["confirmed"] == survey["assessed"] == 33
    good = set(shanxi(later).filter(confirmed_class=1).values_list("group__name", flat=True))
    assert {"王銀柱小組", "張永才小組"} <= good


def test_every_active_group_is_confirmed_in_both_closed_periods(seeded):
    _now, later, earlier = periods()
    active = set(UnionGroup.objects.active().values_list("pk", flat=True))
    for period in (later, earlier):
        assessments = Assessment.objects.filter(period=period)
        assert set(assessments.values_list("group", flat=True)) == active
        assert not assessments.exclude(status=Status.CONFIRMED).exists()
        for assessment in assessments.select_related("submitted_by", "reviewed_by"):
            assert all(getattr(assessment, name) for name in CRITERION_FIELDS)
            assert all(getattr(assessment, f"{name}_note") for name in CRITERION_FIELDS)
            assert assessment.summary and assessment.evidence["members"] > 0
            assert assessment.reviewed_by.username == "federation"
            assert assessment.submitted_at < assessment.reviewed_at
            assert assessment.reviewed_at.date() <= period.ends_on
            factory = assessment.group.workshop.factory.name
            if factory in ("太原機器廠", "太原鋼鐵廠"):
                assert assessment.submitted_by.scope.factory.name == factory
            # The ratings agree with the class proposed: at most one criterion off.
            ratings = [getattr(assessment, name) for name in CRITERION_FIELDS]
            assert ratings.count(assessment.proposed_class) >= 3, assessment


def test_the_earlier_period_was_worse(seeded):
    _now, later, earlier = periods()
    before, after = distribution.total(shanxi(earlier)), distribution.total(shanxi(later))
    assert [before[f"class_{value}"] for value in (1, 2, 3)] == [6, 23, 4]
    assert before.pct(1) < after.pct(1) and before.pct(3) > after.pct(3)
    everywhere = distribution.total(Assessment.objects.filter(period=earlier))
    assert everywhere.pct(1) < distribution.total(Assessment.objects.filter(period=later)).pct(1)
    trend = distribution.trend(Assessment.objects.filter(period__status="closed"))
    assert [row["period__name"] for row in trend] == [earlier.name, later.name]
    # A few of the city's good groups were still average then.
    elsewhere = Assessment.objects.exclude(group__workshop__factory__name=SHANXI)
    raised = elsewhere.filter(period=later, confirmed_class=1).values_list("group", flat=True)
    assert elsewhere.filter(period=earlier, group__in=raised, confirmed_class=2).count() >= 2


def test_a_few_classes_confirmed_otherwise_with_a_reason(seeded):
    otherwise = Assessment.objects.exclude(confirmed_class=None).filter(
        ~Q(confirmed_class=F("proposed_class"))
    )
    assert 2 <= otherwise.count() <= 3
    assert not otherwise.filter(class_reason="").exists()
    assert not Assessment.objects.filter(~Q(class_reason=""), status=Status.SUBMITTED).exists()


def test_the_open_period_is_under_way(seeded):
    now, _later, _earlier = periods()
    assessments = Assessment.objects.filter(period=now)
    assert not assessments.filter(group__name="韓潤小組").exists()
    machine = assessments.filter(group__workshop__factory__name="太原機器廠")
    assert set(machine.values_list("group__name", "status")) == {
        ("余蘭桂小組", "submitted"),
        ("杜鳴舉小組", "submitted"),
    }
    for factory in ("太原鋼鐵廠", SHANXI):
        mine = assessments.filter(group__workshop__factory__name=factory)
        groups = UnionGroup.objects.active().filter(workshop__factory__name=factory)
        assert mine.count() == groups.count()
        assert mine.filter(status=Status.SUBMITTED).count() >= 0.75 * mine.count()
        assert mine.filter(status=Status.DRAFT).exists()
    assert not assessments.filter(group__workshop__factory__name__in=["化學廠", "麵粉廠"]).exists()
    assert not assessments.filter(status=Status.CONFIRMED).exists()
    returned = assessments.get(status=Status.RETURNED)
    assert returned.return_reason and returned.reviewed_at and returned.reviewed_by
    assert returned.submitted_at <= returned.reviewed_at <= timezone.now()
    for assessment in assessments.filter(status=Status.SUBMITTED):
        assert assessment.evidence and assessment.proposed_class
        assert now.starts_on <= timezone.localtime(assessment.submitted_at).date()
        assert assessment.submitted_at <= timezone.now()
    for draft in assessments.filter(status=Status.DRAFT):
        assert draft.proposed_class is None and draft.submitted_at is None
        assert draft.production and not draft.leadership


def test_every_row_keeps_its_model_s_constraints_and_has_its_history(seeded):
    for model in MODELS:
        for obj in model.objects.all():
            obj.validate_constraints()
    for assessment in Assessment.objects.all():
        assert assessment.created_at <= (assessment.submitted_at or timezone.now())
    moves = {}
    for record in Assessment.history.order_by("history_date", "history_id"):
        moves.setdefault(record.id, []).append((record.status, record.history_user_id))
    for assessment in Assessment.objects.all():
        expected = {
            Status.DRAFT: ["draft"],
            Status.SUBMITTED: ["submitted"],
            Status.CONFIRMED: ["submitted", "confirmed"],
            Status.RETURNED: ["submitted", "returned"],
        }[assessment.status]
        assert [status for status, _user in moves[assessment.pk]] == expected, assessment
        if assessment.reviewed_by_id:
            assert moves[assessment.pk][-1][1] == assessment.reviewed_by_id
    assert AssessmentPeriod.history.filter(status="closed").count() == 2


def test_the_booklet_s_two_groups_are_selected(seeded):
    selected = Experience.objects.selected().select_related("group", "decided_by")
    assert [(e.position, e.group.name) for e in selected] == [(1, "韓潤小組"), (2, "溫小清小組")]
    han, wen = selected
    assert han.title == "耐心說服，感動人心，團結大家，搞好生產"
    assert han.author == "太原機器廠工會" and han.proposed_by.username == "machine_staff"
    assert wen.author == "太原鋼鐵廠工會" and wen.proposed_by.username == "steel_staff"
    assert "三個幹事團結在組長的周圍" in han.text and "清源" in wen.text
    assert han.text.count("\n\n") >= 2 and wen.text.count("\n\n") >= 2
    for experience in selected:
        assert experience.decided_by.username == "federation"
        assert experience.proposed_at < experience.decided_at <= timezone.now()
    statuses = dict(Experience.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses == {"selected": 2, "proposed": 1, "declined": 1}


def test_the_evidence_kept_counts_the_dues_on_the_ledger(seeded):
    """The dues are seeded before the assessments: what a submitted assessment keeps is what
    the groups' sheets marked in its period (a year of months, so the later closed half-year is
    all there)."""
    later = periods()[1]
    kept = Assessment.objects.filter(period=later).exclude(evidence={}).select_related("group")
    assert kept.count() > 30
    ledger = {
        row["group"]: row
        for row in DuesPayment.objects.filter(month__gte=later.starts_on, month__lte=later.ends_on)
        .order_by()
        .values("group")
        .annotate(
            months=Count("month", distinct=True),
            owed=Count("pk", filter=~Q(status="excused")),
            paid=Count("pk", filter=Q(status="paid")),
        )
    }
    for assessment in kept:
        mine = ledger[assessment.group_id]
        assert assessment.evidence["dues_months"] == mine["months"] == 6, assessment
        assert assessment.evidence["dues_paid_pct"] == share(mine["paid"], mine["owed"])

    # The groups confirmed good collected more of their dues than the lagging ones.
    def mean(rows):
        values = [a.evidence["dues_paid_pct"] for a in rows]
        return sum(values) / len(values)

    assert mean(kept.filter(confirmed_class=1)) > mean(kept.filter(confirmed_class=3))


def test_seeding_again_changes_nothing(seeded):
    before = counts()
    assert all(before.values()), before
    rows = list(Assessment.objects.order_by("pk").values_list("status", "confirmed_class"))
    call_command("seed_demo", verbosity=0)
    assert counts() == before
    assert list(Assessment.objects.order_by("pk").values_list("status", "confirmed_class")) == rows


def test_the_pages_show_the_demo(seeded):
    client = Client()
    client.force_login(get_user_model().objects.get(username="federation"))
    assert client.get(reverse("home")).status_code == 200
    _now, later, _earlier = periods()
    confirmed = Assessment.objects.filter(period=later, group__name="韓潤小組").get()
    response = client.get(reverse("oversight:assessment_detail", args=[confirmed.pk]))
    assert response.status_code == 200
    assert [m.status for m in response.context["moves"]] == ["submitted", "confirmed"]
    response = client.get(reverse("oversight:booklet"))
    assert response.status_code == 200
    assert "耐心說服" in response.content.decode()


def test_the_open_period_can_be_worked_on(seeded):
    """The federation confirms what is submitted; 太原鋼鐵廠 mends and resubmits the returned one;
    太原機器廠 assesses 韓潤小組."""
    users = {u.username: u for u in get_user_model().objects.all()}
    now, _later, _earlier = periods()
    returned = Assessment.objects.get(period=now, status=Status.RETURNED)
    data = {"unity": 2, "unity_note": "已補訪兩位困難會員。"}
    services.save_assessment(
        period=now, group=returned.group, user=users["steel_staff"], data=data, submit=True
    )
    han = UnionGroup.objects.get(name="韓潤小組")
    data = {**dict.fromkeys(CRITERION_FIELDS, 1), "summary": "好小組。", "proposed_class": 1}
    services.save_assessment(
        period=now, group=han, user=users["machine_staff"], data=data, submit=True
    )
    submitted = Assessment.objects.filter(period=now, status=Status.SUBMITTED)
    awaiting = submitted.count()
    assert services.confirm_many(queryset=submitted, user=users["federation"]) == awaiting
    confirmed = distribution.total(Assessment.objects.filter(period=now))
    assert confirmed["confirmed"] == awaiting and confirmed.pct(1) is not None
