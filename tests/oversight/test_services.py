"""The writes of the oversight app (oversight/services.py): factory and workshop staff assess the
groups of their scope (a draft may be partial, a submission is complete and keeps the evidence
the assessor saw); the city federation confirms the class or returns the assessment with a
reason, one by one or in bulk. A refusal names the field to fix and saves nothing; every move of
the status is kept in the history with who made it. Then the database's own constraints."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.signals import pre_save
from django.utils import timezone

from oversight import evidence, services
from oversight.models import (
    Assessment,
    AssessmentPeriod,
    Experience,
    GroupClass,
    Rating,
)
from tests.factories import (
    FactoryUnionFactory,
    FederationFactory,
    UnionGroupFactory,
    WorkshopUnionFactory,
)
from tests.meetings.factories import MeetingFactory
from tests.oversight.factories import (
    AssessmentFactory,
    AssessmentPeriodFactory,
    ExperienceFactory,
    submitted,
)

pytestmark = pytest.mark.django_db

Status = Assessment.Status
ALL_RATED = {
    "production": Rating.GOOD,
    "production_note": "月月完成保證計劃。",
    "duties": Rating.FAIR,
    "unity": Rating.GOOD,
    "systems": Rating.WEAK,
    "systems_note": "小組會不按時開。",
    "leadership": Rating.FAIR,
    "summary": "生產好，制度還是形式。",
    "proposed_class": GroupClass.AVERAGE,
}


def errors(excinfo):
    """The messages of a ValidationError by field, NON_FIELD_ERRORS for those on no field."""
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def fresh(assessment):
    return Assessment.objects.get(pk=assessment.pk)


@pytest.fixture
def period(world):
    """The city's open period over the first quarter of 2025."""
    return AssessmentPeriodFactory(federation=world.federation, name="2025年第一季度")


def save(user, group, period, data, submit=False):
    return services.save_assessment(period=period, group=group, user=user, data=data, submit=submit)


@pytest.fixture
def proposed(world, charlie, period):
    """Charlie's assessment of alice's group, submitted with class 2 (average) proposed."""
    return save(charlie, world.group_a, period, ALL_RATED, submit=True)


# --- Assessing ---------------------------------------------------------------------------------


def test_a_draft_may_leave_criteria_unrated(world, charlie, period):
    draft = save(charlie, world.group_a, period, {"production": Rating.GOOD, "summary": "還好"})

    saved = fresh(draft)
    assert saved.status == Status.DRAFT
    assert (saved.production, saved.duties, saved.proposed_class) == (Rating.GOOD, None, None)
    assert saved.summary == "還好"
    assert (saved.assessed_by, saved.submitted_at, saved.evidence) == (charlie, None, {})


def test_saving_the_draft_again_changes_the_same_assessment(world, charlie, period):
    first = save(charlie, world.group_a, period, {"production": Rating.GOOD})
    second = save(charlie, world.group_a, period, {"duties": Rating.WEAK})

    assert second.pk == first.pk
    assert Assessment.objects.count() == 1
    saved = fresh(first)
    # What the second save did not mention is kept.
    assert (saved.production, saved.duties) == (Rating.GOOD, Rating.WEAK)


def test_submitting_asks_for_each_unrated_criterion_and_the_class(world, charlie, period):
    draft = save(charlie, world.group_a, period, {"production": Rating.GOOD})

    with pytest.raises(ValidationError) as excinfo:
        save(charlie, world.group_a, period, {"duties": Rating.FAIR, "summary": "新"}, submit=True)

    assert set(errors(excinfo)) == {"unity", "systems", "leadership", "proposed_class"}
    assert errors(excinfo)["unity"] == ["Rate this criterion before submitting."]
    assert errors(excinfo)["proposed_class"] == ["Propose a class before submitting."]
    # Nothing of the failed submission is saved: not even the rating and summary it carried.
    saved = fresh(draft)
    assert (saved.status, saved.duties, saved.summary, saved.submitted_at) == (
        Status.DRAFT,
        None,
        "",
        None,
    )


