"""How a missing figure counts, stated by each campaign (the campaigns launched before it keep
the rule they were scored by: as the weakest); and, before the next migration refuses a second
campaign of a name per unit and overlapping period, any such second campaign already recorded is
renamed with its number, so that nothing is lost and both can still be told apart (the staff
can merge or remove one in the admin)."""

from django.conf import settings
from django.db import migrations, models


def rename_duplicates(apps, schema_editor):
    Campaign = apps.get_model("competitions", "Campaign")
    kept = {}
    for campaign in Campaign.objects.order_by("pk"):
        unit = (campaign.name, campaign.scope, campaign.federation_id, campaign.factory_id,
                campaign.workshop_id)  # fmt: skip
        earlier = kept.setdefault(unit, [])
        if any(s <= campaign.ends_on and campaign.starts_on <= e for s, e in earlier):
            suffix = f" (#{campaign.pk})"
            campaign.name = campaign.name[: 200 - len(suffix)] + suffix
            campaign.save(update_fields=["name"])
        else:
            earlier.append((campaign.starts_on, campaign.ends_on))


class Migration(migrations.Migration):

    dependencies = [
        ('competitions', '0005_list_order_indexes'),
        ('groups', '0007_list_order_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='campaign',
            name='missing_figures',
            field=models.CharField(choices=[('weakest', 'It counts as the weakest figure: 0 points on that indicator'), ('left_out', 'It is left out: the group is scored on the indicators it has figures on')], db_default='weakest', default='weakest', help_text='How a group that entered no figure on an indicator in a round is scored.', max_length=8, verbose_name='a missing figure'),
        ),
        migrations.AddField(
            model_name='historicalcampaign',
            name='missing_figures',
            field=models.CharField(choices=[('weakest', 'It counts as the weakest figure: 0 points on that indicator'), ('left_out', 'It is left out: the group is scored on the indicators it has figures on')], db_default='weakest', default='weakest', help_text='How a group that entered no figure on an indicator in a round is scored.', max_length=8, verbose_name='a missing figure'),
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.CheckConstraint(condition=models.Q(('missing_figures__in', ['weakest', 'left_out'])), name='campaign_missing_figures_known'),
        ),
        migrations.RunPython(rename_duplicates, migrations.RunPython.noop),
    ]
