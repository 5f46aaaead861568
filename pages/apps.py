from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The top layer: the pages that combine the apps (each role's home page; the group,
    workshop and factory pages). It has no models and computes no figure of its own: it asks
    each app's panels and merges what they return."""

    name = "pages"
    verbose_name = _("Pages")
