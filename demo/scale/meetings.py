"""The city's meetings over its years: a union group meeting every month, a production meeting
every other month and a study session every quarter for every group, each with its agenda;
those held with attendance, a decision and an action item, most summarised; the factories'
resolutions every quarter with every group's report; a report up from every group a year.

How well a group does this follows its kind: good groups announce two days ahead, hold and
summarise nearly every meeting and keep their action items; lagging ones do not."""

import datetime

from django.utils import timezone

from demo.common import DAY
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    GroupReport,
    Meeting,
    Resolution,
    ResolutionReport,
)

# held, announced two days ahead, summarised, present, action item done in time
PROFILE = {
    "good": (0.98, 0.95, 0.95, 0.95, 0.95),
    "ordinary": (0.9, 0.7, 0.7, 0.86, 0.8),
    "lagging": (0.55, 0.2, 0.25, 0.65, 0.45),
}
TOPICS = ["guarantee_plan", "technique", "experience", "quality", "safety", "proposals", "waste"]
STUDY = ["technique", "experience", "politics", "culture"]
TITLES = {
    "group": "小組會",
    "production": "生產會議",
    "study": "學習會",
}
PLACES = ["車間休息室", "工具室", "班組園地", "廠俱樂部"]
DECISIONS = [
    "下月繼續開展無廢品運動，首件必檢",
    "互助組包教兩名徒工，月底驗收",
    "交接班交清設備和質量情況，記在本子上",
    "節約棉紗機油，邊角料回收",
    "設備保養落實到人，每週檢查一次",
]
ACTIONS = ["整理合理化建議", "檢查安全裝置", "培訓新工人", "修訂保證條件", "統計廢品原因"]
REASONS = ["病假未請", "家中有事", "遲到未到"]
MINUTES = "大家對照保證條件逐條檢查，找出了問題，訂出了改進辦法。"
RESOLUTIONS = [
    ("開展增產節約運動", "各小組訂出增產節約計劃，月底前匯報執行情況。"),
    ("加強安全生產", "各小組檢查安全裝置，建立安全員制度，匯報檢查結果。"),
    ("推廣先進經驗", "各小組組織學習先進生產者的經驗，匯報學習與推廣情況。"),
    ("做好勞動保險工作", "各小組了解會員的困難，匯報勞保待遇落實情況。"),
]
REPORTS_UP = [
    ("situation", "本組生產情況", "本月完成計劃，廢品率下降。"),
    ("opinion", "對工具供應的意見", "工具室發刀具太慢，影響生產。"),
    ("suggestion", "關於交接班的建議", "建議交接班時填寫設備情況表。"),
]


class Moments:
    """Aware moments of days, made once each."""

    def __init__(self, now):
        self.now, self.made = now, {}

    def __call__(self, day, hour=18):
        key = (day, hour)
        if key not in self.made:
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
            self.made[key] = min(moment, self.now)
        return self.made[key]


