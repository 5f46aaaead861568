"""The writes of the welfare app (welfare/services.py): what a user gets wrong is refused with a
message on the field the form shows it on, and leaves nothing behind, through the service and
through the page; what is right saves what the user expects, with every move of a case's status
kept with who made it and when. Then the database's own constraints, and the history kept."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from groups.models import Member, Scope
from groups.services import member_move
from tests.factories import MemberFactory, UserFactory
from tests.welfare.factories import (
    ActivityFactory,
    CaseActionFactory,
    InsuranceClaimFactory,
    WelfareCaseFactory,
)
from welfare import services
from welfare.models import (
    Activity,
    CaseAccess,
    CaseAction,
    InsuranceClaim,
    StatusChange,
    WelfareCase,
)

pytestmark = pytest.mark.django_db

D = Decimal
DAY = datetime.timedelta(days=1)
Status = WelfareCase.Status
Kind = CaseAction.Kind
Source = CaseAction.Source
ClaimStatus = InsuranceClaim.Status


def today():
    return timezone.localdate()


def tomorrow():
    """Tomorrow as of when the test runs (a parameter is made when the tests are collected, which
    may be the day before, local time)."""
    return today() + DAY


def as_of_now(values):
    """``values`` with each callable replaced by what it returns now."""
    return {key: value() if callable(value) else value for key, value in values.items()}


def errors(excinfo):
    """The messages of a ValidationError by field, NON_FIELD_ERRORS for those on no field."""
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def only_error(excinfo, field):
    """The one message of the error, after checking it is on ``field`` and on no other."""
    found = errors(excinfo)
    assert list(found) == [field]
    [message] = found[field]
    return message


def saved():
    """What the welfare tables hold, row counts: anything saved shows here."""
    return {
        "cases": WelfareCase.objects.count(),
        "status_changes": StatusChange.objects.count(),
        "actions": CaseAction.objects.count(),
        "claims": InsuranceClaim.objects.count(),
        "activities": Activity.objects.count(),
    }


def shows_error(response, field, text):
    """The page came back with its form, the error on ``field``, and the message on the page."""
    assert response.status_code == 200
    form_errors = response.context["form"].errors
    assert field in form_errors, form_errors
    assert any(text in message for message in form_errors[field]), form_errors[field]
    assert text in response.content.decode()


def iso(day):
    return day.isoformat()


@pytest.fixture
def member(world):
    """A member of alice's group who has fallen ill."""
    return MemberFactory(group=world.group_a, name="張秀英")


def open_case(world, alice, member, **kwargs):
    values = {
        "category": WelfareCase.Category.ILLNESS,
        "tier": WelfareCase.Tier.SERIOUS,
        "description": "肺病住院，家裡三個孩子。",
        "opened_on": today() - 20 * DAY,
    } | kwargs
    return services.case_open(group=world.group_a, member=member, user=alice, **values)


@pytest.fixture
def case(world, alice, member):
    """An open case of alice's group, opened twenty days ago."""
    return open_case(world, alice, member)


def move(case, user, to_status, on=None, note=""):
    return services.case_move(
        case=case, user=user, to_status=to_status, on=on or today() - 5 * DAY, note=note
    )


def case_in(status, case, user):
    """The case moved (by the service) to ``status``, ten days ago."""
    if status != Status.OPEN:
        move(case, user, status, on=today() - 10 * DAY)
    case.refresh_from_db()
    assert case.status == status
    return case


def add(case, user, kind=Kind.VISIT, **kwargs):
    values = {"done_on": today() - 10 * DAY, "who": "韓潤", "brought": "雞蛋"} | kwargs
    return services.action_add(case=case, user=user, kind=kind, **values)


# --- Opening a case ------------------------------------------------------------------------------


def test_case_is_opened_with_its_first_status_change(world, alice, member):
    opened = today() - 3 * DAY

    case = open_case(
        world, alice, member, description="  工傷，右手骨折。 ", opened_on=opened, tier=1
    )

    case.refresh_from_db()
    assert (case.group, case.member, case.opened_by) == (world.group_a, member, alice)
    assert case.status == Status.OPEN
    assert case.description == "工傷，右手骨折。"
    assert case.opened_on == opened
    assert case.tier == WelfareCase.Tier.SEVERE
    assert case.resolved_on is None and case.closed_on is None
    change = StatusChange.objects.get()
    assert (change.case, change.from_status, change.to_status) == (case, "", Status.OPEN)
    assert (change.changed_on, change.changed_by) == (opened, alice)


def test_case_for_a_member_of_another_group_is_refused(world, alice):
    with pytest.raises(ValidationError) as excinfo:
        open_case(world, alice, world.leader_b)

    assert "current member of this group" in only_error(excinfo, "member")
    assert saved()["cases"] == 0
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("status", [Member.Status.LEFT, Member.Status.TRANSFERRED])
def test_case_for_a_member_no_longer_active_is_refused(world, alice, status):
    gone = MemberFactory(group=world.group_a, status=status, status_changed_on=today() - 100 * DAY)

    with pytest.raises(ValidationError) as excinfo:
        open_case(world, alice, gone)

    assert "current member of this group" in only_error(excinfo, "member")
    assert saved()["cases"] == 0


def test_case_opened_in_the_future_is_refused(world, alice, member):
    with pytest.raises(ValidationError) as excinfo:
        open_case(world, alice, member, opened_on=today() + DAY)

    assert "future" in only_error(excinfo, "opened_on")
    assert saved()["cases"] == 0


