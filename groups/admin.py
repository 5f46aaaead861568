from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from groups import services
from groups.admin_filters import SafeChangelistMixin, VisibleRelatedFilter
from groups.capabilities import Capability, user_can
from groups.models import (
    FactoryUnion,
    Federation,
    GroupMembership,
    Member,
    Role,
    Scope,
    UnionGroup,
    WorkshopUnion,
)
from groups.once import once
from groups.people import named
from groups.scoping import Level, user_scope


class ScopedAdmin(SafeChangelistMixin, admin.ModelAdmin):
    """The admin shows each user what their scope shows them on the site, no more.

    Rights come from the scope, not from Django's per-model permissions, so that the site and the
    admin cannot disagree. ``write_levels`` names the scope levels that may change these rows.
    Nobody deletes here, superusers included (and so there is no "delete selected" action):
    groups are archived, members leave, roles end, meetings are cancelled and plans, cases and
    assessments voided on the site, where who, when and why are kept; a delete would take their
    attendance, minutes, indicators or status changes with it.
    """

    write_levels = (Level.FACTORY, Level.WORKSHOP, Level.GROUP)
    show_full_result_count = False
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def add_view(self, request, form_url="", extra_context=None):
        # A double click on "Save" saves once, as on the site (groups/once.py).
        return once(super().add_view)(request, form_url, extra_context)

    def _scope(self, request):
        return user_scope(request.user)

    def has_module_permission(self, request):
        return request.user.is_active and (
            request.user.is_superuser or self._scope(request) is not None
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def _may_write(self, request, obj=None):
        """Write access as on the site (an archived group's records are read-only for everyone),
        for the levels that edit these rows here."""
        if not user_can(request.user, Capability.WRITE_RECORDS, obj):
            return False
        return request.user.is_superuser or self._scope(request).level in self.write_levels

    def has_add_permission(self, request):
        return self._may_write(request)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    def _require_visible(self, request, object_id):
        # simple-history falls back to the last historical record when the object is not in the
        # queryset; outside the user's scope that would show another group's history.
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # Each change is signed with its person's name (str() of the account: groups.people).
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return records.select_related(*named("history_user"))

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
        if not self._may_write(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyForFederationInline:
    """An inline of a record the parent's admin may write: read-only where the parent is (for
    the federation, and for an archived group's records)."""

    def has_add_permission(self, request, obj=None):
        return self.admin_site._registry[self.parent_model]._may_write(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return True


@admin.register(Federation)
class FederationAdmin(SafeChangelistMixin, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    show_full_result_count = False

    def has_module_permission(self, request):
        return request.user.is_superuser

    has_view_permission = has_add_permission = has_change_permission = (
        lambda self, request, obj=None: request.user.is_superuser
    )


@admin.register(FactoryUnion)
class FactoryUnionAdmin(ScopedAdmin):
    list_display = ["name", "federation"]
    list_filter = [("federation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["federation"]
    search_fields = ["name"]
    write_levels = ()


@admin.register(WorkshopUnion)
class WorkshopUnionAdmin(ScopedAdmin):
    list_display = ["name", "factory"]
    list_filter = [("factory", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["factory"]
    search_fields = ["name", "factory__name"]
    autocomplete_fields = ["factory"]
    write_levels = (Level.FACTORY,)


@admin.register(UnionGroup)
class UnionGroupAdmin(ScopedHistoryAdmin):
    list_display = ["name", "workshop", "factory", "trade", "archived_on"]
    list_filter = [
        ("archived_on", admin.EmptyFieldListFilter),
        ("workshop__factory", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["workshop__factory"]
    search_fields = ["name", "workshop__name", "workshop__factory__name"]
    autocomplete_fields = ["workshop"]
    write_levels = (Level.FACTORY, Level.WORKSHOP)

    @admin.display(description=_("factory union"), ordering="workshop__factory__name")
    def factory(self, obj):
        return obj.workshop.factory


class MemberAdminForm(forms.ModelForm):
    """What the services would refuse, refused on the form: an employee number the member's
    factory has already (the factory is read-only once saved, so the model's own check skips it),
    a leaving dated before the stay or a role began, a new member in an archived group."""

    class Meta:
        model = Member
        fields = [
            "factory",
            "group",
            "name",
            "gender",
            "employee_number",
            "trade",
            "skill_grade",
            "phone",
            "email",
            "joined_union_on",
            "status",
            "status_changed_on",
        ]

    def clean(self):
        data = super().clean()
        instance = self.instance
        factory = instance.factory if instance.pk else data.get("factory")
        number = data.get("employee_number")
        if factory is not None and number:
            taken = Member.objects.filter(factory=factory, employee_number=number)
            holder = taken.exclude(pk=instance.pk).first()
            if holder is not None:
                self.add_error(
                    "employee_number",
                    _("Employee number %(number)s is already %(name)s's in this factory.")
                    % {"number": number, "name": holder.name},
                )
        try:
            if instance.pk:
                services.check_leaving(instance, data.get("status"), data.get("status_changed_on"))
            elif data.get("group") is not None:
                data["group"].check_open("group")
        except ValidationError as error:
            self.add_error(None, error)
        return data


@admin.register(Member)
class MemberAdmin(ScopedHistoryAdmin):
    """Members, written through the same services as on the site: a new member's stay in the
    group starts with them, and leaving ends their stay, roles and sign-in. A member changes group
    only by a move on the site, which dates it (the group is read-only here once saved)."""

    list_display = ["name", "employee_number", "group", "factory", "trade", "status"]
    # The factory filter lists the user's factories only, never another factory's name.
    list_filter = ["status", "gender", ("factory", VisibleRelatedFilter)]
    list_select_related = ["group", "factory"]
    search_fields = ["name", "employee_number", "group__name"]
    autocomplete_fields = ["factory", "group"]
    form = MemberAdminForm

    def get_readonly_fields(self, request, obj=None):
        return ["factory", "group"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            services.member_update(member=obj, previous_status=form.initial.get("status", ""))
        else:
            services.member_enrol(member=obj)


@admin.register(GroupMembership)
class GroupMembershipAdmin(ScopedAdmin):
    list_display = ["member", "group", "started_on", "ended_on"]
    list_select_related = ["member", "group"]
    search_fields = ["member__name", "group__name"]
    autocomplete_fields = ["member", "group"]
    list_filter = [("ended_on", admin.EmptyFieldListFilter)]


@admin.register(Role)
class RoleAdmin(ScopedHistoryAdmin):
    list_display = ["member", "kind", "portfolio", "group", "started_on", "ended_on"]
    list_filter = ["kind", "portfolio", ("ended_on", admin.EmptyFieldListFilter)]
    list_select_related = ["member", "group"]
    search_fields = ["member__name", "group__name"]
    autocomplete_fields = ["group", "member", "mentor"]


@admin.register(Scope)
class ScopeAdmin(SafeChangelistMixin, admin.ModelAdmin):
    """Only superusers hand out scopes."""

    list_display = ["user", "level", "unit"]
    list_filter = ["level"]
    list_select_related = ["user", "federation", "factory", "workshop", "group"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user", "federation", "factory", "workshop", "group", "member"]
    show_full_result_count = False

    def has_module_permission(self, request):
        return request.user.is_superuser

    has_view_permission = has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: request.user.is_superuser
    )

    @admin.display(description=_("unit"))
    def unit(self, obj):
        return obj.unit


class ScopeInline(admin.StackedInline):
    model = Scope
    can_delete = False
    autocomplete_fields = ["federation", "factory", "workshop", "group", "member"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UnionUserAdmin(SafeChangelistMixin, UserAdmin):
    inlines = [ScopeInline]
    list_display = ["username", "first_name", "last_name", "is_staff", "scope_level"]
    list_select_related = ["scope"]
    show_full_result_count = False

    @admin.display(description=_("level"))
    def scope_level(self, obj):
        scope = getattr(obj, "scope", None)
        return scope.get_level_display() if scope else "—"


admin.site.site_header = _("Union groups back office")
admin.site.site_title = _("Union groups")
admin.site.index_title = _("Administration")
