"""One campaign of a name per unit (city, factory or workshop) and period: on every database a
unique constraint per scope on the name, the unit and the first day; on PostgreSQL besides an
exclusion constraint that refuses any second campaign of the name and unit whose days overlap
the first's (btree_gist, a trusted extension since PostgreSQL 13, lets a GiST index compare the
name and the units for equality beside the overlap of the date ranges). SQLite has no such
constraint: there competitions.services.campaign_create checks for an overlap under the unit's
lock."""

from django.db import migrations, models

EXCLUSION = """
ALTER TABLE competitions_campaign ADD CONSTRAINT campaign_once_per_period EXCLUDE USING gist (
    name WITH =,
    scope WITH =,
    federation_id WITH =,
    COALESCE(factory_id, 0) WITH =,
    COALESCE(workshop_id, 0) WITH =,
    daterange(starts_on, ends_on, '[]') WITH &&
)
"""


def exclusion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        schema_editor.execute(EXCLUSION)


def no_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE competitions_campaign DROP CONSTRAINT IF EXISTS campaign_once_per_period"
        )


class Migration(migrations.Migration):

    dependencies = [
        ("competitions", "0006_campaign_missing_figures"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.UniqueConstraint(condition=models.Q(('scope', 'city')), fields=('name', 'federation', 'starts_on'), name='campaign_once_per_city', violation_error_message='This unit already runs a campaign of this name over some of these days: choose another name or other dates.'),
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.UniqueConstraint(condition=models.Q(('scope', 'factory')), fields=('name', 'factory', 'starts_on'), name='campaign_once_per_factory', violation_error_message='This unit already runs a campaign of this name over some of these days: choose another name or other dates.'),
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.UniqueConstraint(condition=models.Q(('scope', 'workshop')), fields=('name', 'workshop', 'starts_on'), name='campaign_once_per_workshop', violation_error_message='This unit already runs a campaign of this name over some of these days: choose another name or other dates.'),
        ),
        migrations.RunPython(exclusion, no_exclusion),
    ]
