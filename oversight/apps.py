from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Classification and oversight")

    def ready(self):
        from oversight import exports  # noqa: F401  (its tables, for the background downloads)
