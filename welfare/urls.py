from django.urls import path

from welfare import views

app_name = "welfare"
urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/export.csv", views.case_export, name="case_export"),
    path("groups/<int:group_pk>/cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/follow-up/", views.case_follow_up, name="case_follow_up"),
    path("cases/<int:pk>/move/<str:to_status>/", views.case_move, name="case_move"),
    path("cases/<int:pk>/void/", views.case_void, name="case_void"),
    path("cases/<int:pk>/actions/<str:kind>/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
    path("cases/<int:pk>/actions/deleted/", views.actions_deleted, name="actions_deleted"),
    path("cases/<int:pk>/actions/restore/", views.action_restore, name="action_restore"),
    path("cases/<int:pk>/claims/new/", views.claim_create, name="claim_create"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("figures/", views.figures_page, name="figures"),
    path("figures/export.csv", views.figures_export, name="figures_export"),
    path("groups/<int:group_pk>/activities/", views.activity_list, name="activity_list"),
    path("groups/<int:group_pk>/activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path(
        "groups/<int:group_pk>/activities/deleted/",
        views.activities_deleted,
        name="activities_deleted",
    ),
    path(
        "groups/<int:group_pk>/activities/restore/",
        views.activity_restore,
        name="activity_restore",
    ),
]