def test_case_with_a_follow_up_before_it_was_opened_is_refused(world, alice, member):
    with pytest.raises(ValidationError) as excinfo:
        open_case(world, alice, member, follow_up_on=today() - 21 * DAY)

    assert "before the case" in only_error(excinfo, "follow_up_on")
    assert saved()["cases"] == 0


def test_case_without_a_description_is_refused(world, alice, member):
    with pytest.raises(ValidationError) as excinfo:
        open_case(world, alice, member, description="   ")

    only_error(excinfo, "description")
    assert saved()["cases"] == 0


def test_case_in_an_archived_group_is_refused(world, alice, member):
    world.group_a.archived_on, world.group_a.archive_reason = today() - DAY, "併組"
    world.group_a.save()

    with pytest.raises(ValidationError) as excinfo:
        open_case(world, alice, member)

    assert "archived" in only_error(excinfo, NON_FIELD_ERRORS)
    assert saved()["cases"] == 0


def case_post(member, **kwargs):
    return {
        "member": member.pk,
        "category": WelfareCase.Category.HOUSING,
        "tier": "2",
        "description": "房子漏雨，孩子生病。",
        "opened_on": iso(today() - 2 * DAY),
        "follow_up_on": "",
    } | kwargs


def case_create_url(world):
    return reverse("welfare:case_create", args=[world.group_a.pk])


def test_case_page_opens_a_case(world, alice_client, alice, member):
    response = alice_client.post(case_create_url(world), case_post(member))

    case = WelfareCase.objects.get()
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    assert (case.member, case.group, case.opened_by) == (member, world.group_a, alice)
    assert case.category == WelfareCase.Category.HOUSING
    assert case.status_changes.get().changed_by == alice


def test_case_page_refuses_a_member_of_another_group(world, alice_client):
    before = saved()

    response = alice_client.post(case_create_url(world), case_post(world.leader_b))

    shows_error(response, "member", "Select a valid choice")
    assert saved() == before
    assert not WelfareCase.objects.filter(member=world.leader_b).exists()


def test_case_page_refuses_a_member_who_left(world, alice_client):
    gone = MemberFactory(
        group=world.group_a, status=Member.Status.LEFT, status_changed_on=today() - 9 * DAY
    )
    before = saved()

    response = alice_client.post(case_create_url(world), case_post(gone))

    shows_error(response, "member", "Select a valid choice")
    assert saved() == before


def test_case_page_refuses_a_date_in_the_future(world, alice_client, member):
    before = saved()

    response = alice_client.post(
        case_create_url(world), case_post(member, opened_on=iso(today() + DAY))
    )

    shows_error(response, "opened_on", "This date is in the future.")
    assert saved() == before


# --- Correcting a case ---------------------------------------------------------------------------


def update(case, user, **kwargs):
    values = {
        "category": case.category,
        "tier": case.tier,
        "description": case.description,
        "opened_on": case.opened_on,
    } | kwargs
    return services.case_update(case=case, user=user, **values)


def test_case_update_corrects_the_case_and_its_days_to_resolve(case, alice):
    case = move(case, alice, Status.RESOLVED, on=today() - 5 * DAY)
    assert case.days_to_resolve == 15

    update(
        case,
        alice,
        category=WelfareCase.Category.INJURY,
        tier=3,
        description=" 工傷。 ",
        opened_on=today() - 12 * DAY,
    )

    case.refresh_from_db()
    assert (case.category, case.tier, case.description) == ("injury", 3, "工傷。")
    assert case.opened_on == today() - 12 * DAY
    assert case.days_to_resolve == 7  # resolved five days ago, opened twelve days ago


def test_case_cannot_be_opened_after_something_was_done_on_it(case, alice):
    add(case, alice, done_on=today() - 15 * DAY)

    with pytest.raises(ValidationError) as excinfo:
        update(case, alice, opened_on=today() - 14 * DAY)

    assert iso(today() - 15 * DAY) in only_error(excinfo, "opened_on")
    case.refresh_from_db()
    assert case.opened_on == today() - 20 * DAY


def test_case_cannot_be_opened_after_its_follow_up(case, alice):
    services.set_follow_up(
        case=case, user=alice, follow_up_on=today() - 15 * DAY, today=today() - 16 * DAY
    )

    with pytest.raises(ValidationError) as excinfo:
        update(case, alice, opened_on=today() - 14 * DAY)

    assert iso(today() - 15 * DAY) in only_error(excinfo, "opened_on")
    case.refresh_from_db()
    assert case.opened_on == today() - 20 * DAY


def test_case_update_refuses_a_blank_description_or_a_future_opening(case, alice):
    with pytest.raises(ValidationError) as excinfo:
        update(case, alice, description=" ")
    only_error(excinfo, "description")

    with pytest.raises(ValidationError) as excinfo:
        update(case, alice, opened_on=today() + DAY)
    assert "future" in only_error(excinfo, "opened_on")

    case.refresh_from_db()
    assert (case.description, case.opened_on) == ("肺病住院，家裡三個孩子。", today() - 20 * DAY)


# --- Status moves --------------------------------------------------------------------------------

ALL_MOVES = [(a, b) for a in Status.values for b in Status.values]


