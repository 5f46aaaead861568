from django.urls import path

from meetings.views import meetings, record, reports, resolutions

app_name = "meetings"
urlpatterns = [
    path("group/<int:group_pk>/", meetings.group_meetings, name="group_meetings"),
    path("group/<int:group_pk>/new/", meetings.meeting_create, name="meeting_create"),
    path("<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("<int:pk>/print/", meetings.meeting_print, name="meeting_print"),
    path("<int:pk>/announce/", meetings.meeting_announce, name="meeting_announce"),
    path("<int:pk>/record/", record.meeting_record_page, name="meeting_record"),
    path("<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("<int:pk>/summary/", meetings.meeting_summary, name="meeting_summary"),
    path("<int:pk>/decisions/new/", meetings.decision_create, name="decision_create"),
    path("<int:pk>/actions/new/", meetings.action_item_create, name="action_item_create"),
    path("<int:pk>/election/", meetings.election_record, name="election_record"),
    path("<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("actions/<int:pk>/done/", meetings.action_item_done, name="action_item_done"),
    path("resolutions/", resolutions.resolution_list, name="resolution_list"),
    path("resolutions/new/", resolutions.resolution_create, name="resolution_create"),
    path("resolutions/<int:pk>/", resolutions.resolution_detail, name="resolution_detail"),
    path(
        "resolutions/reports/<int:pk>/",
        resolutions.resolution_report_edit,
        name="resolution_report_edit",
    ),
    path("reports/", reports.report_list, name="report_list"),
    path("reports/group/<int:group_pk>/new/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/read/", reports.report_read, name="report_read"),
    path("reports/<int:pk>/answer/", reports.report_answer, name="report_answer"),
]
