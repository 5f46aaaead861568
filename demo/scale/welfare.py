"""The city's welfare over its years: two hardship cases a group a year, each visited, most given
aid, resolved and closed (good groups sooner), the recent ones open with a follow-up due; labour
insurance claims for illness and injury; an activity every other month in every group."""

from decimal import Decimal

from demo.common import DAY
from welfare.models import Activity, CaseAction, InsuranceClaim, StatusChange, WelfareCase

CATEGORIES = ["illness", "injury", "housing", "family", "bereavement", "childbirth"]
STORIES = {
    "illness": "患病在家休養，家中生活困難。",
    "injury": "工作中受傷，需要治療。",
    "housing": "房子漏雨，需要修繕。",
    "family": "家中人口多，收入少。",
    "bereavement": "家中老人去世。",
    "childbirth": "愛人生產，需要照顧。",
}
BENEFITS = {"illness": "sick_pay", "injury": "injury", "childbirth": "maternity"}
BROUGHT = ["橘子、紅糖", "雞蛋一斤", "白麵五斤", "毛巾、肥皂"]
# Days to resolve, from and to, by the group's kind.
SPEED = {"good": (5, 20), "ordinary": (10, 45), "lagging": (20, 90)}
ACTIVITIES = [("sport", "籃球比賽"), ("opera", "看晉劇"), ("film", "看電影"), ("reading", "讀報會"),
              ("outing", "春遊"), ("singing", "歌詠會")]  # fmt: skip


def build_welfare(w, city, rng, report):
    cases = w.table(
        WelfareCase,
        ["group", "member", "category", "tier", "description", "opened_on", "opened_by",
         "status", "follow_up_on", "resolved_on", "days_to_resolve", "closed_on"],
    )  # fmt: skip
    changes = w.table(StatusChange, ["case", "from_status", "to_status", "changed_on", "note"])
    actions = w.table(
        CaseAction, ["case", "kind", "done_on", "who", "brought", "amount", "source", "text"]
    )
    claims = w.table(
        InsuranceClaim,
        ["case", "benefit", "filed_on", "amount_claimed", "amount_paid", "status", "decided_on"],
    )
    today = city.today
    span = city.days()
    for number, group in enumerate(city.groups):
        low, high = SPEED[group.kind]
        leader = city.leaders.get(group.pk)
        for _ in range(max(1, round(2 * span / 365))):
            opened = city.first_month + rng.randint(0, span) * DAY
            category = rng.choice(CATEGORIES)
            member = rng.choice(group.members[1:])
            took = rng.randint(low, high)
            resolved = opened + took * DAY
            closed = resolved + 10 * DAY
            if closed < today and rng.random() < 0.7:
                status, follow_up = "closed", None
            elif resolved < today:
                status, closed, follow_up = "resolved", None, None
            else:
                status, resolved, took, closed = "in_progress", None, None, None
                follow_up = opened + rng.randint(7, 21) * DAY
            visited = opened + rng.randint(0, 3) * DAY
            if visited > today:
                status, follow_up, visited = "open", opened + 7 * DAY, None
            case = cases.add(
                group.pk, member, category, rng.randint(1, 3), STORIES[category], opened, leader,
                status, follow_up, resolved, took, closed,
            )  # fmt: skip
            if visited is None:
                continue
            changes.add(case, "open", "in_progress", visited, "")
            actions.add(case, "visit", visited, "小組長、生活幹事", rng.choice(BROUGHT), None, "",
                        "")  # fmt: skip
            if rng.random() < 0.6:
                actions.add(case, "grant", visited + DAY, "", "",
                            Decimal(rng.randrange(10, 80, 5)), "union_fund", "")  # fmt: skip
            if resolved:
                changes.add(case, "in_progress", "resolved", resolved, "困難已解決。")
            if closed:
                changes.add(case, "resolved", "closed", closed, "")
            benefit = BENEFITS.get(category)
            if benefit and rng.random() < 0.5:
                claimed = Decimal(rng.randrange(20, 200, 5))
                decided = opened + 20 * DAY
                if decided < today:
                    claims.add(case, benefit, opened + 2 * DAY, claimed, claimed, "paid", decided)
                else:
                    claims.add(case, benefit, opened + 2 * DAY, claimed, None, "filed", None)
        if number % 1000 == 999:
            report(f"  welfare cases: {number + 1} of {len(city.groups)} groups")
    build_activities(w, city, rng)


def build_activities(w, city, rng):
    activities = w.table(Activity, ["group", "held_on", "kind", "title", "notes"])
    participants = w.table(Activity.participants.through, ["activity", "member"])
    today = city.today
    for group in city.groups:
        for month in city.months[::2]:
            day = month + rng.randint(5, 25) * DAY
            if day >= today:
                continue
            kind, title = rng.choice(ACTIVITIES)
            activity = activities.add(group.pk, day, kind, title, "")
            for member in rng.sample(group.members, min(len(group.members), rng.randint(6, 12))):
                participants.add(activity, member)
