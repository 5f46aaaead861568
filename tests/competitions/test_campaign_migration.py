"""The migrations that make a campaign state how a missing figure counts and refuse a second one
of a name per unit and period (competitions 0006, 0007), run on a database that already holds
the same campaign twice: the later copies are renamed with their number, nothing is lost, and
the campaigns launched before keep the rule they were scored by."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import FactoryUnionFactory

BEFORE = [("competitions", "0005_list_order_indexes")]
AFTER = [("competitions", "0007_one_campaign_per_name_unit_period")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_campaign_recorded_twice_is_renamed_and_kept(old_schema):
    Campaign = old_schema.get_model("competitions", "Campaign")
    factory = FactoryUnionFactory(name="機器廠")
    other = FactoryUnionFactory(name="鋼廠", federation=factory.federation)

    def campaign(unit, starts_on, ends_on):
        return Campaign.objects.create(
            name="無廢品競賽", kind="zero_scrap", scope="factory", federation_id=unit.federation_id,
            factory_id=unit.pk, starts_on=starts_on, ends_on=ends_on,
        ).pk  # fmt: skip

    jan, march = datetime.date(2026, 1, 1), datetime.date(2026, 3, 1)
    first = campaign(factory, jan, datetime.date(2026, 3, 31))
    again = campaign(factory, jan, datetime.date(2026, 3, 31))  # launched twice
    overlapping = campaign(factory, march, datetime.date(2026, 4, 30))
    later = campaign(factory, datetime.date(2026, 5, 1), datetime.date(2026, 6, 30))
    elsewhere = campaign(other, jan, datetime.date(2026, 3, 31))

    apps = _migrate(AFTER)

    Campaign = apps.get_model("competitions", "Campaign")
    names = dict(Campaign.objects.values_list("pk", "name"))
    assert names == {
        first: "無廢品競賽",
        again: f"無廢品競賽 (#{again})",
        overlapping: f"無廢品競賽 (#{overlapping})",
        later: "無廢品競賽",
        elsewhere: "無廢品競賽",
    }
    assert set(Campaign.objects.values_list("missing_figures", flat=True)) == {"weakest"}