def test_submitting_without_a_class_names_only_the_class(world, charlie, period):
    data = {key: value for key, value in ALL_RATED.items() if key != "proposed_class"}

    with pytest.raises(ValidationError) as excinfo:
        save(charlie, world.group_a, period, data, submit=True)

    assert list(errors(excinfo)) == ["proposed_class"]
    assert not Assessment.objects.exists()


def test_submitting_keeps_the_evidence_as_the_assessor_saw_it(world, charlie, period):
    MeetingFactory(
        group=world.group_a,
        held=True,
        scheduled_on=datetime.date(2025, 2, 10),
        announced_on=datetime.date(2025, 2, 5),
    )

    assessment = save(charlie, world.group_a, period, ALL_RATED, submit=True)

    saved = fresh(assessment)
    assert saved.status == Status.SUBMITTED
    assert saved.submitted_by == charlie
    assert saved.submitted_at is not None
    assert saved.proposed_class == GroupClass.AVERAGE
    assert saved.evidence["meetings_held"] == 1
    assert saved.evidence["announced_ahead_pct"] == 100.0
    # A meeting recorded later changes the live figures, not what was submitted with.
    MeetingFactory(group=world.group_a, held=True, scheduled_on=datetime.date(2025, 3, 10))
    live = evidence.for_group(charlie, world.group_a, period.starts_on, period.ends_on)
    assert live["meetings_held"] == 2
    assert fresh(assessment).evidence["meetings_held"] == 1


def test_a_draft_keeps_no_evidence(world, charlie, period):
    MeetingFactory(group=world.group_a, held=True, scheduled_on=datetime.date(2025, 2, 10))

    draft = save(charlie, world.group_a, period, ALL_RATED)

    assert fresh(draft).evidence == {}
    assert fresh(draft).status == Status.DRAFT


def test_a_submitted_assessment_cannot_be_changed_by_the_assessor(world, charlie, proposed):
    with pytest.raises(ValidationError) as excinfo:
        save(charlie, world.group_a, proposed.period, {"proposed_class": GroupClass.GOOD})

    assert "can no longer be changed" in errors(excinfo)[NON_FIELD_ERRORS][0]
    assert fresh(proposed).proposed_class == GroupClass.AVERAGE
    assert fresh(proposed).status == Status.SUBMITTED


def test_a_confirmed_assessment_cannot_be_changed_by_the_assessor(world, charlie, fiona, proposed):
    services.confirm(assessment=proposed, user=fiona)

    with pytest.raises(ValidationError):
        save(charlie, world.group_a, proposed.period, {"systems": Rating.GOOD}, submit=True)

    saved = fresh(proposed)
    assert (saved.status, saved.systems) == (Status.CONFIRMED, Rating.WEAK)


def test_a_closed_period_takes_no_assessment(world, charlie, fiona, period):
    services.close_period(period=period, user=fiona)

    with pytest.raises(ValidationError) as excinfo:
        save(charlie, world.group_a, period, ALL_RATED, submit=True)

    assert errors(excinfo) == {NON_FIELD_ERRORS: ["This period is closed."]}
    assert not Assessment.objects.exists()


def test_a_draft_cannot_be_finished_once_the_period_is_closed(world, charlie, fiona, period):
    draft = save(charlie, world.group_a, period, {"production": Rating.GOOD})
    services.close_period(period=period, user=fiona)

    with pytest.raises(ValidationError):
        save(charlie, world.group_a, period, ALL_RATED, submit=True)

    assert (fresh(draft).status, fresh(draft).duties) == (Status.DRAFT, None)


def test_an_archived_group_is_not_assessed(world, charlie, period):
    world.group_a.archived_on = datetime.date(2025, 1, 15)
    world.group_a.archive_reason = "併入裝配小組"
    world.group_a.save()

    with pytest.raises(ValidationError) as excinfo:
        save(charlie, world.group_a, period, ALL_RATED)

    assert errors(excinfo) == {NON_FIELD_ERRORS: ["This group is archived."]}
    assert not Assessment.objects.exists()


