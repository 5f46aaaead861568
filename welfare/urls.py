from django.urls import path

from welfare.views import activities, cases, summary

app_name = "welfare"
urlpatterns = [
    path("cases/", cases.case_list, name="case_list"),
    path("cases/export.csv", cases.case_export, name="case_export"),
    path("groups/<int:group_pk>/cases/new/", cases.case_create, name="case_create"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<int:pk>/follow-up/", cases.case_follow_up, name="case_follow_up"),
    path("cases/<int:pk>/move/<str:to_status>/", cases.case_move, name="case_move"),
    path("cases/<int:pk>/void/", cases.case_void, name="case_void"),
    path("cases/<int:pk>/actions/<str:kind>/new/", cases.action_create, name="action_create"),
    path("actions/<int:pk>/delete/", cases.action_delete, name="action_delete"),
    path("cases/<int:pk>/actions/deleted/", cases.actions_deleted, name="actions_deleted"),
    path("cases/<int:pk>/actions/restore/", cases.action_restore, name="action_restore"),
    path("cases/<int:pk>/claims/new/", cases.claim_create, name="claim_create"),
    path("claims/<int:pk>/edit/", cases.claim_edit, name="claim_edit"),
    path("figures/", summary.figures_page, name="figures"),
    path("figures/export.csv", summary.figures_export, name="figures_export"),
    path("groups/<int:group_pk>/activities/", activities.activity_list, name="activity_list"),
    path(
        "groups/<int:group_pk>/activities/new/", activities.activity_create, name="activity_create"
    ),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", activities.activity_delete, name="activity_delete"),
    path(
        "groups/<int:group_pk>/activities/deleted/",
        activities.activities_deleted,
        name="activities_deleted",
    ),
    path(
        "groups/<int:group_pk>/activities/restore/",
        activities.activity_restore,
        name="activity_restore",
    ),
]
