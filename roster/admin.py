from django.contrib import admin

from groups.admin import ScopedAdmin
from groups.admin_filters import date_range
from roster.models import RosterImport


@admin.register(RosterImport)
class RosterImportAdmin(ScopedAdmin):
    """The log of roster imports, read-only: an import is made and confirmed on the site."""

    list_display = ["file_name", "factory", "workshop", "status", "uploaded_by", "uploaded_at"]
    list_filter = [date_range("uploaded_at"), "status"]
    list_select_related = ["factory", "workshop", "uploaded_by"]
    search_fields = ["file_name"]
    exclude = ["rows"]
    readonly_fields = [
        "factory",
        "workshop",
        "file_name",
        "status",
        "notes",
        "counts",
        "left_on",
        "uploaded_by",
        "uploaded_at",
        "imported_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
