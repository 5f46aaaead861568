from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    """Moving in: a factory's workshops, groups and people read from a spreadsheet, previewed,
    then written all at once; the same columns exported."""

    name = "roster"
    verbose_name = _("Roster")

    def ready(self):
        from roster import exports  # noqa: F401  (its table, for the background downloads)
