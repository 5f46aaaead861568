"""Mutual-aid pacts between two groups, or a group and a department, and their reviews."""

from django.contrib import messages
from django.db.models import Count, Max
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competitions import services
from competitions.access import get_pact_for_user, may_review_pact
from competitions.forms import PactForm, PactReviewForm
from competitions.models import Pact, PactReview
from competitions.views.listing import by_end
from groups.access import require
from groups.capabilities import Capability, user_can
from groups.forms import refusals_into
from groups.once import once
from groups.paging import with_page_figures


def pact_list(request):
    pacts = (
        Pact.objects.visible_to(request.user)
        .select_related("group__workshop__factory", "partner_group__workshop__factory")
        .order_by("-starts_on", "-pk")
    )
    listed = by_end(request, pacts)
    # The reviews of the page's pacts only, counted in one grouped query.
    with_page_figures(
        listed["page"],
        PactReview.objects.all(),
        "pact",
        review_count=Count("pk"),
        last_review=Max("reviewed_on"),
    )
    context = {
        **listed,
        "perms_organise": user_can(request.user, Capability.ORGANISE),
    }
    return render(request, "competitions/pact_list.html", context)


@once
def pact_create(request):
    require(request.user, Capability.ORGANISE)
    initial = {key: request.GET[key] for key in ("group", "partner_group") if key in request.GET}
    form = PactForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            pact = services.pact_create(
                user=request.user,
                group=data["group"],
                partner_group=data["partner_group"],
                partner_department=data["partner_department"],
                title=data["title"],
                group_commitments=data["group_commitments"],
                partner_commitments=data["partner_commitments"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        if call.done:
            messages.success(request, _("The mutual-aid pact is made."))
            return redirect(pact)
    return render(request, "competitions/pact_form.html", {"form": form})


def pact_detail(request, pk):
    pact = get_pact_for_user(request.user, pk)
    context = {
        "pact": pact,
        "reviews": pact.reviews.select_related("recorded_by"),
        "review_form": PactReviewForm() if may_review_pact(request.user, pact) else None,
    }
    return render(request, "competitions/pact_detail.html", context)


@once
@require_POST
def review_create(request, pk):
    pact = get_pact_for_user(request.user, pk, review=True)
    form = PactReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            services.pact_review(
                pact=pact,
                user=request.user,
                reviewed_on=data["reviewed_on"],
                kept=data["kept"],
                problems=data["problems"],
                actions=data["actions"],
            )
        if call.done:
            messages.success(request, _("The review is recorded."))
            return redirect(pact)
    context = {
        "pact": pact,
        "reviews": pact.reviews.select_related("recorded_by"),
        "review_form": form,
    }
    return render(request, "competitions/pact_detail.html", context, status=400)
