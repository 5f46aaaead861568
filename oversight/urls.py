from django.urls import path

from oversight import views

app_name = "oversight"

urlpatterns = [
    path("assessments/", views.assessment_list, name="assessment_list"),
    path("assessments/export.<str:fmt>", views.assessment_export, name="assessment_export"),
    path("assessments/groups.<str:fmt>", views.group_export, name="group_export"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/void/", views.assessment_void, name="assessment_void"),
    path(
        "periods/<int:period>/groups/<int:group>/assess/",
        views.assessment_form,
        name="assess",
    ),
    path("members.<str:fmt>", views.member_export, name="member_export"),
    path("experience/", views.experience_list, name="experience_list"),
    path("experience/new/", views.experience_form, name="experience_new"),
    path("experience/<int:pk>/", views.experience_detail, name="experience_detail"),
    path("experience/<int:pk>/edit/", views.experience_form, name="experience_edit"),
    path("booklet/", views.booklet, name="booklet"),
]