def test_a_second_assessment_made_meanwhile_is_a_message_not_a_crash(world, charlie, period):
    """Two people assess the same group at once: the other one's assessment is saved between
    this one's look-up and its save (a receiver of pre_save plays the other person)."""

    def meanwhile(sender, instance, **kwargs):
        if instance.pk is None:
            Assessment.objects.bulk_create([Assessment(period=period, group=world.group_a)])

    pre_save.connect(meanwhile, sender=Assessment)
    try:
        with pytest.raises(ValidationError) as excinfo:
            save(charlie, world.group_a, period, {"production": Rating.GOOD})
    finally:
        pre_save.disconnect(meanwhile, sender=Assessment)

    assert errors(excinfo) == {
        NON_FIELD_ERRORS: ["This group has already been assessed in this period."]
    }


# --- Reviewing ---------------------------------------------------------------------------------


def test_confirming_at_the_proposed_class(fiona, proposed):
    services.confirm(assessment=proposed, user=fiona)

    saved = fresh(proposed)
    assert saved.status == Status.CONFIRMED
    assert saved.confirmed_class == GroupClass.AVERAGE
    assert saved.class_reason == ""
    assert saved.reviewed_by == fiona
    assert saved.reviewed_at is not None


@pytest.mark.parametrize("reason", ["", "   "])
def test_confirming_another_class_needs_a_reason(fiona, proposed, reason):
    with pytest.raises(ValidationError) as excinfo:
        services.confirm(
            assessment=proposed, user=fiona, group_class=GroupClass.LAGGING, reason=reason
        )

    assert list(errors(excinfo)) == ["reason"]
    saved = fresh(proposed)
    assert (saved.status, saved.confirmed_class, saved.reviewed_at) == (
        Status.SUBMITTED,
        None,
        None,
    )


def test_confirming_another_class_keeps_the_reason(fiona, proposed):
    services.confirm(
        assessment=proposed,
        user=fiona,
        group_class=GroupClass.LAGGING,
        reason="  小組長不在，三個月沒開會。 ",
    )

    saved = fresh(proposed)
    assert (saved.status, saved.proposed_class, saved.confirmed_class) == (
        Status.CONFIRMED,
        GroupClass.AVERAGE,
        GroupClass.LAGGING,
    )
    assert saved.class_reason == "小組長不在，三個月沒開會。"
    assert saved.group_class == GroupClass.LAGGING


def test_a_reason_given_for_the_proposed_class_is_not_kept_as_a_disagreement(fiona, proposed):
    services.confirm(assessment=proposed, user=fiona, group_class=GroupClass.AVERAGE, reason="同意")

    assert fresh(proposed).class_reason == ""


@pytest.mark.parametrize("reason", ["", "  "])
def test_returning_needs_a_reason(fiona, proposed, reason):
    with pytest.raises(ValidationError) as excinfo:
        services.return_assessment(assessment=proposed, user=fiona, reason=reason)

    assert list(errors(excinfo)) == ["reason"]
    assert fresh(proposed).status == Status.SUBMITTED
    assert fresh(proposed).return_reason == ""


def test_a_returned_assessment_is_changed_and_submitted_again(world, charlie, fiona, proposed):
    services.return_assessment(assessment=proposed, user=fiona, reason="各條沒有說明。")
    returned = fresh(proposed)
    assert (returned.status, returned.return_reason) == (Status.RETURNED, "各條沒有說明。")
    assert returned.is_editable

    again = save(
        charlie,
        world.group_a,
        proposed.period,
        {"unity_note": "互助好", "proposed_class": GroupClass.GOOD},
        submit=True,
    )

    assert again.pk == proposed.pk
    assert Assessment.objects.count() == 1
    saved = fresh(proposed)
    assert (saved.status, saved.proposed_class, saved.unity_note) == (
        Status.SUBMITTED,
        GroupClass.GOOD,
        "互助好",
    )
    services.confirm(assessment=saved, user=fiona)
    assert fresh(proposed).confirmed_class == GroupClass.GOOD


