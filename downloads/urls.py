from django.urls import path

from downloads import views

app_name = "downloads"
urlpatterns = [
    path("", views.download_list, name="list"),
    path("<int:pk>/", views.download_detail, name="detail"),
    path("<int:pk>/file", views.download_file, name="file"),
]