@pytest.mark.parametrize(("from_status", "to_status"), ALL_MOVES)
def test_status_moves_follow_the_table(case, alice, charlie, from_status, to_status):
    case = case_in(from_status, case, alice)
    changes = StatusChange.objects.count()

    if to_status in WelfareCase.MOVES[from_status]:
        moved = move(case, charlie, to_status, on=today() - 4 * DAY, note="家訪後決定")
        moved.refresh_from_db()
        assert moved.status == to_status
        change = StatusChange.objects.latest("pk")
        assert StatusChange.objects.count() == changes + 1
        assert (change.from_status, change.to_status) == (from_status, to_status)
        assert (change.changed_by, change.changed_on) == (charlie, today() - 4 * DAY)
        assert change.note == "家訪後決定"
        assert change.changed_at is not None
    else:
        with pytest.raises(ValidationError) as excinfo:
            move(case, charlie, to_status, on=today() - 4 * DAY, note="家訪後決定")
        assert "cannot become" in only_error(excinfo, NON_FIELD_ERRORS)
        case.refresh_from_db()
        assert case.status == from_status
        assert StatusChange.objects.count() == changes


def test_resolving_sets_the_day_and_the_days_it_took(case, alice):
    moved = move(case, alice, Status.RESOLVED, on=today() - 6 * DAY)

    moved.refresh_from_db()
    assert moved.resolved_on == today() - 6 * DAY
    assert moved.days_to_resolve == 14  # opened twenty days ago
    assert moved.closed_on is None


def test_closing_a_resolved_case_keeps_its_resolution(case, alice):
    move(case, alice, Status.RESOLVED, on=today() - 6 * DAY)

    closed = move(case, alice, Status.CLOSED, on=today() - 2 * DAY)

    closed.refresh_from_db()
    assert closed.closed_on == today() - 2 * DAY
    assert (closed.resolved_on, closed.days_to_resolve) == (today() - 6 * DAY, 14)


@pytest.mark.parametrize("from_status", [Status.RESOLVED, Status.CLOSED])
def test_reopening_needs_a_note(case, alice, from_status):
    case = case_in(from_status, case, alice)
    before = (case.resolved_on, case.days_to_resolve, case.closed_on)
    changes = StatusChange.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        move(case, alice, Status.IN_PROGRESS, note="  ")

    assert "reopened" in only_error(excinfo, "note")
    case.refresh_from_db()
    assert case.status == from_status
    assert (case.resolved_on, case.days_to_resolve, case.closed_on) == before
    assert StatusChange.objects.count() == changes


@pytest.mark.parametrize("from_status", [Status.RESOLVED, Status.CLOSED])
def test_reopening_clears_the_resolution_and_the_closing(case, alice, walter, from_status):
    if from_status == Status.CLOSED:
        move(case, alice, Status.RESOLVED, on=today() - 12 * DAY)
    case = case_in(from_status, case, alice)
    assert case.resolved_on or case.closed_on

    reopened = move(case, walter, Status.IN_PROGRESS, on=today() - 3 * DAY, note="又住院了")

    reopened.refresh_from_db()
    assert reopened.status == Status.IN_PROGRESS
    assert (reopened.resolved_on, reopened.days_to_resolve, reopened.closed_on) == (
        None,
        None,
        None,
    )
    change = reopened.status_changes.latest("pk")
    assert (change.from_status, change.to_status) == (from_status, Status.IN_PROGRESS)
    assert (change.changed_by, change.note) == (walter, "又住院了")


def test_every_move_is_kept_with_who_and_when(case, alice, charlie):
    move(case, alice, Status.IN_PROGRESS, on=today() - 15 * DAY)
    move(case, charlie, Status.RESOLVED, on=today() - 8 * DAY)
    move(case, alice, Status.IN_PROGRESS, on=today() - 6 * DAY, note="病又重了")
    move(case, charlie, Status.CLOSED, on=today() - DAY, note="調離本廠")

    rows = list(case.status_changes.values_list("from_status", "to_status", "changed_by", "note"))
    assert rows == [
        ("", Status.OPEN, alice.pk, ""),
        (Status.OPEN, Status.IN_PROGRESS, alice.pk, ""),
        (Status.IN_PROGRESS, Status.RESOLVED, charlie.pk, ""),
        (Status.RESOLVED, Status.IN_PROGRESS, alice.pk, "病又重了"),
        (Status.IN_PROGRESS, Status.CLOSED, charlie.pk, "調離本廠"),
    ]
    days = list(case.status_changes.values_list("changed_on", flat=True))
    assert days == [today() - n * DAY for n in (20, 15, 8, 6, 1)]
    assert all(change.changed_at for change in case.status_changes.all())


def test_move_dated_in_the_future_is_refused(case, alice):
    with pytest.raises(ValidationError) as excinfo:
        move(case, alice, Status.RESOLVED, on=today() + DAY)

    assert "future" in only_error(excinfo, "on")
    case.refresh_from_db()
    assert (case.status, case.resolved_on) == (Status.OPEN, None)
    assert StatusChange.objects.count() == 1


def test_move_dated_before_the_opening_is_refused(case, alice):
    with pytest.raises(ValidationError) as excinfo:
        move(case, alice, Status.RESOLVED, on=today() - 21 * DAY)

    assert iso(today() - 20 * DAY) in only_error(excinfo, "on")
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert StatusChange.objects.count() == 1


def test_move_dated_before_the_last_move_is_refused(case, alice):
    add(case, alice, done_on=today() - 5 * DAY)  # in progress five days ago

    with pytest.raises(ValidationError):
        move(case, alice, Status.RESOLVED, on=today() - 18 * DAY)

    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


# --- Closing with an overdue follow-up -----------------------------------------------------------


@pytest.fixture
def overdue(case, alice):
    """The case, whose follow-up, set ten days ago for three days ago, is now overdue."""
    services.set_follow_up(
        case=case, user=alice, follow_up_on=today() - 3 * DAY, today=today() - 10 * DAY
    )
    case.refresh_from_db()
    assert case.follow_up_overdue(today())
    return case


