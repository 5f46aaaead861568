"""A meeting from plan to printed record, a resolution down and its reports up, through the pages
as a group leader and factory staff use them."""

import datetime

from django.urls import reverse
from django.utils import timezone

from groups.models import Role
from meetings.models import Attendance, GroupReport, Meeting, Resolution, ResolutionReport
from tests.factories import MemberFactory

TODAY = timezone.localdate()


def plan(client, group, **changes):
    data = {
        "kind": "production",
        "title": "十一月生產會議",
        "scheduled_on": TODAY.isoformat(),
        "starts_at": "17:30",
        "place": "金工車間休息室",
        "topics": ["guarantee_plan", "quality"],
        "agenda": "討論廢品原因\n",
    }
    data.update(changes)
    return client.post(reverse("meetings:meeting_create", args=[group.pk]), data)


def test_it_takes_a_production_meeting_from_plan_to_record(alice_client, world):
    member = MemberFactory(group=world.group_a, name="李秀英")
    response = plan(alice_client, world.group_a)
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    labels = [str(item.label) for item in meeting.agenda_items.all()]
    assert labels == ["Guarantee plan", "Quality check", "討論廢品原因"]

    url = reverse("meetings:meeting_announce", args=[meeting.pk])
    alice_client.post(url, {"announced_on": (TODAY - datetime.timedelta(days=3)).isoformat()})
    meeting.refresh_from_db()
    assert meeting.status == "announced" and meeting.announced_ahead
    assert meeting.announced_by.username == "alice"

    url = reverse("meetings:meeting_attendance", args=[meeting.pk])
    leader = world.leader_a
    data = {
        f"status_{leader.pk}": "present",
        f"status_{member.pk}": "absent",
        f"reason_{member.pk}": "",
    }
    page = alice_client.post(url, data).content.decode()
    assert "Give the reason for the absence." in page
    data[f"reason_{member.pk}"] = "病假"
    alice_client.post(url, data)
    meeting.refresh_from_db()
    assert meeting.status == "held"
    assert set(meeting.attendances.values_list("member__name", "status")) == {
        ("韓潤", "present"),
        ("李秀英", "absent"),
    }

    items = list(meeting.agenda_items.all())
    url = reverse("meetings:meeting_minutes", args=[meeting.pk])
    data = {f"item_{i.pk}": f"記錄{i.position}" for i in items}
    data.update({"target_missed": "on", "criticism": "自我批評", "causes": "", "remedies": ""})
    page = alice_client.post(url, data).content.decode()
    assert "Record this when a target was missed." in page
    data.update({"causes": "砂型不乾", "remedies": "延長烘乾時間"})
    assert alice_client.post(url, data).status_code == 302

    alice_client.post(
        reverse("meetings:decision_create", args=[meeting.pk]), {"text": "開展無廢品競賽"}
    )
    url = reverse("meetings:action_item_create", args=[meeting.pk])
    early = (TODAY - datetime.timedelta(days=1)).isoformat()
    page = alice_client.post(url, {"description": "檢查烘爐", "owner": member.pk, "due_on": early})
    assert "The action cannot be due before the meeting" in page.content.decode()
    later = (TODAY + datetime.timedelta(days=7)).isoformat()
    alice_client.post(url, {"description": "檢查烘爐", "owner": member.pk, "due_on": later})

    url = reverse("meetings:meeting_summary", args=[meeting.pk])
    alice_client.post(url, {"summary": "會議準備充分，找出了廢品原因。"})
    meeting.refresh_from_db()
    assert meeting.status == "summarised" and meeting.summarised_by.username == "alice"

    printed = alice_client.get(
        reverse("meetings:meeting_print", args=[meeting.pk])
    ).content.decode()
    for text in (
        "十一月生產會議",
        "李秀英",
        "病假",
        "開展無廢品競賽",
        "檢查烘爐",
        "延長烘乾時間",
        "會議準備充分",
    ):
        assert text in printed
    group_page = alice_client.get(world.group_a.get_absolute_url()).content.decode()
    assert "檢查烘爐" in group_page


