"""factory-boy factories for the meetings app. The group (and the organisation above it) comes
from tests.factories; a member attending or owning an action item belongs to the meeting's group,
and a group reporting on a resolution to the resolution's factory, unless told otherwise."""

import datetime

import factory as fb
from django.utils import timezone

from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    GroupReport,
    Meeting,
    Resolution,
    ResolutionReport,
)
from tests.factories import (
    FactoryUnionFactory,
    MemberFactory,
    UnionGroupFactory,
)

DAY = datetime.timedelta(days=1)


class MeetingFactory(fb.django.DjangoModelFactory):
    """A planned union group meeting a week from today. The traits move it along its steps:
    ``announced`` (notice three days ahead), ``held`` and ``summarised``."""

    class Meta:
        model = Meeting

    class Params:
        announced = fb.Trait(
            status=Meeting.Status.ANNOUNCED,
            announced_on=fb.LazyAttribute(lambda m: m.scheduled_on - 3 * DAY),
        )
        held = fb.Trait(
            status=Meeting.Status.HELD,
            scheduled_on=fb.LazyFunction(lambda: timezone.localdate() - 7 * DAY),
            announced_on=fb.LazyAttribute(lambda m: m.scheduled_on - 3 * DAY),
            held_recorded_at=fb.LazyFunction(timezone.now),
        )
        summarised = fb.Trait(
            held=True,
            status=Meeting.Status.SUMMARISED,
            summary=fb.Sequence(lambda n: f"總結{n}"),
            summarised_at=fb.LazyFunction(timezone.now),
        )

    group = fb.SubFactory(UnionGroupFactory)
    kind = Meeting.Kind.GROUP
    title = fb.Sequence(lambda n: f"小組會{n}")
    scheduled_on = fb.LazyFunction(lambda: timezone.localdate() + 7 * DAY)
    place = "車間休息室"


class AgendaItemFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = fb.SubFactory(MeetingFactory)
    position = fb.Sequence(lambda n: n + 1)
    title = fb.Sequence(lambda n: f"議程{n}")


class AttendanceFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = fb.SubFactory(MeetingFactory, held=True)
    member = fb.SubFactory(MemberFactory, group=fb.SelfAttribute("..meeting.group"))
    status = Attendance.Status.PRESENT


class ActionItemFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = fb.SubFactory(MeetingFactory, held=True)
    description = fb.Sequence(lambda n: f"措施{n}")
    owner = fb.SubFactory(MemberFactory, group=fb.SelfAttribute("..meeting.group"))
    due_on = fb.LazyAttribute(lambda a: a.meeting.scheduled_on + 14 * DAY)


class ResolutionFactory(fb.django.DjangoModelFactory):
    """A resolution of a factory union (no workshop), issued today, reports due in ten days."""

    class Meta:
        model = Resolution

    factory = fb.SubFactory(FactoryUnionFactory)
    workshop = None
    title = fb.Sequence(lambda n: f"決議{n}")
    text = "各小組訂出保證計劃。"
    issued_on = fb.LazyFunction(timezone.localdate)
    due_on = fb.LazyAttribute(lambda r: r.issued_on + 10 * DAY)


class ResolutionReportFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = ResolutionReport

    resolution = fb.SubFactory(ResolutionFactory)
    group = fb.SubFactory(
        UnionGroupFactory, workshop__factory=fb.SelfAttribute("...resolution.factory")
    )
    status = ResolutionReport.Status.NOT_STARTED


class GroupReportFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = GroupReport

    group = fb.SubFactory(UnionGroupFactory)
    kind = GroupReport.Kind.SITUATION
    subject = fb.Sequence(lambda n: f"情況反映{n}")
    text = "小組的情況。"
