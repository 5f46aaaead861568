from django.contrib import admin

from groups.admin import ReadOnlyForFederationInline, ScopedAdmin, ScopedHistoryAdmin
from groups.admin_filters import VisibleRelatedFilter, date_range
from groups.scoping import Level
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


class AgendaItemInline(ReadOnlyForFederationInline, admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(ReadOnlyForFederationInline, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["member"]


class DecisionInline(ReadOnlyForFederationInline, admin.TabularInline):
    model = Decision
    extra = 0


class ActionItemInline(ReadOnlyForFederationInline, admin.TabularInline):
    model = ActionItem
    extra = 0
    autocomplete_fields = ["owner"]


@admin.register(Meeting)
class MeetingAdmin(ScopedHistoryAdmin):
    list_display = ["title", "group", "kind", "scheduled_on", "status", "announced_on"]
    list_filter = [
        date_range("scheduled_on"),
        "kind",
        "status",
        ("group__workshop__factory", VisibleRelatedFilter),
    ]
    list_select_related = ["group"]
    search_fields = ["title", "group__name"]
    autocomplete_fields = ["group"]
    readonly_fields = [
        "planned_by",
        "planned_at",
        "announced_by",
        "held_recorded_by",
        "held_recorded_at",
        "summarised_by",
        "summarised_at",
    ]
    inlines = [AgendaItemInline, AttendanceInline, DecisionInline, ActionItemInline]


@admin.register(ActionItem)
class ActionItemAdmin(ScopedHistoryAdmin):
    list_display = ["description", "owner", "meeting", "due_on", "done_on"]
    list_filter = [("done_on", admin.EmptyFieldListFilter)]
    list_select_related = ["owner", "meeting"]
    search_fields = ["description", "owner__name"]
    autocomplete_fields = ["meeting", "owner"]


class ResolutionReportInline(ReadOnlyForFederationInline, admin.TabularInline):
    model = ResolutionReport
    extra = 0
    autocomplete_fields = ["group", "meeting"]
    readonly_fields = ["reported_at", "reported_by"]


@admin.register(Resolution)
class ResolutionAdmin(ScopedHistoryAdmin):
    list_display = ["title", "factory", "workshop", "issued_on", "due_on"]
    list_filter = [("factory", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["factory", "workshop"]
    search_fields = ["title"]
    autocomplete_fields = ["factory", "workshop"]
    readonly_fields = ["issued_by"]
    inlines = [ResolutionReportInline]
    write_levels = (Level.FACTORY, Level.WORKSHOP)


@admin.register(ResolutionReport)
class ResolutionReportAdmin(ScopedHistoryAdmin):
    list_display = ["resolution", "group", "status", "reported_at"]
    list_filter = ["status"]
    list_select_related = ["resolution", "group"]
    search_fields = ["resolution__title", "group__name"]
    autocomplete_fields = ["resolution", "group", "meeting"]
    readonly_fields = ["reported_at", "reported_by"]


@admin.register(GroupReport)
class GroupReportAdmin(ScopedHistoryAdmin):
    list_display = ["subject", "group", "kind", "sent_at", "read_at", "answered_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["group"]
    search_fields = ["subject", "group__name"]
    autocomplete_fields = ["group"]
    readonly_fields = ["sent_by", "read_by", "answered_by"]


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdmin):
    list_display = ["member", "meeting", "status"]
    list_filter = ["status"]
    list_select_related = ["member", "meeting"]
    search_fields = ["member__name", "meeting__title"]
    autocomplete_fields = ["meeting", "member"]