def test_closing_with_an_overdue_follow_up_needs_a_note(overdue, alice):
    with pytest.raises(ValidationError) as excinfo:
        move(overdue, alice, Status.CLOSED, on=today())

    assert iso(today() - 3 * DAY) in only_error(excinfo, "note")
    overdue.refresh_from_db()
    assert (overdue.status, overdue.closed_on) == (Status.OPEN, None)
    assert StatusChange.objects.count() == 1


def test_closing_with_an_overdue_follow_up_and_a_note(overdue, alice):
    closed = move(overdue, alice, Status.CLOSED, on=today(), note="  會員已調往外地  ")

    closed.refresh_from_db()
    assert (closed.status, closed.closed_on) == (Status.CLOSED, today())
    change = closed.status_changes.latest("pk")
    assert (change.to_status, change.note, change.changed_by) == (
        Status.CLOSED,
        "會員已調往外地",
        alice,
    )


def test_closing_on_the_follow_up_day_needs_no_note(case, alice):
    services.set_follow_up(case=case, user=alice, follow_up_on=today())

    closed = move(case, alice, Status.CLOSED, on=today())

    assert closed.status == Status.CLOSED


def move_url(case, to_status):
    return reverse("welfare:case_move", args=[case.pk, to_status])


def test_closing_page_shows_the_note_error_for_an_overdue_follow_up(overdue, alice_client):
    response = alice_client.post(move_url(overdue, Status.CLOSED), {"on": iso(today())})

    shows_error(response, "note", "is overdue")
    overdue.refresh_from_db()
    assert (overdue.status, overdue.closed_on) == (Status.OPEN, None)
    assert StatusChange.objects.count() == 1


def test_closing_page_with_a_note_closes_the_case(overdue, alice_client, alice):
    response = alice_client.post(
        move_url(overdue, Status.CLOSED), {"on": iso(today()), "note": "會員已調往外地"}
    )

    assert response.status_code == 302
    overdue.refresh_from_db()
    assert (overdue.status, overdue.closed_on) == (Status.CLOSED, today())
    change = overdue.status_changes.latest("pk")
    assert (change.note, change.changed_by) == ("會員已調往外地", alice)


def test_reopening_page_needs_a_note(case, alice, alice_client):
    case = case_in(Status.RESOLVED, case, alice)

    response = alice_client.post(move_url(case, Status.IN_PROGRESS), {"on": iso(today())})

    shows_error(response, "note", "This field is required.")
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert case.resolved_on == today() - 10 * DAY


def test_move_page_refuses_a_date_before_the_opening(case, alice_client):
    response = alice_client.post(move_url(case, Status.RESOLVED), {"on": iso(today() - 21 * DAY)})

    shows_error(response, "on", "before the case was opened")
    case.refresh_from_db()
    assert case.status == Status.OPEN


def test_move_page_refuses_a_move_the_table_does_not_allow(case, alice, alice_client):
    case = case_in(Status.IN_PROGRESS, case, alice)

    response = alice_client.post(move_url(case, Status.OPEN), {"on": iso(today())})

    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    assert "cannot be moved that way" in str(message)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


# --- Actions -------------------------------------------------------------------------------------


def test_first_action_puts_an_open_case_in_progress(case, alice):
    visit = add(case, alice, done_on=today() - 12 * DAY, text="  住院第三天。 ")

    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert (visit.kind, visit.who, visit.brought, visit.text) == (
        "visit",
        "韓潤",
        "雞蛋",
        "住院第三天。",
    )
    assert visit.recorded_by == alice
    change = case.status_changes.latest("pk")
    assert (change.from_status, change.to_status) == (Status.OPEN, Status.IN_PROGRESS)
    assert (change.changed_on, change.changed_by) == (today() - 12 * DAY, alice)

    add(case, alice, kind=Kind.NOTE, text="出院了")  # a second action moves nothing

    assert case.status_changes.count() == 2
    assert case.actions.count() == 2


def test_action_on_a_resolved_case_leaves_it_resolved(case, alice):
    case = case_in(Status.RESOLVED, case, alice)

    add(case, alice, kind=Kind.NOTE, text="回訪：已上班。", done_on=today())

    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert case.status_changes.count() == 2


def test_action_on_a_closed_case_is_refused(case, alice):
    case = case_in(Status.CLOSED, case, alice)
    before = saved()

    with pytest.raises(ValidationError) as excinfo:
        add(case, alice)

    assert "closed" in only_error(excinfo, NON_FIELD_ERRORS)
    assert saved() == before


def test_grant_is_saved_with_its_source_and_nothing_else(case, alice):
    grant = add(
        case,
        alice,
        kind=Kind.GRANT,
        amount=D("150.50"),
        source=Source.UNION_FUND,
        brought="雞蛋",
        referred_to="factory_union",
    )

    grant.refresh_from_db()
    assert (grant.amount, grant.source) == (D("150.50"), Source.UNION_FUND)
    assert (grant.brought, grant.referred_to) == ("", "")


def test_visit_keeps_no_amount(case, alice):
    visit = add(case, alice, amount=D(30), source=Source.FACTORY)

    visit.refresh_from_db()
    assert (visit.amount, visit.source) == (None, "")


