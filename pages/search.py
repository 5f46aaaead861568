"""The search of the navigation bar: members by name or employee number, and union groups by
their name or their union group leader's, among what the user sees (``visible_to``), each with
its group and workshop. A fixed number of queries whatever the city's size: the groups found
(the first few), the members found (a page of them, counted) and their current roles."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import Upper
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from groups.models import Member, Role, UnionGroup
from groups.paging import filters_query
from groups.scoping import scoped_below_city
from groups.validators import no_control_characters

MEMBERS_PER_PAGE = 20
GROUPS_SHOWN = 10


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=50,
        validators=[no_control_characters],
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("Name, employee number or group"),
            }
        ),
    )


def search(request):
    user = request.user
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    context = {"form": form, "text": text, "whole_city": not scoped_below_city(user)}
    if text:
        groups = (
            UnionGroup.objects.visible_to(user)
            .active()
            .search(text)
            .select_related("workshop__factory")
            .with_figures()
        )
        found = list(groups[: GROUPS_SHOWN + 1])
        members = (
            Member.objects.visible_to(user)
            .search(text)
            .select_related("group__workshop__factory")
            # Not the (name, id) index in name order, which PostgreSQL would walk past 40,000
            # names to reach the Wangs: the matches come from the search's index, then sorted.
            .order_by(Upper("name"), "pk")
            .prefetch_related(
                Prefetch(
                    "roles",
                    queryset=Role.objects.current().order_by("kind", "pk"),
                    to_attr="current_roles",
                )
            )
        )
        context.update(
            groups=found[:GROUPS_SHOWN],
            more_groups=len(found) > GROUPS_SHOWN,
            page=Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page")),
            query=filters_query(request),
        )
    return render(request, "pages/search.html", context)
