"""The city's dues and classification over its years.

Dues: each factory's rule, every member's wage base and a row per member per month (paid by
most, as each group's kind goes; this month's sheet half marked). Classification: a period every
half-year (the demo's own where it has one), every group assessed in each closed period with the
evidence of its records and confirmed by the federation; in the open one, about half submitted
and a few drafts."""

import datetime
from decimal import Decimal

from django.utils import timezone

from demo.common import DAY, month_after
from dues.models import DuesPayment, DuesRule, WageBase
from oversight import evidence
from oversight.models import CRITERION_FIELDS, Assessment, AssessmentPeriod

PAID = {"good": 0.99, "ordinary": 0.94, "lagging": 0.8}
CLASS = {"good": 1, "ordinary": 2, "lagging": 3}
NOTES = {1: "做得好，堅持經常。", 2: "一般，還要加強。", 3: "做得差，要幫助改進。"}
SUMMARY = {
    1: "保證條件訂得具體，會議有準備，互助搞得好。",
    2: "能完成任務，但會議準備不夠，檢查不經常。",
    3: "會議開不起來，保證條件流於形式，要重點幫助。",
}


def build_dues(w, city, rng, report):
    rules = {}
    for factory in city.factories:
        rules[factory] = DuesRule.objects.create(
            factory_id=factory, effective_from=month_after(city.first_month, -12)
        )
    wages = w.table(WageBase, ["member", "amount"])
    payments = w.table(
        DuesPayment, ["member", "group", "month", "amount", "status", "paid_on", "collected_by"]
    )
    today = city.today
    this_month = today.replace(day=1)
    for number, group in enumerate(city.groups):
        rule, chance = rules[group.factory], PAID[group.kind]
        collector = city.leaders.get(group.pk)
        for member in group.members:
            wage = Decimal(rng.randint(45, 120))
            wages.add(member, wage)
            due = rule.due(wage)
            for month in city.months:
                if month == this_month:
                    if today.day > 5 and rng.random() < 0.5:
                        payments.add(member, group.pk, month, due, "paid", today, collector)
                    continue
                if rng.random() < chance:
                    paid = month + rng.randint(4, 24) * DAY
                    payments.add(member, group.pk, month, due, "paid", paid, collector)
                else:
                    payments.add(member, group.pk, month, due, "unpaid", None, None)
        if number % 1000 == 999:
            report(f"  dues: {number + 1} of {len(city.groups)} groups")


def half_years(city):
    """``[(name, starts_on, ends_on)]`` of the half-years of the records, the current last."""
    result = []
    day = city.first_month.replace(month=1 if city.first_month.month < 7 else 7)
    while day <= city.today:
        ends = datetime.date(day.year, 6, 30) if day.month == 1 else datetime.date(day.year, 12, 31)
        result.append((f"{day.year}年{'上' if day.month == 1 else '下'}半年", day, ends))
        day = ends + DAY
    return result


def build_assessments(w, city, rng, reviewer, report):
    periods = []
    for name, starts, ends in half_years(city):
        period = AssessmentPeriod.objects.filter(
            federation=city.federation, starts_on=starts, ends_on=ends
        ).first()
        if period is None:
            taken = AssessmentPeriod.objects.filter(federation=city.federation, name=name)
            period = AssessmentPeriod.objects.create(
                federation=city.federation,
                name=f"{name}（全市）" if taken.exists() else name,
                starts_on=starts,
                ends_on=ends,
                status="open" if ends >= city.today else "closed",
                opened_by=reviewer,
            )
        periods.append(period)
    assessments = w.table(
        Assessment,
        ["period", "group", "status", *CRITERION_FIELDS,
         *[f"{name}_note" for name in CRITERION_FIELDS], "summary", "proposed_class",
         "assessed_by", "submitted_at", "submitted_by", "evidence", "confirmed_class",
         "reviewed_at", "reviewed_by"],
    )  # fmt: skip
    ids = [g.pk for g in city.groups]
    for period in periods:
        closed = period.ends_on < city.today
        figures = evidence.for_groups(reviewer, ids, period.starts_on, period.ends_on)
        day = min(period.ends_on, city.today) - 10 * DAY
        submitted_at = _moment(day)
        reviewed_at = _moment(min(day + 5 * DAY, city.today))
        for group in city.groups:
            cls = CLASS[group.kind]
            if rng.random() < 0.1:
                cls = max(1, min(3, cls + rng.choice((-1, 1))))
            draw = rng.random()
            status = "confirmed" if closed else "submitted" if draw < 0.5 else "draft"
            if not closed and draw > 0.7:
                continue  # not assessed yet
            staff = city.staff.get(group.factory)
            ratings = [cls] * len(CRITERION_FIELDS)
            if status == "draft":
                ratings = [cls, cls] + [None] * (len(CRITERION_FIELDS) - 2)
            notes = [NOTES[r] if r else "" for r in ratings]
            done = status != "draft"
            assessments.add(
                period.pk, group.pk, status, *ratings, *notes, SUMMARY[cls] if done else "",
                cls if done else None, staff, submitted_at if done else None,
                staff if done else None, figures[group.pk] if done else {},
                cls if closed else None, reviewed_at if closed else None,
                reviewer.pk if closed else None,
            )  # fmt: skip
        report(f"  assessments: {period.name}")


def _moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(15)))