@pytest.mark.parametrize(
    ("amount", "source", "field", "text"),
    [
        (D("-50"), Source.UNION_FUND, "amount", "cannot be negative"),
        (D(0), Source.UNION_FUND, "amount", "more than nothing"),
        (None, Source.UNION_FUND, "amount", "more than nothing"),
        (D(50), "", "source", "where the money comes from"),
    ],
)
def test_bad_grant_is_refused(case, alice, amount, source, field, text):
    before = saved()

    with pytest.raises(ValidationError) as excinfo:
        add(case, alice, kind=Kind.GRANT, amount=amount, source=source)

    assert text in only_error(excinfo, field)
    assert saved() == before
    case.refresh_from_db()
    assert case.status == Status.OPEN


def test_negative_goods_value_is_refused(case, alice):
    with pytest.raises(ValidationError) as excinfo:
        add(case, alice, kind=Kind.GOODS, brought="棉被", amount=D("-1"))

    assert "negative" in only_error(excinfo, "amount")
    assert not CaseAction.objects.exists()


@pytest.mark.parametrize(
    ("kind", "blank", "field"),
    [
        (Kind.VISIT, {"who": " "}, "who"),
        (Kind.GOODS, {"brought": ""}, "brought"),
        (Kind.REFERRAL, {"referred_to": ""}, "referred_to"),
        (Kind.NOTE, {"text": "  "}, "text"),
    ],
)
def test_action_missing_what_its_kind_needs_is_refused(case, alice, kind, blank, field):
    with pytest.raises(ValidationError) as excinfo:
        add(case, alice, kind=kind, **blank)

    only_error(excinfo, field)
    assert not CaseAction.objects.exists()
    case.refresh_from_db()
    assert case.status == Status.OPEN


def test_visit_before_the_case_was_opened_is_refused(case, alice):
    with pytest.raises(ValidationError) as excinfo:
        add(case, alice, done_on=today() - 21 * DAY)

    assert iso(today() - 20 * DAY) in only_error(excinfo, "done_on")
    assert not CaseAction.objects.exists()
    case.refresh_from_db()
    assert case.status == Status.OPEN


def test_visit_in_the_future_is_refused(case, alice):
    with pytest.raises(ValidationError) as excinfo:
        add(case, alice, done_on=today() + DAY)

    assert "future" in only_error(excinfo, "done_on")
    assert not CaseAction.objects.exists()


def action_url(case, kind):
    return reverse("welfare:action_create", args=[case.pk, kind])


def test_action_page_records_a_grant(case, alice, alice_client):
    response = alice_client.post(
        action_url(case, Kind.GRANT),
        {"done_on": iso(today() - DAY), "amount": "200", "source": Source.FACTORY, "who": "韓潤"},
    )

    assert response.status_code == 302
    grant = CaseAction.objects.get()
    assert (grant.kind, grant.amount, grant.source) == (Kind.GRANT, D(200), Source.FACTORY)
    assert grant.recorded_by == alice
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"amount": "-50", "source": Source.UNION_FUND}, "amount", "cannot be negative"),
        ({"amount": "0", "source": Source.UNION_FUND}, "amount", "more than nothing"),
        ({"amount": "50", "source": ""}, "source", "This field is required."),
        ({"amount": "", "source": Source.UNION_FUND}, "amount", "This field is required."),
    ],
)
def test_action_page_refuses_a_bad_grant(case, alice_client, data, field, text):
    before = saved()

    response = alice_client.post(
        action_url(case, Kind.GRANT), {"done_on": iso(today() - DAY), **data}
    )

    shows_error(response, field, text)
    assert saved() == before
    case.refresh_from_db()
    assert case.status == Status.OPEN


@pytest.mark.parametrize(
    ("done_on", "text"),
    [(-21, "before the case was opened"), (1, "This date is in the future.")],
)
def test_action_page_refuses_a_visit_on_a_bad_date(case, alice_client, done_on, text):
    before = saved()

    response = alice_client.post(
        action_url(case, Kind.VISIT), {"done_on": iso(today() + done_on * DAY), "who": "韓潤"}
    )

    shows_error(response, "done_on", text)
    assert saved() == before
    case.refresh_from_db()
    assert case.status == Status.OPEN


def test_action_page_refuses_a_closed_case(case, alice, alice_client):
    case = case_in(Status.CLOSED, case, alice)
    before = saved()

    response = alice_client.post(
        action_url(case, Kind.VISIT), {"done_on": iso(today()), "who": "韓潤"}
    )

    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    [message] = get_messages(response.wsgi_request)
    assert "reopen it first" in str(message)
    assert saved() == before


# --- Deleting an action --------------------------------------------------------------------------


def test_deleted_action_is_kept_in_its_history(case, alice):
    grant = add(case, alice, kind=Kind.GRANT, amount=D(80), source=Source.LABOUR_INSURANCE)
    pk = grant.pk

    services.action_delete(action=grant, user=alice)

    assert not CaseAction.objects.exists()
    deleted = CaseAction.history.get(history_type="-")
    assert (deleted.id, deleted.case_id, deleted.amount) == (pk, case.pk, D(80))
    assert deleted.history_change_reason == "deleted"


def test_deleting_on_the_page_keeps_who_deleted_it(case, alice, alice_client):
    visit = add(case, alice, text="發燒，已退。")
    url = reverse("welfare:action_delete", args=[visit.pk])

    assert alice_client.get(url).status_code == 200  # the confirmation deletes nothing
    assert CaseAction.objects.filter(pk=visit.pk).exists()
    response = alice_client.post(url)

    assert response.status_code == 302
    assert not CaseAction.objects.filter(pk=visit.pk).exists()
    deleted = CaseAction.history.filter(history_type="-").get()
    assert (deleted.id, deleted.text, deleted.history_user) == (visit.pk, "發燒，已退。", alice)
    # The case keeps its status: deleting the visit does not undo its move.
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


