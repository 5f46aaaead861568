"""The city federation's back office: assessment periods, the review of the assessments (one by
one or in bulk), the distribution report and the choice of typical experience. Assessments are
made on the site by factory and workshop staff; here the federation reads them, with the
evidence, and confirms or returns them."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups.admin import ScopedHistoryAdmin
from groups.admin_filters import VisibleRelatedFilter
from groups.capabilities import Capability, user_can
from groups.export import table_response
from groups.kept import kept, kept_context
from groups.models import WorkshopUnion
from groups.params import parse_id
from groups.replica import reads_from_replica
from groups.scoping import user_scope
from oversight import evidence, reports, services
from oversight.exports import assessment_table
from oversight.models import (
    Assessment,
    AssessmentPeriod,
    Experience,
    GroupClass,
)


class ReviewerAdminMixin:
    """Shown to the federation and superusers only; factory and workshop staff use the site."""

    def has_module_permission(self, request):
        return user_can(request.user, Capability.REVIEW)

    def has_view_permission(self, request, obj=None):
        return user_can(request.user, Capability.REVIEW)


class WorkshopFilter(admin.SimpleListFilter):
    """The workshops of the factory chosen in the factory filter (a city has too many to list)."""

    title = gettext_lazy("workshop union")
    parameter_name = "workshop"

    def lookups(self, request, model_admin):
        factory = parse_id(request.GET.get("group__workshop__factory__id__exact"))
        if factory is None:
            return []
        workshops = WorkshopUnion.objects.visible_to(request.user).filter(factory=factory)
        return [(str(w.pk), w.name) for w in workshops]

    def queryset(self, request, queryset):
        if workshop := parse_id(self.value()):
            return queryset.filter(group__workshop=workshop)
        return queryset


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class ConfirmForm(forms.Form):
    group_class = forms.TypedChoiceField(
        label=gettext_lazy("Confirmed class"), choices=GroupClass.choices, coerce=int
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for another class"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=gettext_lazy("Needed only when the class differs from the one proposed."),
    )


@admin.register(AssessmentPeriod)
class AssessmentPeriodAdmin(ReviewerAdminMixin, ScopedHistoryAdmin):
    list_display = ["name", "starts_on", "ends_on", "status", "federation"]
    list_filter = ["status"]
    actions = ["close_periods"]

    def _may_write(self, request, obj=None):
        return user_can(request.user, Capability.REVIEW)

    def get_fields(self, request, obj=None):
        fields = ["name", "starts_on", "ends_on", "status"]
        return ["federation", *fields] if request.user.is_superuser else fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser:
            return form
        federation_id = user_scope(request.user).federation_id

        class ScopedPeriodForm(form):
            """The federation is the reviewer's own, not a field of the form: set on the
            instance before validation so that a name used twice is a form error (the unique
            constraint names the federation) rather than an IntegrityError."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.instance.federation_id is None:
                    self.instance.federation_id = federation_id

            def _get_validation_exclusions(self):
                return super()._get_validation_exclusions() - {"federation"}

        return ScopedPeriodForm

    def get_readonly_fields(self, request, obj=None):
        # A period opens on creation and closes by the action; once groups are assessed in it,
        # its dates are what their evidence was computed for.
        if obj is None:
            return ["status"]
        if Assessment.all_objects.filter(period=obj).exists():  # voided ones were computed too
            return ["federation", "starts_on", "ends_on", "status"]
        return ["federation", "status"]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting would bring back dates or a status outside the rules above.
        raise PermissionDenied

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.federation_id = user_scope(request.user).federation_id
            obj.opened_by = request.user
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Close the selected periods"))
    def close_periods(self, request, queryset):
        services.close_periods(queryset=queryset, user=request.user)
        self.message_user(request, _("Periods closed: no more assessments are made in them."))


