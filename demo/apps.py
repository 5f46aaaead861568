from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo city (``seed_demo``): above every app, imported by none."""

    name = "demo"
    verbose_name = "Demo"
