from django.urls import path

from competitions.views import campaigns, pacts, plans, proposals

app_name = "competitions"
urlpatterns = [
    path("group/<int:group_pk>/plans/", plans.group_plans, name="group_plans"),
    path("group/<int:group_pk>/plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/indicators/new/", plans.indicator_add, name="indicator_add"),
    path("plans/<int:pk>/progress/new/", plans.progress_create, name="progress_create"),
    path("plans/<int:pk>/pledges/new/", plans.pledge_create, name="pledge_create"),
    path("plans/<int:pk>/close/", plans.plan_close, name="plan_close"),
    path("progress/<int:pk>/delete/", plans.progress_delete, name="progress_delete"),
    path("plans/<int:pk>/progress/deleted/", plans.progress_deleted, name="progress_deleted"),
    path("plans/<int:pk>/progress/restore/", plans.progress_restore, name="progress_restore"),
    path("plans/<int:pk>/void/", plans.plan_void, name="plan_void"),
    path("pledges/<int:pk>/edit/", plans.pledge_edit, name="pledge_edit"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/rounds/<int:number>/", campaigns.standings_page, name="standings"),
    path(
        "campaigns/<int:pk>/rounds/<int:number>/standings.<str:fmt>",
        campaigns.standings_export,
        name="standings_export",
    ),
    path(
        "campaigns/<int:pk>/rounds/<int:number>/scores/",
        campaigns.scores_edit,
        name="scores_edit",
    ),
    path("campaigns/<int:pk>/rounds/<int:number>/veto/", campaigns.veto_create, name="veto_create"),
    path(
        "campaigns/<int:pk>/rounds/<int:number>/red-flag/",
        campaigns.award_create,
        name="award_create",
    ),
    path(
        "campaigns/<int:pk>/rounds/<int:number>/red-flag/withdraw/",
        campaigns.award_withdraw,
        name="award_withdraw",
    ),
    path("pacts/", pacts.pact_list, name="pact_list"),
    path("pacts/new/", pacts.pact_create, name="pact_create"),
    path("pacts/<int:pk>/", pacts.pact_detail, name="pact_detail"),
    path("pacts/<int:pk>/reviews/", pacts.review_create, name="review_create"),
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    path("proposals/figures/", proposals.proposal_figures, name="proposal_figures"),
    path("group/<int:group_pk>/proposals/new/", proposals.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/status/", proposals.proposal_move, name="proposal_move"),
]
