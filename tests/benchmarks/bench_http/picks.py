"""Objects of the database the pages are asked about, each found once: the accounts and their
scopes, a leader's group, its latest meeting and current plan, the biggest factory and workshop, a
campaign and its round under way."""

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

# Who signs in, and as what. The city_* accounts are the big city's (seed_demo --scale city).
ACCOUNTS = {
    "federation": "city federation staff",
    "machine_staff": "factory union staff of the demo's 太原機器廠",
    "hanrun": "union group leader in the demo",
    "admin": "superuser",
    "city_staff": "factory union staff of the big city's biggest factory",
    "city_workshop": "workshop union staff there",
    "city_leader": "union group leader there, in the city-wide campaign",
}


class Picks:
    """Objects of the database, found once each."""

    def __init__(self):
        from groups.models import Scope

        self.today = timezone.localdate()
        users = get_user_model().objects.filter(username__in=ACCOUNTS)
        self.users = {u.username: u for u in users}
        self.scopes = {
            s.user.username: s
            for s in Scope.objects.filter(user__in=users).select_related("user", "workshop")
        }

    def factory_of(self, role):
        scope = self.scopes.get(role)
        if scope is None:
            return None
        if scope.factory_id:
            return scope.factory_id
        if scope.workshop_id:
            return scope.workshop.factory_id
        if scope.group_id:
            from groups.models import UnionGroup

            return UnionGroup.objects.values_list("workshop__factory", flat=True).get(
                pk=scope.group_id
            )
        return None

    def biggest_factory(self):
        from groups.models import FactoryUnion

        return (
            FactoryUnion.objects.annotate(n=Count("workshops__groups"))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)
            .first()
        )

    def biggest_workshop(self, factory):
        from groups.models import WorkshopUnion

        return (
            WorkshopUnion.objects.filter(factory=factory)
            .annotate(n=Count("groups"))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)
            .first()
        )

    def group_in(self, factory):
        """A leader account's group in the factory, or its biggest active group."""
        from groups.models import UnionGroup

        for role in ("city_leader", "hanrun"):
            scope = self.scopes.get(role)
            if scope and scope.group_id and self.factory_of(role) == factory:
                return scope.group_id
        return (
            UnionGroup.objects.active()
            .filter(workshop__factory=factory)
            .annotate(n=Count("members"))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)
            .first()
        )

    def member_of(self, group, scope=None):
        from groups.models import Member

        if scope is not None and scope.member_id:
            return scope.member_id
        members = Member.objects.active().filter(group=group).order_by("pk")
        return members.values_list("pk", flat=True).first()

    def meeting(self, group):
        from meetings.models import Meeting

        held = Meeting.objects.filter(
            group=group, voided_at__isnull=True, scheduled_on__lte=self.today
        )
        return held.order_by("-scheduled_on", "-pk").values_list("pk", flat=True).first()

    def plan(self, group):
        from competitions.models import GuaranteePlan

        plans = GuaranteePlan.objects.filter(group=group, voided_at__isnull=True)
        current = plans.filter(starts_on__lte=self.today, ends_on__gte=self.today)
        pick = current.order_by("-starts_on", "-pk").values_list("pk", flat=True).first()
        return pick or plans.order_by("-starts_on", "-pk").values_list("pk", flat=True).first()

    def case(self, **where):
        from welfare.models import WelfareCase

        cases = WelfareCase.objects.filter(voided_at__isnull=True, **where)
        return cases.order_by("-opened_on", "-pk").values_list("pk", flat=True).first()

    def assessment(self, **where):
        from oversight.models import Assessment

        found = Assessment.objects.filter(voided_at__isnull=True, **where)
        return found.order_by("-period__starts_on", "-pk").values_list("pk", flat=True).first()

    def open_period(self):
        from oversight.models import AssessmentPeriod

        periods = AssessmentPeriod.objects.filter(status=AssessmentPeriod.Status.OPEN)
        return periods.order_by("-starts_on").values_list("pk", flat=True).first()

    def campaign(self, **where):
        """A campaign and its round under way (or its latest begun, or its first)."""
        from competitions.models import Campaign, Round

        campaign = (
            Campaign.objects.filter(**where)
            .annotate(n=Count("groups"))
            .order_by("-starts_on", "-n", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if campaign is None:
            return None, None
        rounds = Round.objects.filter(campaign=campaign)
        number = (
            rounds.filter(starts_on__lte=self.today)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        ) or rounds.order_by("number").values_list("number", flat=True).first()
        return campaign, number

    def first(self, model, **where):
        from django.apps import apps

        found = apps.get_model(model).objects.filter(**where)
        return found.order_by("-pk").values_list("pk", flat=True).first()