def test_only_a_submitted_assessment_is_reviewed(world, charlie, fiona, period):
    draft = save(charlie, world.group_a, period, {"production": Rating.GOOD})

    # A draft is not even the federation's to see.
    with pytest.raises(PermissionDenied):
        services.confirm(assessment=draft, user=fiona)
    with pytest.raises(PermissionDenied):
        services.return_assessment(assessment=draft, user=fiona, reason="太簡單")
    assert fresh(draft).status == Status.DRAFT

    submitted = save(charlie, world.group_a, period, ALL_RATED, submit=True)
    services.confirm(assessment=submitted, user=fiona)
    with pytest.raises(ValidationError):
        services.confirm(assessment=submitted, user=fiona)
    with pytest.raises(ValidationError):
        services.return_assessment(assessment=submitted, user=fiona, reason="太簡單")
    assert fresh(submitted).status == Status.CONFIRMED


# --- Who may do what ---------------------------------------------------------------------------


@pytest.mark.parametrize("assessor", ["charlie", "walter"])
def test_factory_and_workshop_staff_assess_their_groups(world, period, assessor, request):
    user = request.getfixturevalue(assessor)

    assessment = save(user, world.group_a, period, ALL_RATED, submit=True)

    assert fresh(assessment).status == Status.SUBMITTED
    assert fresh(assessment).submitted_by == user


@pytest.mark.parametrize("assessor", ["charlie", "walter"])
def test_factory_and_workshop_staff_do_not_review(world, period, assessor, request, proposed):
    user = request.getfixturevalue(assessor)
    experience = ExperienceFactory(group=world.group_a)
    everything = Assessment.objects.all()

    with pytest.raises(PermissionDenied):
        services.confirm(assessment=proposed, user=user)
    with pytest.raises(PermissionDenied):
        services.return_assessment(assessment=proposed, user=user, reason="不行")
    with pytest.raises(PermissionDenied):
        services.confirm_many(queryset=everything, user=user)
    with pytest.raises(PermissionDenied):
        services.return_many(queryset=everything, user=user, reason="不行")
    with pytest.raises(PermissionDenied):
        services.decide_experience(experience=experience, user=user, select=True)

    assert fresh(proposed).status == Status.SUBMITTED
    experience.refresh_from_db()
    assert experience.status == Experience.Status.PROPOSED


def test_factory_staff_cannot_assess_another_factorys_group(world, charlie, period):
    with pytest.raises(PermissionDenied):
        save(charlie, world.group_b, period, ALL_RATED)

    assert not Assessment.objects.exists()


def test_workshop_staff_cannot_assess_another_workshops_group(world, walter, period):
    with pytest.raises(PermissionDenied):
        save(walter, world.group_a2, period, ALL_RATED)

    assert not Assessment.objects.exists()


@pytest.mark.parametrize("outsider", ["fiona", "alice"])
def test_the_federation_and_group_accounts_do_not_assess(world, period, outsider, request):
    user = request.getfixturevalue(outsider)

    with pytest.raises(PermissionDenied):
        save(user, world.group_a, period, ALL_RATED)
    with pytest.raises(PermissionDenied):
        services.propose_experience(
            group=world.group_a, user=user, title="韓潤小組的經驗", author="韓潤", text="……"
        )

    assert not Assessment.objects.exists()
    assert not Experience.objects.exists()