# --- Follow-ups ----------------------------------------------------------------------------------


def test_follow_up_is_set_and_cleared(case, alice):
    services.set_follow_up(case=case, user=alice, follow_up_on=today())
    case.refresh_from_db()
    assert case.follow_up_on == today()

    services.set_follow_up(case=case, user=alice, follow_up_on=today() + 7 * DAY)
    case.refresh_from_db()
    assert case.follow_up_on == today() + 7 * DAY

    services.set_follow_up(case=case, user=alice, follow_up_on=None)
    case.refresh_from_db()
    assert case.follow_up_on is None


def test_follow_up_in_the_past_is_refused(case, alice):
    services.set_follow_up(case=case, user=alice, follow_up_on=today() + 2 * DAY)

    with pytest.raises(ValidationError) as excinfo:
        services.set_follow_up(case=case, user=alice, follow_up_on=today() - DAY)

    assert "today or later" in only_error(excinfo, "follow_up_on")
    case.refresh_from_db()
    assert case.follow_up_on == today() + 2 * DAY


def test_follow_up_on_a_closed_case_is_refused(case, alice):
    case = case_in(Status.CLOSED, case, alice)

    with pytest.raises(ValidationError) as excinfo:
        services.set_follow_up(case=case, user=alice, follow_up_on=today() + DAY)

    assert "closed" in only_error(excinfo, NON_FIELD_ERRORS)
    case.refresh_from_db()
    assert case.follow_up_on is None


def follow_up_url(case):
    return reverse("welfare:case_follow_up", args=[case.pk])


def test_follow_up_page_refuses_a_past_date(case, alice, alice_client):
    services.set_follow_up(case=case, user=alice, follow_up_on=today() + 2 * DAY)

    response = alice_client.post(follow_up_url(case), {"follow_up_on": iso(today() - DAY)})

    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    assert "today or later" in str(message)
    case.refresh_from_db()
    assert case.follow_up_on == today() + 2 * DAY


def test_follow_up_page_sets_and_clears(case, alice_client):
    alice_client.post(follow_up_url(case), {"follow_up_on": iso(today() + 3 * DAY)})
    case.refresh_from_db()
    assert case.follow_up_on == today() + 3 * DAY

    response = alice_client.post(follow_up_url(case), {"follow_up_on": ""})

    *_, message = get_messages(response.wsgi_request)  # the first save's message is there too
    assert "cleared" in str(message)
    case.refresh_from_db()
    assert case.follow_up_on is None


# --- Labour insurance claims ---------------------------------------------------------------------


def claim(case, user, **kwargs):
    values = {
        "benefit": InsuranceClaim.Benefit.SICK_PAY,
        "filed_on": today() - 10 * DAY,
        "amount_claimed": D(300),
    } | kwargs
    return services.claim_save(case=case, user=user, **values)


def test_claim_is_filed_and_then_paid(case, alice):
    filed = claim(case, alice, note=" 病假工資 ")
    filed.refresh_from_db()
    assert (filed.status, filed.amount_paid, filed.decided_on, filed.note) == (
        ClaimStatus.FILED,
        None,
        None,
        "病假工資",
    )

    claim(
        case,
        alice,
        claim=filed,
        status=ClaimStatus.PAID,
        amount_paid=D("240.00"),
        decided_on=today() - 2 * DAY,
    )

    paid = InsuranceClaim.objects.get()
    assert paid.pk == filed.pk
    assert (paid.status, paid.amount_paid, paid.decided_on) == (
        ClaimStatus.PAID,
        D("240.00"),
        today() - 2 * DAY,
    )


@pytest.mark.parametrize(
    ("values", "field", "text"),
    [
        ({"amount_claimed": D(0)}, "amount_claimed", "more than nothing"),
        (
            {"amount_paid": D(301), "status": ClaimStatus.APPROVED, "decided_on": today()},
            "amount_paid",
            "More cannot be paid than was claimed.",
        ),
        (
            {"amount_paid": D(-1), "status": ClaimStatus.APPROVED, "decided_on": today()},
            "amount_paid",
            "negative",
        ),
        ({"status": ClaimStatus.PAID, "decided_on": today()}, "amount_paid", "how much was paid"),
        (
            {"status": ClaimStatus.PAID, "amount_paid": D(0), "decided_on": today()},
            "amount_paid",
            "how much was paid",
        ),
        ({"decided_on": today()}, "decided_on", "not decided yet"),
        ({"status": ClaimStatus.APPROVED}, "decided_on", "when the claim was decided"),
        (
            {"status": ClaimStatus.REJECTED, "decided_on": today() - 11 * DAY},
            "decided_on",
            "decided after it is filed",
        ),
        (
            {"status": ClaimStatus.REJECTED, "decided_on": tomorrow},
            "decided_on",
            "future",
        ),
        ({"filed_on": tomorrow}, "filed_on", "future"),
    ],
)
def test_bad_claim_is_refused(case, alice, values, field, text):
    with pytest.raises(ValidationError) as excinfo:
        claim(case, alice, **as_of_now(values))

    assert text in only_error(excinfo, field)
    assert not InsuranceClaim.objects.exists()


def test_bad_edit_of_a_claim_leaves_it_as_it_was(case, alice):
    filed = claim(case, alice)

    with pytest.raises(ValidationError):
        claim(case, alice, claim=filed, status=ClaimStatus.PAID, decided_on=today())

    filed.refresh_from_db()
    assert (filed.status, filed.amount_paid, filed.decided_on) == (ClaimStatus.FILED, None, None)


