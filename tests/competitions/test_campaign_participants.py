"""A city-wide campaign has thousands of participants: its page lists them a page at a time."""

import pytest

from tests.competitions.factories import CampaignFactory, ParticipantFactory
from tests.factories import UnionGroupFactory

pytestmark = pytest.mark.django_db


def test_the_participants_are_listed_fifty_to_a_page(charlie_client, world):
    campaign = CampaignFactory(factory=world.factory_a)
    for i in range(55):
        group = UnionGroupFactory(workshop=world.workshop_a, name=f"第{i + 1:02d}號小組")
        ParticipantFactory(campaign=campaign, group=group)
    first = charlie_client.get(campaign.get_absolute_url()).content.decode()
    assert "55 groups take part" in first
    assert "第50號小組" in first and "第51號小組" not in first
    second = charlie_client.get(campaign.get_absolute_url() + "?page=2").content.decode()
    assert "第51號小組" in second and "第55號小組" in second and "第01號小組" not in second
    # A page number past the end, or not a number, shows a page rather than an error.
    for page in ("99", "x", "-1"):
        assert charlie_client.get(f"{campaign.get_absolute_url()}?page={page}").status_code == 200
