"""The combined pages of the organisation: they keep the URL names of the groups app (the project
URLconf serves them in its namespace)."""

from django.urls import path

from pages import views

organisation_pages = [
    path("factories/<int:pk>/", views.factory_detail, name="factory_detail"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop_detail"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
]
