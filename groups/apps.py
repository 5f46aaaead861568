from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Union organisation")

    def ready(self):
        from django.contrib.auth import get_user_model

        from groups.people import person_name

        # The admin (a user column, a read-only "recorded by", simple-history's history pages)
        # names an account by str(): the person's name there too, from the one function.
        get_user_model().__str__ = person_name