def test_factory_staff_propose_and_the_federation_selects_experience(world, charlie, fiona):
    experience = services.propose_experience(
        group=world.group_a, user=charlie, title="耐心說服", author="韓潤", text="先談心。"
    )
    assert (experience.status, experience.proposed_by) == (Experience.Status.PROPOSED, charlie)

    services.decide_experience(experience=experience, user=fiona, select=True, position=2)

    experience.refresh_from_db()
    assert (experience.status, experience.position, experience.decided_by) == (
        Experience.Status.SELECTED,
        2,
        fiona,
    )
    assert experience.decided_at is not None


# --- In bulk -----------------------------------------------------------------------------------


@pytest.fixture
def mixed(world, period):
    """One assessment of each state in the period, and a submitted one in another city."""
    other_city = FederationFactory(name="大同市總工會")
    other_group = UnionGroupFactory(
        workshop=WorkshopUnionFactory(factory=FactoryUnionFactory(federation=other_city))
    )
    extra = UnionGroupFactory(workshop=world.workshop_a, name="余蘭桂小組")
    return {
        "good": submitted(period=period, group=world.group_a, proposed_class=GroupClass.GOOD),
        "lagging": submitted(period=period, group=world.group_b, proposed_class=GroupClass.LAGGING),
        "draft": AssessmentFactory(period=period, group=world.group_a2, production=Rating.GOOD),
        "returned": AssessmentFactory(period=period, group=extra, returned=True),
        "elsewhere": submitted(group=other_group),
    }


def test_confirm_many_confirms_only_the_submitted_ones_at_their_class(fiona, mixed):
    count = services.confirm_many(queryset=Assessment.objects.all(), user=fiona)

    assert count == 2
    states = {key: fresh(a) for key, a in mixed.items()}
    assert (states["good"].status, states["good"].confirmed_class) == (
        Status.CONFIRMED,
        GroupClass.GOOD,
    )
    assert (states["lagging"].status, states["lagging"].confirmed_class) == (
        Status.CONFIRMED,
        GroupClass.LAGGING,
    )
    assert states["good"].reviewed_by == fiona
    assert states["good"].reviewed_at is not None
    assert (states["draft"].status, states["draft"].confirmed_class) == (Status.DRAFT, None)
    assert states["returned"].status == Status.RETURNED
    # Another city's assessment is not the federation's to confirm.
    assert (states["elsewhere"].status, states["elsewhere"].confirmed_class) == (
        Status.SUBMITTED,
        None,
    )


def test_confirm_many_keeps_who_confirmed_in_the_history(fiona, mixed):
    services.confirm_many(queryset=Assessment.objects.all(), user=fiona)

    for key in ("good", "lagging"):
        last = mixed[key].history.order_by("-history_date", "-history_id").first()
        assert (last.status, last.history_user) == (Status.CONFIRMED, fiona)
    # The others got no history row from it.
    assert not Assessment.history.filter(id=mixed["draft"].pk, status=Status.CONFIRMED).exists()


def test_the_federation_cannot_review_another_citys_assessment(fiona, mixed):
    elsewhere = mixed["elsewhere"]

    with pytest.raises(PermissionDenied):
        services.confirm(assessment=elsewhere, user=fiona)
    with pytest.raises(PermissionDenied):
        services.return_assessment(assessment=elsewhere, user=fiona, reason="不行")

    assert fresh(elsewhere).status == Status.SUBMITTED


@pytest.mark.parametrize("reason", ["", "   "])
def test_return_many_needs_a_reason(fiona, mixed, reason):
    with pytest.raises(ValidationError) as excinfo:
        services.return_many(queryset=Assessment.objects.all(), user=fiona, reason=reason)

    assert list(errors(excinfo)) == ["reason"]
    assert fresh(mixed["good"]).status == Status.SUBMITTED
    assert fresh(mixed["lagging"]).status == Status.SUBMITTED


