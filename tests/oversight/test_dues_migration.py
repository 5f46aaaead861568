"""The migration that moves the groups' monthly dues records onto the per-member ledger
(oversight 0005), run forwards and back on a database that has records in it."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from dues.models import DuesPayment, Excusal
from dues.sheet import sheet
from groups import services as organisation
from groups.models import Member
from oversight import evidence
from tests.factories import (
    FactoryUnionFactory,
    MemberFactory,
    UnionGroupFactory,
    UserFactory,
    WorkshopUnionFactory,
)

BEFORE = [("oversight", "0004_field_bounds"), ("dues", "0002_from_group_total")]
AFTER = [("oversight", "0006_dues_records_gone"), ("dues", "0002_from_group_total")]
MARCH, APRIL = datetime.date(2025, 3, 1), datetime.date(2025, 4, 1)
RECORDED = datetime.datetime(2025, 3, 28, 17, 5, tzinfo=datetime.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    _migrate(AFTER)


def _record(apps, group, month, due, paid, amount, user):
    DuesRecord = apps.get_model("oversight", "DuesRecord")
    HistoricalDuesRecord = apps.get_model("oversight", "HistoricalDuesRecord")
    record = DuesRecord.objects.create(
        group_id=group.pk,
        month=month,
        members_due=due,
        members_paid=paid,
        amount=D(amount),
        recorded_by_id=user.pk,
    )
    HistoricalDuesRecord.objects.create(
        id=record.pk,
        group_id=group.pk,
        month=month,
        members_due=due,
        members_paid=paid,
        amount=D(amount),
        recorded_by_id=user.pk,
        history_date=RECORDED,
        history_type="+",
        history_user_id=user.pk,
    )
    return record


def test_group_totals_move_onto_the_ledger_and_back(old_schema, capsys):
    apps = old_schema
    workshop = WorkshopUnionFactory(factory=FactoryUnionFactory())
    a, b = UnionGroupFactory(workshop=workshop), UnionGroupFactory(workshop=workshop)
    staff = UserFactory(username="machine_staff")
    # Group A: four members owe March (named so that their order is known); a fifth left on
    # 10 March and owes the group nothing that month.
    names = ["1甲", "2乙", "3丙", "4丁"]
    a_members = [MemberFactory(group=a, name=name) for name in names]
    gone = MemberFactory(group=a, name="戊")
    gone.status, gone.status_changed_on = Member.Status.LEFT, datetime.date(2025, 3, 10)
    organisation.member_update(member=gone, previous_status=Member.Status.ACTIVE)
    MemberFactory.create_batch(2, group=b)
    # Group C: three members, one of them excused in March (ill, no wage).
    c = UnionGroupFactory(workshop=workshop)
    c_members = [MemberFactory(group=c, name=name) for name in ["1子", "2丑", "3寅"]]
    Excusal.objects.create(member=c_members[0], starts_on=MARCH, reason="病休")

    # March: 3 of 4 paid 1.00 yuan. April: the sheet had marked one member paid 0.40 already;
    # the record (4 of 4, 1.60) tops it up.
    _record(apps, a, MARCH, 4, 3, "1.00", staff)
    _record(apps, a, APRIL, 4, 4, "1.60", staff)
    DuesPayment.objects.create(
        member=a_members[0],
        group=a,
        month=APRIL,
        amount=D("0.40"),
        status="paid",
        paid_on=APRIL,
    )
    # Group B counted five members but had two: what it can keep is kept, and it is reported.
    _record(apps, b, MARCH, 5, 5, "2.50", staff)
    # Group C counted two owing (the excused one aside), both paid, 0.80.
    _record(apps, c, MARCH, 2, 2, "0.80", staff)

    _migrate(AFTER)

    rows = list(DuesPayment.objects.filter(group=a, month=MARCH).order_by("member__name", "member"))
    by_name = {row.member.name: row for row in rows}
    assert set(by_name) == set(names)  # the one who left by the 15th is not there
    ordered = [by_name[name] for name in sorted(names)]
    assert [(r.status, r.amount) for r in ordered] == [
        ("paid", D("0.34")),
        ("paid", D("0.33")),
        ("paid", D("0.33")),
        ("unpaid", D("0.33")),
    ]
    assert all(r.from_group_total for r in rows)
    paid = [r for r in rows if r.status == "paid"]
    assert {(r.paid_on, r.collected_by_id) for r in paid} == {(RECORDED.date(), staff.pk)}
    # Each row's history says where it came from, when and by whom.
    for row in rows:
        first = row.history.get()
        assert (first.history_user_id, first.history_date) == (staff.pk, RECORDED)
        assert first.history_change_reason == "From the group's dues record of the month"

    # April: the sheet's row as it was, the three others paid the remaining 1.20 between them.
    april = DuesPayment.objects.filter(group=a, month=APRIL)
    assert sorted(april.values_list("member__name", "status", "amount", "from_group_total")) == [
        ("1甲", "paid", D("0.40"), False),
        ("2乙", "paid", D("0.40"), True),
        ("3丙", "paid", D("0.40"), True),
        ("4丁", "paid", D("0.40"), True),
    ]
    # Group C: the excused member is excused, the two others paid 0.40 each.
    assert sorted(
        DuesPayment.objects.filter(group=c).values_list("member__name", "status", "amount")
    ) == [("1子", "excused", D("0.00")), ("2丑", "paid", D("0.40")), ("3寅", "paid", D("0.40"))]
    # Group B's two members paid its 2.50 between them.
    b_rows = DuesPayment.objects.filter(group=b, month=MARCH)
    assert sorted(b_rows.values_list("status", "amount")) == [
        ("paid", D("1.25")),
        ("paid", D("1.25")),
    ]
    out = capsys.readouterr().out
    assert "4 moved onto the ledger (1 topping up" in out
    assert f"{b.pk}/2025-03" in out and f"{a.pk}/2025-03" not in out

    # The evidence reads the ledger: March's 3 of 4 (75%) and 1.00 yuan, as the record said.
    found = evidence.dues_by_group([a.pk], MARCH, MARCH.replace(day=31))[a.pk]
    assert (found["dues_months"], found["dues_paid_pct"], found["dues_amount"]) == (
        1,
        75.0,
        D("1.00"),
    )
    # Nobody is named as owing March: it is not a member's arrears.
    unpaid = by_name["4丁"].member
    later = timezone.localdate().replace(day=1)
    row = next(r for r in sheet(a, later)[1] if r.member == unpaid)
    assert row.arrears_months == 0

    # Back: the records are rebuilt from the flagged rows, the sheet's own row stays.
    apps = _migrate(BEFORE)
    DuesRecord = apps.get_model("oversight", "DuesRecord")
    rebuilt = {
        (r.group_id, r.month): (r.members_due, r.members_paid, r.amount, r.recorded_by_id)
        for r in DuesRecord.objects.all()
    }
    assert rebuilt == {
        (a.pk, MARCH): (4, 3, D("1.00"), staff.pk),
        (a.pk, APRIL): (3, 3, D("1.20"), staff.pk),  # the part the record added
        (b.pk, MARCH): (2, 2, D("2.50"), staff.pk),
        (c.pk, MARCH): (2, 2, D("0.80"), staff.pk),
    }
    assert list(DuesPayment.objects.values_list("group", "month")) == [(a.pk, APRIL)]
