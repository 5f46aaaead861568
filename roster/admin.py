"""The roster imports in the back office: the log, read-only, and the city federation's (and a
superuser's) way to import a factory's roster there: choose the factory, upload, preview, confirm,
through the same reading, plan and service as the site's pages."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groups.access import get_for_user
from groups.admin import ScopedAdmin
from groups.admin_filters import date_range
from groups.capabilities import Capability, user_can
from groups.forms import refusals_into
from groups.once import once
from groups.people import named
from roster import services
from roster.forms import AdminUploadForm, ConfirmForm
from roster.models import RosterImport
from roster.reading import FileError
from roster.views import READ_MESSAGE, preview


@admin.register(RosterImport)
class RosterImportAdmin(ScopedAdmin):
    """The log of roster imports, read-only; "Import a roster" leads to the upload."""

    list_display = ["file_name", "factory", "workshop", "status", "uploaded_by", "uploaded_at"]
    list_filter = [date_range("uploaded_at"), "status"]
    list_select_related = ["factory", "workshop", *named("uploaded_by")]
    search_fields = ["file_name"]
    exclude = ["rows", "members"]
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

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            # A second send of either form (a double click) is led where the first one went.
            path("upload/", view(once(self.upload_view)), name="roster_rosterimport_upload"),
            path(
                "<int:pk>/preview/",
                view(once(self.preview_view)),
                name="roster_rosterimport_preview",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        context = {
            "may_import": user_can(request.user, Capability.IMPORT_ROSTER),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def upload_view(self, request):
        if not user_can(request.user, Capability.IMPORT_ROSTER):
            raise PermissionDenied
        form = AdminUploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            factory = form.cleaned_data["factory"]
            if not user_can(request.user, Capability.IMPORT_ROSTER, factory):
                raise PermissionDenied
            try:
                record = services.roster_read(
                    factory=factory,
                    workshop=services.importers_workshop(request.user),
                    upload=form.cleaned_data["file"],
                    user=request.user,
                )
            except FileError as error:
                form.add_error("file", str(error))
            else:
                self.message_user(request, READ_MESSAGE, messages.SUCCESS)
                return redirect("admin:roster_rosterimport_preview", record.pk)
        context = self._context(request, _("Import a roster"), form=form)
        status = 400 if form.errors else 200
        return TemplateResponse(request, "admin/roster/upload.html", context, status=status)

    def preview_view(self, request, pk):
        queryset = RosterImport.objects.select_related("factory", "workshop", *named("uploaded_by"))
        record = get_for_user(queryset, request.user, pk, need=Capability.IMPORT_ROSTER)
        done = reverse("admin:roster_rosterimport_change", args=[record.pk])
        if record.status != RosterImport.Status.PREVIEWED:
            return redirect(done)
        context = self._context(
            request,
            record.file_name,
            record=record,
            # How many wages a file changes would tell a wage: the factory's staff's to know.
            may_see_wages=user_can(request.user, Capability.MANAGE_GROUPS, record.factory),
            **preview(record),
        )
        if request.method == "POST":
            form = ConfirmForm(request.POST)
            if form.is_valid():
                with refusals_into(form) as call:
                    record = services.roster_import(
                        record=record,
                        user=request.user,
                        left_on=form.left_on_date(),
                        missing_digest=form.cleaned_data["missing"],
                    )
                if call.done:
                    created = record.counts["created"]
                    self.message_user(
                        request,
                        ngettext(
                            "The roster is imported: %(created)d member added, %(updated)d "
                            "updated.",
                            "The roster is imported: %(created)d members added, %(updated)d "
                            "updated.",
                            created,
                        )
                        % {"created": created, "updated": record.counts["updated"]},
                        messages.SUCCESS,
                    )
                    return redirect(done)
            context["form"] = form
        return TemplateResponse(request, "admin/roster/preview.html", context)
