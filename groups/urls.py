"""The organisation's own pages: lists, members and roles, archiving. The factory, workshop and
group pages, which combine every app, are the top layer's (pages.urls), in this namespace."""

from django.urls import path

from groups import views

app_name = "groups"
urlpatterns = [
    path("factories/", views.factory_list, name="factory_list"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<int:pk>/archive/", views.group_archive, name="group_archive"),
    path("groups/<int:pk>/restore/", views.group_restore, name="group_restore"),
    path("groups/<int:group_pk>/members/add/", views.member_create, name="member_create"),
    path("groups/<int:group_pk>/roles/add/", views.role_create, name="role_create"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/move/", views.member_move, name="member_move"),
    path("roles/<int:pk>/end/", views.role_end, name="role_end"),
]
