"""The back office of the competitions app, scoped like the rest: plans and proposals are kept by
the groups' side; campaigns and pacts are organised on the site and read here."""

from django import forms
from django.contrib import admin

from competitions.models import (
    DUPLICATE,
    Campaign,
    GuaranteePlan,
    Indicator,
    Pact,
    PactReview,
    Pledge,
    Proposal,
    Round,
    Rule,
    VetoItem,
)
from groups.admin import ReadOnlyForFederationInline, ScopedHistoryAdmin
from groups.admin_filters import VisibleRelatedFilter, date_range


class IndicatorInline(ReadOnlyForFederationInline, admin.TabularInline):
    model = Indicator
    extra = 0


class PledgeInline(ReadOnlyForFederationInline, admin.TabularInline):
    model = Pledge
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(GuaranteePlan)
class GuaranteePlanAdmin(ScopedHistoryAdmin):
    list_display = ["group", "period", "starts_on", "ends_on", "status"]
    list_filter = [
        date_range("starts_on"),
        "period",
        "status",
        ("group__workshop__factory", VisibleRelatedFilter),
    ]
    list_select_related = ["group"]
    search_fields = ["group__name", "production_plan"]
    autocomplete_fields = ["group"]
    readonly_fields = ["created_by"]
    inlines = [IndicatorInline, PledgeInline]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


class RuleInline(ReadOnlyInline):
    model = Rule


class VetoItemInline(ReadOnlyInline):
    model = VetoItem


class RoundInline(ReadOnlyInline):
    model = Round


class CampaignAdminForm(forms.ModelForm):
    """A campaign changed in the back office: a name and dates that would make it a second
    campaign of its unit over the same days are refused here, as the launch form refuses them,
    rather than by the database's constraint (a 500)."""

    def _post_clean(self):
        super()._post_clean()
        if (
            self.instance.starts_on
            and self.instance.ends_on
            and self.instance.overlapping().exists()
        ):
            self.add_error("name", DUPLICATE)


@admin.register(Campaign)
class CampaignAdmin(ScopedHistoryAdmin):
    form = CampaignAdminForm
    list_display = ["name", "kind", "scope", "starts_on", "ends_on"]
    list_filter = [
        date_range("starts_on"),
        "kind",
        "scope",
        ("factory", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["factory", "workshop"]
    search_fields = ["name"]
    write_levels = ()
    inlines = [RuleInline, VetoItemInline, RoundInline]


class PactReviewInline(ReadOnlyInline):
    model = PactReview


@admin.register(Pact)
class PactAdmin(ScopedHistoryAdmin):
    list_display = ["title", "group", "partner_group", "partner_department", "starts_on", "ends_on"]
    list_filter = [date_range("starts_on")]
    list_select_related = ["group", "partner_group"]
    search_fields = ["title", "group__name", "partner_group__name", "partner_department"]
    write_levels = ()
    inlines = [PactReviewInline]


@admin.register(Proposal)
class ProposalAdmin(ScopedHistoryAdmin):
    list_display = ["title", "group", "category", "status", "submitted_on", "reward"]
    list_filter = [
        date_range("submitted_on"),
        "status",
        "category",
        ("group__workshop__factory", VisibleRelatedFilter),
    ]
    list_select_related = ["group"]
    search_fields = ["title", "group__name"]
    autocomplete_fields = ["group", "authors"]
    readonly_fields = ["submitted_by"]
