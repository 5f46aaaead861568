"""Demo recreation and culture for ``seed_demo``: each workshop's activities through the year, with
the festivals, and who of each group took part."""

import random
from collections import defaultdict

from demo.common import DAY, day_between, month_after, rows
from welfare.models import Activity

# kind → how often, and its titles ("{other}": another group of the workshop) and notes.
ACTIVITIES = {
    Activity.Kind.FILM: (
        3,
        rows("""
看電影《白毛女》|廠俱樂部放映，看後座談。
看電影《鋼鐵戰士》|
看電影《中華女兒》|看後大家談了體會。
看電影《趙一曼》|
看電影《新兒女英雄傳》|
看電影《龍鬚溝》|
看電影《攻克柏林》|
"""),
    ),
    Activity.Kind.SPORT: (
        3,
        rows("""
籃球比賽|
與{other}籃球友誼賽|{a}比{b}，賽後交流了經驗。
拔河比賽|
乒乓球比賽|
象棋比賽|
廣播體操|工間操後集體練習。
"""),
    ),
    Activity.Kind.READING: (
        3,
        rows("""
業餘文化學習|識字班本週學了十個生字。
讀報組學習|
讀《鋼鐵是怎樣煉成的》|
技術夜校聽課|
"""),
    ),
    Activity.Kind.SINGING: (
        2,
        rows("""
唱歌晚會|
學唱《歌唱祖國》|
學唱《咱們工人有力量》|
"""),
    ),
    Activity.Kind.OPERA: (
        1.5,
        rows("""
看晉劇《打金枝》|
看話劇《紅旗歌》|
看評劇《小女婿》|
"""),
    ),
    Activity.Kind.PARTY: (
        1.5,
        rows("""
小組聯歡會|
歡迎新徒工茶話會|
歡送參軍同志|
"""),
    ),
    Activity.Kind.OUTING: (
        1,
        rows("""
遊晉祠|
遊雙塔寺|
到汾河邊郊遊|
"""),
    ),
    Activity.Kind.OTHER: (
        0.5,
        rows("""
參觀勞動模範事蹟展覽|
參觀工業展覽會|
"""),
    ),
}
# The month's own: month → (day, or 0 for any day; kind; title).
FESTIVALS = {
    1: (1, Activity.Kind.PARTY, "新年聯歡會"),
    2: (0, Activity.Kind.PARTY, "春節聯歡會"),
    5: (1, Activity.Kind.OUTING, "慶祝五一勞動節遊園"),
    10: (1, Activity.Kind.OTHER, "參加國慶遊行"),
}
# The share of the group that takes part, by class.
TAKING_PART = {"good": (0.7, 1.0), "ordinary": (0.4, 0.85), "lagging": (0.25, 0.6)}


def seed_activities(groups, today, classes, users, members):
    by_workshop = defaultdict(list)
    for group in groups:
        by_workshop[group.workshop_id].append(group.name)
    kinds = list(ACTIVITIES)
    weights = [ACTIVITIES[k][0] for k in kinds]
    this_month = today.replace(day=1)
    activities, taking_part = [], []
    for group in groups:
        rng = random.Random(f"activities/{group.workshop.factory.name}/{group.name}")
        cls, people = classes[group.pk], members[group.pk]
        others = [name for name in by_workshop[group.workshop_id] if name != group.name]
        for n in range(-11, 1):
            first = month_after(this_month, n)
            last = min(month_after(first, 1) - DAY, today)
            count = {"good": 2, "lagging": 1}.get(cls) or rng.randint(1, 2)
            if cls == "lagging" and n < -2 and rng.random() < 0.3:
                count = 0
            festival = FESTIVALS.get(first.month) if cls != "lagging" else None
            for index in range(count):
                on = day_between(rng, first, last)
                if index == 0 and festival:
                    day, kind, title = festival
                    on, notes = (first.replace(day=day) if day else on), ""
                    if on > today:
                        continue
                else:
                    kind = rng.choices(kinds, weights)[0]
                    if kind == Activity.Kind.OUTING and not 4 <= first.month <= 10:
                        kind = Activity.Kind.FILM
                    title, notes = rng.choice(ACTIVITIES[kind][1])
                    if "{other}" in title and not others:
                        title, notes = "籃球比賽", ""
                    a, b = sorted(rng.sample(range(18, 46), 2), reverse=True)
                    title = title.format(other=others and rng.choice(others))
                    notes = notes.format(a=a, b=b)
                activity = Activity(group=group, held_on=on, kind=kind, title=title, notes=notes,
                                    recorded_by=users.get(group.pk))  # fmt: skip
                activities.append(activity)
                share = rng.uniform(*TAKING_PART[cls])
                for member in rng.sample(people, max(1, round(len(people) * share))):
                    taking_part.append((activity, member))
    Activity.objects.bulk_create(activities, batch_size=500)
    Through = Activity.participants.through
    Through.objects.bulk_create(
        [Through(activity_id=a.pk, member_id=m.pk) for a, m in taking_part], batch_size=1000
    )
