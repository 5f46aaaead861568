from django.urls import path

from roster import sign_ins, views

app_name = "roster"
urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("factories/<int:pk>/", views.roster_upload, name="upload"),
    path("factories/<int:pk>/template.xlsx", views.roster_template, name="template"),
    path("factories/<int:pk>/members.<str:fmt>", views.roster_export, name="export"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/sign-ins/", sign_ins.import_sign_ins, name="import_sign_ins"),
]