def claim_post(**kwargs):
    return {
        "benefit": InsuranceClaim.Benefit.INJURY,
        "filed_on": iso(today() - 10 * DAY),
        "amount_claimed": "300",
        "status": ClaimStatus.FILED,
        "decided_on": "",
        "amount_paid": "",
        "note": "",
    } | kwargs


def test_claim_page_files_a_claim(case, alice_client):
    response = alice_client.post(
        reverse("welfare:claim_create", args=[case.pk]), claim_post(note="工傷津貼")
    )

    assert response.status_code == 302
    filed = InsuranceClaim.objects.get()
    assert (filed.case, filed.benefit, filed.amount_claimed) == (case, "injury", D(300))
    assert filed.note == "工傷津貼"


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        (
            {"status": ClaimStatus.APPROVED, "decided_on": iso(today()), "amount_paid": "301"},
            "amount_paid",
            "More cannot be paid than was claimed.",
        ),
        (
            {"status": ClaimStatus.PAID, "decided_on": iso(today())},
            "amount_paid",
            "Say how much was paid.",
        ),
        ({"status": ClaimStatus.APPROVED}, "decided_on", "Say when the claim was decided."),
        ({"decided_on": iso(today())}, "decided_on", "A claim still filed is not decided yet."),
        (
            {"status": ClaimStatus.REJECTED, "decided_on": iso(today() - 11 * DAY)},
            "decided_on",
            "A claim is decided after it is filed.",
        ),
        ({"amount_claimed": "0"}, "amount_claimed", "A claim is for more than nothing."),
        ({"amount_claimed": "-5"}, "amount_claimed", "An amount cannot be negative."),
    ],
)
def test_claim_page_shows_the_error_and_saves_nothing(case, alice_client, data, field, text):
    before = saved()

    response = alice_client.post(
        reverse("welfare:claim_create", args=[case.pk]), claim_post(**data)
    )

    shows_error(response, field, text)
    assert saved() == before


def test_claim_edit_page_refuses_paid_above_claimed(case, alice, alice_client):
    filed = claim(case, alice)

    response = alice_client.post(
        reverse("welfare:claim_edit", args=[filed.pk]),
        claim_post(status=ClaimStatus.PAID, decided_on=iso(today()), amount_paid="500"),
    )

    shows_error(response, "amount_paid", "More cannot be paid than was claimed.")
    filed.refresh_from_db()
    assert (filed.status, filed.amount_paid, filed.benefit) == (
        ClaimStatus.FILED,
        None,
        InsuranceClaim.Benefit.SICK_PAY,
    )


# --- Activities ----------------------------------------------------------------------------------


def save_activity(world, user, **kwargs):
    values = {
        "held_on": today() - 3 * DAY,
        "kind": Activity.Kind.OPERA,
        "title": "看晉劇《打金枝》",
    } | kwargs
    return services.activity_save(group=world.group_a, user=user, **values)


def test_activity_is_saved_with_those_who_took_part(world, alice, member):
    activity = save_activity(world, alice, participants=[member, world.leader_a], notes=" 好戲 ")

    activity.refresh_from_db()
    assert (activity.group, activity.recorded_by, activity.notes) == (world.group_a, alice, "好戲")
    assert set(activity.participants.all()) == {member, world.leader_a}


def test_activity_with_a_member_of_another_group_is_refused(world, alice, member):
    with pytest.raises(ValidationError) as excinfo:
        save_activity(world, alice, participants=[member, world.leader_b])

    assert "Only members of this group" in only_error(excinfo, "participants")
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [({"title": "  "}, "title"), ({"held_on": tomorrow}, "held_on")],
)
def test_activity_without_a_title_or_in_the_future_is_refused(world, alice, values, field):
    with pytest.raises(ValidationError) as excinfo:
        save_activity(world, alice, **as_of_now(values))

    only_error(excinfo, field)
    assert not Activity.objects.exists()


def test_edited_activity_keeps_a_participant_who_has_moved_group(world, alice, member):
    activity = save_activity(world, alice, participants=[member])
    member_move(member=member, to_group=world.group_a2, on=today() - DAY)
    newcomer = MemberFactory(group=world.group_a2)  # never listed: still refused

    save_activity(
        world, alice, activity=activity, title="看晉劇", participants=[member, world.leader_a]
    )

    activity.refresh_from_db()
    assert activity.title == "看晉劇"
    assert set(activity.participants.all()) == {member, world.leader_a}
    with pytest.raises(ValidationError) as excinfo:
        save_activity(world, alice, activity=activity, participants=[member, newcomer])
    only_error(excinfo, "participants")
    assert set(activity.participants.all()) == {member, world.leader_a}


def activity_post(*participants, **kwargs):
    return {
        "held_on": iso(today() - 3 * DAY),
        "kind": Activity.Kind.SPORT,
        "title": "拔河比賽",
        "participants": [m.pk for m in participants],
        "notes": "",
    } | kwargs


def test_activity_page_refuses_a_member_of_another_group(world, alice_client, member):
    before = saved()

    response = alice_client.post(
        reverse("welfare:activity_create", args=[world.group_a.pk]),
        activity_post(member, world.leader_b),
    )

    shows_error(response, "participants", "Select a valid choice")
    assert saved() == before


