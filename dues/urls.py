from django.urls import path

from dues import views

app_name = "dues"
urlpatterns = [
    path("groups/<int:pk>/", views.dues_sheet, name="sheet"),
    path("groups/<int:pk>/mark/", views.dues_mark, name="mark"),
    path("groups/<int:pk>/all-paid/", views.dues_all_paid, name="all_paid"),
    path("groups/<int:pk>/close/", views.dues_close, name="close"),
    path("rates/", views.dues_rates, name="rates"),
    path("mine/", views.my_dues, name="mine"),
    path("factories/<int:pk>/statement/", views.remittance_statement, name="statement"),
]
