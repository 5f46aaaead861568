"""How the competitions app loads its records: through the user's scope (404 outside it, 403
where the scope reads but may not act), like the groups app.

Plans, pledges, progress and proposals are written by whoever writes the group's records (its
leader, its workshop and factory staff). Campaigns and pacts are organised by factory or
federation staff; a proposal is decided by the factory or workshop union above the group."""

from django.core.exceptions import PermissionDenied

from competitions.models import (
    Campaign,
    GuaranteePlan,
    Pact,
    Pledge,
    ProgressEntry,
    Proposal,
    can_organise,
)
from groups.access import get_for_user
from groups.scoping import can_manage_groups, can_write_records


def get_plan_for_user(user, pk, *, write=False):
    # A voided plan is still read at its address, and no longer changed.
    manager = GuaranteePlan.objects if write else GuaranteePlan.all_objects
    plans = manager.select_related("group__workshop__factory", "created_by")
    return get_for_user(plans, user, pk, write=write)


def get_rw_pledge_for_user(user, pk):
    pledges = Pledge.objects.select_related("plan__group__workshop__factory", "member")
    return get_for_user(pledges, user, pk, write=True)


def get_rw_entry_for_user(user, pk):
    entries = ProgressEntry.objects.select_related("indicator__plan__group__workshop__factory")
    return get_for_user(entries, user, pk, write=True)


def get_campaign_for_user(user, pk, *, organise=False):
    """A campaign the user sees; with ``organise``, one the user runs (403 otherwise)."""
    campaigns = Campaign.objects.select_related("federation", "factory", "workshop")
    campaign = get_for_user(campaigns, user, pk)
    if organise and not Campaign.objects.organised_by(user).filter(pk=campaign.pk).exists():
        raise PermissionDenied
    return campaign


def may_organise_campaign(user, campaign):
    return Campaign.objects.organised_by(user).filter(pk=campaign.pk).exists()


def get_pact_for_user(user, pk, *, review=False):
    """A pact the user sees; with ``review``, one the user may record reviews of: the staff who
    organise pacts, or whoever writes the records of either group."""
    pacts = Pact.objects.select_related(
        "group__workshop__factory", "partner_group__workshop__factory"
    )
    pact = get_for_user(pacts, user, pk)
    if review and not (can_write_records(user) or can_organise(user)):
        raise PermissionDenied
    return pact


def get_proposal_for_user(user, pk, *, write=False, decide=False):
    proposals = Proposal.objects.select_related("group__workshop__factory", "submitted_by")
    proposal = get_for_user(proposals, user, pk, write=write)
    if decide and not can_manage_groups(user):
        raise PermissionDenied
    return proposal