def test_it_refuses_a_summary_before_the_meeting_was_held(alice_client, world):
    plan(alice_client, world.group_a, scheduled_on=(TODAY + datetime.timedelta(days=5)).isoformat())
    meeting = Meeting.objects.get()
    url = reverse("meetings:meeting_summary", args=[meeting.pk])
    page = alice_client.post(url, {"summary": "提前寫的總結"}).content.decode()
    assert "The summary is written after the meeting" in page
    assert "提前寫的總結" in page
    meeting.refresh_from_db()
    assert meeting.status == "planned" and meeting.summary == ""


def test_it_refuses_attendance_for_someone_outside_the_group(alice_client, world):
    plan(alice_client, world.group_a)
    meeting = Meeting.objects.get()
    url = reverse("meetings:meeting_attendance", args=[meeting.pk])
    data = {f"status_{world.leader_a.pk}": "present", f"status_{world.leader_b.pk}": "present"}
    page = alice_client.post(url, data).content.decode()
    # Named by the number sent: the name of a member of another factory is not alice's to read.
    assert f"Not members of this group: #{world.leader_b.pk}." in page
    assert "溫小清" not in page
    assert not Attendance.objects.exists()


def test_it_starts_the_elected_leaders_term_and_ends_the_old_one(alice_client, world):
    newcomer = MemberFactory(group=world.group_a, name="張德明")
    plan(alice_client, world.group_a, kind="election", title="改選", topics=[], agenda="選舉小組長")
    meeting = Meeting.objects.get()
    alice_client.post(
        reverse("meetings:meeting_attendance", args=[meeting.pk]),
        {f"status_{world.leader_a.pk}": "present", f"status_{newcomer.pk}": "present"},
    )
    url = reverse("meetings:election_record", args=[meeting.pk])
    data = {
        "candidates-TOTAL_FORMS": "2",
        "candidates-INITIAL_FORMS": "0",
        "candidates-0-member": newcomer.pk,
        "candidates-0-office": "union_leader",
        "candidates-0-votes": "9",
        "candidates-0-elected": "on",
        "candidates-1-member": world.leader_a.pk,
        "candidates-1-office": "union_leader",
        "candidates-1-votes": "5",
        "candidates-1-elected": "on",
    }
    page = alice_client.post(url, data).content.decode()
    assert "Only one union group leader can be elected." in page
    del data["candidates-1-elected"]
    assert alice_client.post(url, data).status_code == 302
    leaders = Role.objects.filter(group=world.group_a, kind="union_leader")
    assert leaders.current().get().member == newcomer
    assert leaders.get(member=world.leader_a).ended_on == TODAY


def test_it_carries_a_resolution_down_and_the_reports_up(charlie_client, alice_client, world):
    url = reverse("meetings:resolution_create")
    due = (TODAY + datetime.timedelta(days=10)).isoformat()
    data = {
        "title": "開展無廢品競賽",
        "text": "各小組訂出保證計劃。",
        "issued_on": TODAY.isoformat(),
        "due_on": due,
    }
    response = charlie_client.post(url, data)
    resolution = Resolution.objects.get()
    assert response["Location"] == resolution.get_absolute_url()
    assert set(resolution.reports.values_list("group__name", flat=True)) == {
        "韓潤小組",
        "杜鳴舉小組",
    }

    report = ResolutionReport.objects.get(group=world.group_a)
    url = reverse("meetings:resolution_report_edit", args=[report.pk])
    page = alice_client.post(url, {"status": "done", "note": ""}).content.decode()
    assert "Say how the resolution was carried out." in page
    alice_client.post(url, {"status": "done", "note": "訂出了保證計劃"})
    page = charlie_client.get(resolution.get_absolute_url()).content.decode()
    assert "訂出了保證計劃" in page
    assert "1 of 2 groups have carried it out" in page

    url = reverse("meetings:report_create", args=[world.group_a.pk])
    alice_client.post(url, {"kind": "opinion", "subject": "宿舍漏雨", "text": "三號宿舍屋頂漏雨。"})
    report_up = GroupReport.objects.get()
    inbox = charlie_client.get(reverse("meetings:report_list")).content.decode()
    assert "宿舍漏雨" in inbox
    charlie_client.post(
        reverse("meetings:report_answer", args=[report_up.pk]), {"answer": "已通知總務科修理。"}
    )
    page = alice_client.get(report_up.get_absolute_url()).content.decode()
    assert "已通知總務科修理。" in page