@admin.register(Assessment)
class AssessmentAdmin(ReviewerAdminMixin, ScopedHistoryAdmin):
    list_display = [
        "group",
        "workshop",
        "factory",
        "period",
        "proposed_class",
        "confirmed_class",
        "status",
        "submitted_at",
    ]
    list_filter = [
        ("period", VisibleRelatedFilter),
        ("group__workshop__factory", VisibleRelatedFilter),
        WorkshopFilter,
        "proposed_class",
        "status",
    ]
    list_select_related = ["group__workshop__factory", "period"]
    search_fields = ["group__name"]
    actions = ["confirm_selected", "return_selected", "export_csv", "export_xlsx"]
    change_form_template = "admin/oversight/assessment/change_form.html"
    change_list_template = "admin/oversight/assessment/change_list.html"
    write_levels = ()

    def get_queryset(self, request):
        # Drafts are the assessor's own business until submitted.
        return super().get_queryset(request).exclude(status=Assessment.Status.DRAFT)

    @admin.display(description=gettext_lazy("workshop union"), ordering="group__workshop__name")
    def workshop(self, obj):
        return obj.group.workshop

    @admin.display(
        description=gettext_lazy("factory union"), ordering="group__workshop__factory__name"
    )
    def factory(self, obj):
        return obj.group.workshop.factory

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read only: the review goes through its own forms, which keep who and why.
        return False

    def get_urls(self):
        urls = super().get_urls()
        view = self.admin_site.admin_view
        return [
            path(
                "report/",
                # A long read a few seconds' lag does not harm: from the replica, if there is one.
                view(reads_from_replica(self.report_view)),
                name="oversight_assessment_report",
            ),
            path("<path:object_id>/confirm/", view(self.confirm_view), name="oversight_confirm"),
            path("<path:object_id>/return/", view(self.return_view), name="oversight_return"),
            *urls,
        ]

    def _get(self, request, object_id):
        if not user_can(request.user, Capability.REVIEW):
            raise PermissionDenied
        obj = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        if obj is None:
            raise Http404
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self._get(request, object_id)
        context = {
            "criteria": evidence.rated_criteria(request.user, obj),
            "assessment": obj,
            "confirm_form": ConfirmForm(
                initial={"group_class": obj.proposed_class}, prefix="confirm"
            ),
            "return_form": ReturnForm(prefix="return"),
            "may_review": obj.status == Assessment.Status.SUBMITTED,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)

    def _review(self, request, object_id, form_class, prefix, act):
        obj = self._get(request, object_id)
        change_url = reverse("admin:oversight_assessment_change", args=[obj.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        form = form_class(request.POST, prefix=prefix)
        if form.is_valid():
            try:
                act(obj, form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(change_url)
            return HttpResponseRedirect(
                reverse("admin:oversight_assessment_changelist") + "?status__exact=submitted"
            )
        for errors in form.errors.values():
            for message in errors:
                self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(change_url)

    def confirm_view(self, request, object_id):
        def act(obj, data):
            services.confirm(
                assessment=obj,
                user=request.user,
                group_class=data["group_class"],
                reason=data["reason"],
            )
            self.message_user(
                request,
                _("%(group)s confirmed as %(class)s.")
                % {"group": obj.group, "class": GroupClass(data["group_class"]).label},
            )

        return self._review(request, object_id, ConfirmForm, "confirm", act)

    def return_view(self, request, object_id):
        def act(obj, data):
            services.return_assessment(assessment=obj, user=request.user, reason=data["reason"])
            self.message_user(
                request, _("%(group)s returned to its assessor.") % {"group": obj.group}
            )

        return self._review(request, object_id, ReturnForm, "return", act)

    @admin.action(
        description=gettext_lazy("Confirm the selected assessments at the proposed class")
    )
    def confirm_selected(self, request, queryset):
        count = services.confirm_many(queryset=queryset, user=request.user)
        self.message_user(
            request,
            _("%(count)d assessments confirmed; the others were not submitted.") % {"count": count},
        )

    @admin.action(description=gettext_lazy("Return the selected assessments with a reason"))
    def return_selected(self, request, queryset):
        if "apply" in request.POST:
            form = ReturnForm(request.POST)
            if form.is_valid():
                count = services.return_many(
                    queryset=queryset, user=request.user, reason=form.cleaned_data["reason"]
                )
                self.message_user(request, _("%(count)d assessments returned.") % {"count": count})
                return None
        else:
            form = ReturnForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Return assessments"),
            "opts": self.model._meta,
            "form": form,
            "assessments": queryset.filter(status=Assessment.Status.SUBMITTED).select_related(
                "group", "period"
            )[:100],
            "submitted_count": queryset.filter(status=Assessment.Status.SUBMITTED).count(),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
            "query_string": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/oversight/assessment/return.html", context)

    def _export(self, request, queryset, fmt):
        header, rows = assessment_table(queryset)
        return table_response(fmt, "assessments", header, rows, title=_("Assessments"))

    @admin.action(description=gettext_lazy("Export the selected assessments (CSV)"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=gettext_lazy("Export the selected assessments (XLSX)"))
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    def report_view(self, request):
        if not user_can(request.user, Capability.REVIEW):
            raise PermissionDenied
        all_periods = reports.periods(request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Distribution of the groups by class"),
            "opts": self.model._meta,
            "periods": all_periods,
        }
        period = reports.chosen_period(all_periods, request.GET.get("period"))
        if period is not None:
            user = request.user
            factory = reports.factory_choice(user, request.GET.get("factory"))
            # Counts over every assessment of the scope: kept (groups.kept).
            figures, at = kept(
                request,
                "distribution",
                [period.pk, factory.pk if factory else ""],
                lambda: reports.report(user, period, all_periods, factory),
            )
            context.update(kept_context(figures, at))
        return TemplateResponse(request, "admin/oversight/report.html", context)


@admin.register(Experience)
class ExperienceAdmin(ReviewerAdminMixin, ScopedHistoryAdmin):
    list_display = ["title", "group", "author", "status", "position", "proposed_at"]
    list_filter = ["status", ("group__workshop__factory", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["group"]
    list_editable = ["position"]
    search_fields = ["title", "group__name", "author"]
    readonly_fields = ["group", "title", "author", "text", "status", "decided_at"]
    fields = ["group", "title", "author", "text", "status", "decided_at", "position"]
    actions = ["select_for_booklet", "decline"]
    write_levels = ()

    def _may_write(self, request, obj=None):
        return user_can(request.user, Capability.REVIEW)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert would rewrite the factory's text and undo a decision: the federation only
        # orders the chapters and decides, through the actions.
        raise PermissionDenied

    @admin.action(description=gettext_lazy("Select for the booklet"))
    def select_for_booklet(self, request, queryset):
        services.decide_experiences(queryset=queryset, user=request.user, select=True)
        self.message_user(request, _("Selected for the booklet."))

    @admin.action(description=gettext_lazy("Do not select"))
    def decline(self, request, queryset):
        services.decide_experiences(queryset=queryset, user=request.user, select=False)
        self.message_user(request, _("Not selected."))
