"""How the competitions app loads its records: through the user's scope (404 outside it, 403
where the scope reads but may not act), like the groups app.

Plans, pledges, progress and proposals are written by whoever writes the group's records (its
leader, its workshop and factory staff). Campaigns and pacts are organised by factory or
federation staff; a proposal is decided by the factory or workshop union above the group."""

from django.core.exceptions import PermissionDenied

from competitions.models import Campaign, GuaranteePlan, Pact, Pledge, ProgressEntry, Proposal
from groups.access import get_for_user
from groups.capabilities import Capability, user_can


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
    return get_for_user(campaigns, user, pk, need=Capability.ORGANISE if organise else None)


def may_review_pact(user, pact):
    """The staff who organise pacts, or whoever writes the records of either side's group."""
    return (
        user_can(user, Capability.ORGANISE)
        or user_can(user, Capability.WRITE_RECORDS, pact.group)
        or (
            pact.partner_group is not None
            and user_can(user, Capability.WRITE_RECORDS, pact.partner_group)
        )
    )


def get_pact_for_user(user, pk, *, review=False):
    """A pact the user sees; with ``review``, one the user may record reviews of: the staff who
    organise pacts, or whoever writes the records of either group."""
    pacts = Pact.objects.select_related(
        "group__workshop__factory", "partner_group__workshop__factory"
    )
    pact = get_for_user(pacts, user, pk)
    if review and not may_review_pact(user, pact):
        raise PermissionDenied
    return pact


def get_proposal_for_user(user, pk, *, need=None):
    proposals = Proposal.objects.select_related("group__workshop__factory", "submitted_by")
    return get_for_user(proposals, user, pk, need=need)
