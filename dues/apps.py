from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    """Union dues (會費) per member per month: the factory's rule, each member's wage base and
    excusals, the group's monthly collection sheet, collection rates and remittance up the
    levels."""

    name = "dues"
    verbose_name = _("Dues")
