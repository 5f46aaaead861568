from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from groups.admin_filters import guard_changelists
from oversight import views as oversight_views

# Every app has registered its admins by now (the URLconf loads after the apps are ready).
guard_changelists(admin.site)

urlpatterns = [
    path("", oversight_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language can be chosen on the sign-in page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("groups.urls")),
    path("meetings/", include("meetings.urls")),
    path("competitions/", include("competitions.urls")),
    path("welfare/", include("welfare.urls")),
    path("oversight/", include("oversight.urls")),
]

handler400 = "unionsite.errors.bad_request"
handler500 = "unionsite.errors.server_error"