def test_activity_page_keeps_a_participant_who_has_moved_group(world, alice, alice_client, member):
    activity = save_activity(world, alice, participants=[member])
    member_move(member=member, to_group=world.group_a2, on=today() - DAY)

    response = alice_client.post(
        reverse("welfare:activity_edit", args=[activity.pk]),
        activity_post(member, world.leader_a, title="拔河"),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "拔河"
    assert activity.group == world.group_a
    assert set(activity.participants.all()) == {member, world.leader_a}


def test_activity_is_deleted_and_kept_in_history(world, alice, member):
    activity = ActivityFactory(group=world.group_a, title="春節聯歡")

    services.activity_delete(activity=activity, user=alice)

    assert not Activity.objects.exists()
    assert Activity.history.filter(history_type="-", title="春節聯歡").count() == 1


# --- Who looked ----------------------------------------------------------------------------------


def test_access_is_recorded_for_each_case(world, alice, case):
    other = WelfareCaseFactory(member__group=world.group_a)

    services.record_access(cases=[case, other.pk], user=alice)
    services.record_access(cases=[other], user=alice, how=CaseAccess.How.EXPORTED)

    rows = sorted(CaseAccess.objects.values_list("case", "user", "how"))
    assert rows == sorted(
        [
            (case.pk, alice.pk, "viewed"),
            (other.pk, alice.pk, "viewed"),
            (other.pk, alice.pk, "exported"),
        ]
    )


# --- Database constraints ------------------------------------------------------------------------


def assert_refused(excinfo, constraint):
    """The database named the constraint it enforced (SQLite and PostgreSQL both do)."""
    assert constraint in str(excinfo.value)


def test_database_refuses_a_grant_without_amount(case):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseActionFactory(case=case, kind=Kind.GRANT, amount=None, source=Source.UNION_FUND)

    assert not CaseAction.objects.exists()


def test_database_refuses_a_grant_of_nothing(case):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        CaseActionFactory(case=case, kind=Kind.GRANT, amount=D(0), source=Source.UNION_FUND)

    assert_refused(excinfo, "welfare_grant_amount_and_source")
    assert not CaseAction.objects.exists()


def test_database_refuses_a_negative_amount(case):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        CaseActionFactory(case=case, kind=Kind.GOODS, brought="棉被", amount=D("-1"))

    assert_refused(excinfo, "welfare_amount_not_negative")
    assert not CaseAction.objects.exists()


def test_database_refuses_a_resolved_case_without_a_resolution_day(world):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        WelfareCaseFactory(member__group=world.group_a, status=Status.RESOLVED)

    assert_refused(excinfo, "welfare_case_resolved_has_date")
    assert not WelfareCase.objects.exists()


def test_database_refuses_a_claim_paid_above_claimed(case):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        InsuranceClaimFactory(
            case=case,
            amount_claimed=D(30),
            amount_paid=D(31),
            status=ClaimStatus.APPROVED,
            decided_on=case.opened_on,
        )

    assert_refused(excinfo, "welfare_claim_paid_within_claimed")
    assert not InsuranceClaim.objects.exists()


def test_database_refuses_a_paid_claim_without_an_amount(case):
    with pytest.raises(IntegrityError), transaction.atomic():
        InsuranceClaimFactory(case=case, status=ClaimStatus.PAID, decided_on=case.opened_on)

    assert not InsuranceClaim.objects.exists()


def test_database_refuses_a_decided_claim_without_a_decision_day(case):
    with pytest.raises(IntegrityError), transaction.atomic():
        InsuranceClaimFactory(case=case, status=ClaimStatus.REJECTED, decided_on=None)

    assert not InsuranceClaim.objects.exists()


@pytest.mark.parametrize("level", ["factory", "workshop", "federation"])
def test_database_refuses_a_member_on_an_account_above_the_group(world, level):
    unit = {
        "factory": world.factory_a,
        "workshop": world.workshop_a,
        "federation": world.federation,
    }[level]
    user = UserFactory(username=f"staff-{level}")

    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        Scope.objects.create(user=user, level=level, member=world.leader_a, **{level: unit})

    assert_refused(excinfo, "scope_member_of_group_account")
    assert not Scope.objects.filter(user=user).exists()
    # A group's account may belong to one of its members.
    Scope.objects.create(user=user, level="group", group=world.group_a, member=world.leader_a)


def test_claim_filed_before_the_case_was_opened_is_refused(case, alice):
    with pytest.raises(ValidationError) as error:
        claim(case, alice, filed_on=case.opened_on - DAY)
    assert "filed_on" in error.value.message_dict
    assert not InsuranceClaim.objects.exists()


def test_status_move_dated_before_the_last_move_is_refused(case, alice):
    move(case, alice, WelfareCase.Status.IN_PROGRESS, on=today() - 5 * DAY)
    with pytest.raises(ValidationError) as error:
        move(case, alice, WelfareCase.Status.RESOLVED, on=today() - 6 * DAY)
    assert "on" in error.value.message_dict
    case.refresh_from_db()
    assert (case.status, case.resolved_on) == (WelfareCase.Status.IN_PROGRESS, None)


def test_case_cannot_be_opened_after_a_claim_or_a_move(case, alice):
    claim(case, alice, filed_on=case.opened_on + 2 * DAY)
    with pytest.raises(ValidationError) as error:
        services.case_update(
            case=case,
            user=alice,
            category=case.category,
            tier=case.tier,
            description=case.description,
            opened_on=case.opened_on + 3 * DAY,
        )
    assert "opened_on" in error.value.message_dict


def test_moving_the_opening_moves_the_first_status_change(case, alice):
    later = case.opened_on + DAY
    services.case_update(
        case=case,
        user=alice,
        category=case.category,
        tier=case.tier,
        description=case.description,
        opened_on=later,
    )
    assert case.status_changes.get(from_status="").changed_on == later
