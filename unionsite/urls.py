from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from groups import urls as groups_urls
from groups.admin_filters import guard_changelists
from pages import search as pages_search
from pages import urls as pages_urls
from pages import views as pages_views

# Every app has registered its admins by now (the URLconf loads after the apps are ready).
guard_changelists(admin.site)

urlpatterns = [
    path("", pages_views.home, name="home"),
    path("search/", pages_search.search, name="search"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language can be chosen on the sign-in page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # The organisation's pages: the groups app's own and the combined factory, workshop and group
    # pages of the top layer, under one namespace.
    path("", include((groups_urls.urlpatterns + pages_urls.organisation_pages, "groups"))),
    path("meetings/", include("meetings.urls")),
    path("competitions/", include("competitions.urls")),
    path("welfare/", include("welfare.urls")),
    path("oversight/", include("oversight.urls")),
    path("roster/", include("roster.urls")),
    path("dues/", include("dues.urls")),
    path("downloads/", include("downloads.urls")),
    path("notifications/", include("notifications.urls")),
]

handler400 = "unionsite.errors.bad_request"
handler500 = "unionsite.errors.server_error"
