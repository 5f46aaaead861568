"""Meetings of a union group, resolutions carried down to the groups and reports carried up.

A good group "never holds an unprepared meeting": the agenda is announced in advance, the leader
prepares, and writes a summary afterwards. A meeting therefore moves through planned → announced
→ held → summarised, and each step keeps who took it and when."""

from meetings.models.meetings import (
    ANNOUNCE_AHEAD_DAYS,
    ActionItem,
    ActionItemQuerySet,
    AgendaItem,
    Attendance,
    AttendanceQuerySet,
    Decision,
    Meeting,
    MeetingQuerySet,
    Preparedness,
)
from meetings.models.resolutions import (
    Candidate,
    GroupReport,
    GroupReportQuerySet,
    Resolution,
    ResolutionQuerySet,
    ResolutionReport,
    ResolutionReportQuerySet,
)

__all__ = [
    "ANNOUNCE_AHEAD_DAYS",
    "ActionItem",
    "ActionItemQuerySet",
    "AgendaItem",
    "Attendance",
    "AttendanceQuerySet",
    "Candidate",
    "Decision",
    "GroupReport",
    "GroupReportQuerySet",
    "Meeting",
    "MeetingQuerySet",
    "Preparedness",
    "Resolution",
    "ResolutionQuerySet",
    "ResolutionReport",
    "ResolutionReportQuerySet",
]