def test_return_many_returns_the_submitted_ones_with_the_reason(fiona, mixed):
    count = services.return_many(
        queryset=Assessment.objects.all(), user=fiona, reason="全廠都沒寫說明。"
    )

    assert count == 2
    good = fresh(mixed["good"])
    assert (good.status, good.return_reason, good.reviewed_by) == (
        Status.RETURNED,
        "全廠都沒寫說明。",
        fiona,
    )
    assert fresh(mixed["draft"]).status == Status.DRAFT
    assert fresh(mixed["returned"]).return_reason == "請補充各條的說明。"
    assert fresh(mixed["elsewhere"]).status == Status.SUBMITTED


# --- History -----------------------------------------------------------------------------------


def test_each_move_is_kept_with_who_made_it(world, charlie, fiona, period):
    assessment = save(charlie, world.group_a, period, {"production": Rating.GOOD})
    save(charlie, world.group_a, period, ALL_RATED, submit=True)
    services.return_assessment(assessment=assessment, user=fiona, reason="請寫總結。")
    save(charlie, world.group_a, period, {"summary": "補寫了總結。"}, submit=True)
    services.confirm(assessment=assessment, user=fiona)

    records = assessment.history.order_by("history_date", "history_id")
    assert [(r.status, r.history_user) for r in records] == [
        (Status.DRAFT, charlie),
        (Status.SUBMITTED, charlie),
        (Status.RETURNED, fiona),
        (Status.SUBMITTED, charlie),
        (Status.CONFIRMED, fiona),
    ]
    assert records.last().confirmed_class == GroupClass.AVERAGE


# --- The database's own checks -----------------------------------------------------------------


def _two_in_a_period(world, period, broken):
    AssessmentFactory(period=period, group=world.group_a)
    AssessmentFactory(period=period, group=world.group_a if broken else world.group_a2)


def _submitted_unrated(world, period, broken):
    submitted(period=period, group=world.group_a, leadership=None if broken else Rating.GOOD)


def _submitted_without_class(world, period, broken):
    submitted(period=period, group=world.group_a, proposed_class=None if broken else 1)


def _confirmed_without_class(world, period, broken):
    AssessmentFactory(
        period=period,
        group=world.group_a,
        confirmed=True,
        confirmed_class=None if broken else GroupClass.AVERAGE,
    )


def _another_class_without_reason(world, period, broken):
    AssessmentFactory(
        period=period,
        group=world.group_a,
        confirmed=True,
        proposed_class=GroupClass.AVERAGE,
        confirmed_class=GroupClass.LAGGING,
        class_reason="" if broken else "沒有活動。",
    )


def _returned_without_reason(world, period, broken):
    AssessmentFactory(
        period=period,
        group=world.group_a,
        returned=True,
        return_reason="" if broken else "請補充。",
    )


def _period_ending_before_it_starts(world, period, broken):
    AssessmentPeriodFactory(
        federation=world.federation,
        starts_on=datetime.date(2025, 7, 1),
        ends_on=datetime.date(2025, 6, 30) if broken else datetime.date(2025, 7, 1),
    )


@pytest.mark.parametrize(
    "make",
    [
        _two_in_a_period,
        _submitted_unrated,
        _submitted_without_class,
        _confirmed_without_class,
        _another_class_without_reason,
        _returned_without_reason,
        _period_ending_before_it_starts,
    ],
)
def test_the_database_refuses_an_inconsistent_row(world, period, make):
    counts = (Assessment.objects.count(), AssessmentPeriod.objects.count())
    with pytest.raises(IntegrityError), transaction.atomic():
        make(world, period, broken=True)
    assert (Assessment.objects.count(), AssessmentPeriod.objects.count()) == counts

    # The same row, made consistent, is taken: the refusal was for the one defect.
    with transaction.atomic():
        make(world, period, broken=False)


def test_a_reviewed_row_without_a_date_is_refused(world, period):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFactory(period=period, group=world.group_a, confirmed=True, reviewed_at=None)


def test_confirm_records_when_it_was_reviewed(fiona, proposed):
    before = timezone.now()
    services.confirm(assessment=proposed, user=fiona)
    assert before <= fresh(proposed).reviewed_at <= timezone.now()