def build_meetings(w, city, rng, report):
    meetings = w.table(
        Meeting,
        ["group", "kind", "study_topic", "title", "scheduled_on", "starts_at", "place", "status",
         "planned_by", "planned_at", "announced_on", "held_recorded_at", "summary",
         "summarised_at", "target_missed", "criticism", "causes", "remedies"],
    )  # fmt: skip
    agenda = w.table(AgendaItem, ["meeting", "position", "title", "topic", "minutes"])
    attendance = w.table(Attendance, ["meeting", "member", "status", "reason"])
    decisions = w.table(Decision, ["meeting", "text"])
    actions = w.table(
        ActionItem, ["meeting", "decision", "description", "owner", "due_on", "done_on"]
    )
    moment = Moments(w.now)
    today = city.today
    seven = datetime.time(19)
    for number, group in enumerate(city.groups):
        held_p, ahead_p, summary_p, present_p, done_p = PROFILE[group.kind]
        leader = city.leaders.get(group.pk)
        place = rng.choice(PLACES)
        for index, month in enumerate(city.months):
            kinds = ["group"]
            if index % 2 == 0:
                kinds.append("production")
            if index % 3 == 1:
                kinds.append("study")
            for kind in kinds:
                day = month + rng.randint(2, 26) * DAY
                topic = rng.choice(STUDY) if kind == "study" else ""
                title = f"{month.month}月{TITLES[kind]}"
                announced = None
                if day >= today:
                    status = "announced" if (day - today).days <= 3 else "planned"
                    if status == "announced":
                        announced = today
                    held = False
                else:
                    draw = rng.random()
                    announced = day - (rng.randint(2, 4) if draw < ahead_p else 1) * DAY
                    if draw > (ahead_p + 1) / 2:
                        announced = None
                    held = rng.random() < held_p
                    status = "planned" if announced is None else "announced"
                summarised = held and rng.random() < summary_p
                if held:
                    status = "summarised" if summarised else "held"
                missed = kind == "production" and held and rng.random() < 0.2
                meeting = meetings.add(
                    group.pk, kind, topic, title, day, seven, place, status, leader,
                    moment(day - 7 * DAY, 9), announced, moment(day, 21) if held else None,
                    "大家發言熱烈，決定按時完成保證條件。" if summarised else "",
                    moment(day + DAY, 9) if summarised else None, missed,
                    "組長檢討了檢查不夠的缺點。" if missed else "",
                    "刀具磨損沒有及時發現。" if missed else "",
                    "每班檢查刀具一次。" if missed else "",
                )  # fmt: skip
                for position, topic_ in enumerate(rng.sample(TOPICS, 2), start=1):
                    agenda.add(meeting, position, "", topic_, MINUTES if held else "")
                if not held:
                    continue
                for member in group.members:
                    draw = rng.random()
                    if draw < present_p:
                        attendance.add(meeting, member, "present", "")
                    elif draw < (present_p + 1) / 2:
                        attendance.add(meeting, member, "excused", "")
                    else:
                        attendance.add(meeting, member, "absent", rng.choice(REASONS))
                decision = decisions.add(meeting, rng.choice(DECISIONS))
                if kind != "study":
                    due = day + 14 * DAY
                    done = None
                    if due < today and rng.random() < done_p:
                        done = due - rng.randint(0, 6) * DAY
                    owner = rng.choice(group.members)
                    actions.add(meeting, decision, rng.choice(ACTIONS), owner, due, done)
        if number % 500 == 499:
            report(f"  meetings: {number + 1} of {len(city.groups)} groups")
    build_resolutions(w, city, rng, moment)
    build_reports_up(w, city, rng, moment)


def build_resolutions(w, city, rng, moment):
    """Every quarter each factory issues a resolution; every group of it reports."""
    resolutions = w.table(
        Resolution, ["factory", "title", "text", "issued_on", "due_on", "issued_by"]
    )
    reports = w.table(
        ResolutionReport, ["resolution", "group", "status", "note", "reported_at", "reported_by"]
    )
    by_factory = {}
    for group in city.groups:
        by_factory.setdefault(group.factory, []).append(group)
    today = city.today
    for factory, groups in by_factory.items():
        staff = city.staff.get(factory)
        for index, month in enumerate(city.months[::3]):
            title, text = RESOLUTIONS[index % len(RESOLUTIONS)]
            issued = month + 4 * DAY
            if issued > today:
                continue
            due = issued + 30 * DAY
            resolution = resolutions.add(factory, f"{title}（{month:%Y年%m月}）", text, issued,
                                         due, staff)  # fmt: skip
            for group in groups:
                done_p = PROFILE[group.kind][4]
                day = issued + rng.randint(5, 40) * DAY
                if day <= today and rng.random() < done_p:
                    reports.add(resolution, group.pk, "done", "已按決議執行。", moment(day, 17),
                                city.leaders.get(group.pk))  # fmt: skip
                elif rng.random() < 0.5 and issued + 7 * DAY <= today:
                    started = moment(issued + 7 * DAY, 17)
                    reports.add(resolution, group.pk, "in_progress", "正在執行。", started,
                                city.leaders.get(group.pk))  # fmt: skip
                else:
                    reports.add(resolution, group.pk, "not_started", "", None, None)


def build_reports_up(w, city, rng, moment):
    """Every group sends a report up once a year; most are read and answered."""
    reports = w.table(
        GroupReport,
        ["group", "kind", "subject", "text", "sent_at", "read_at", "answer", "answered_at"],
    )
    today = city.today
    for group in city.groups:
        for year_start in city.months[::12]:
            kind, subject, text = rng.choice(REPORTS_UP)
            day = year_start + rng.randint(0, 300) * DAY
            if day >= today:
                continue
            answered = day + 10 * DAY < today and rng.random() < 0.8
            reports.add(
                group.pk, kind, subject, text, moment(day, 10),
                moment(day + 3 * DAY, 10) if answered else None,
                "已轉工具科解決。" if answered else "",
                moment(day + 5 * DAY, 10) if answered else None,
            )  # fmt: skip
