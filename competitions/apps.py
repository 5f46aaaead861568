from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        # The standings' version kept current; the standings as a background download.
        from competitions import exports, signals  # noqa: F401
