"""factory-boy factories for the organisation. A group built from scratch gets its own workshop,
factory and federation unless one is given."""

import datetime

import factory as fb
from django.contrib.auth import get_user_model

from groups.models import (
    FactoryUnion,
    Federation,
    GroupMembership,
    Member,
    Role,
    Scope,
    UnionGroup,
    WorkshopUnion,
)


class UserFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = fb.Sequence(lambda n: f"user{n}")
    password = fb.django.Password("unionsite-test")


class FederationFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = Federation
        django_get_or_create = ["name"]

    name = "太原市總工會"


class FactoryUnionFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = FactoryUnion

    federation = fb.SubFactory(FederationFactory)
    name = fb.Sequence(lambda n: f"第{n}廠")


class WorkshopUnionFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = WorkshopUnion

    factory = fb.SubFactory(FactoryUnionFactory)
    name = fb.Sequence(lambda n: f"第{n}車間")


class UnionGroupFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = UnionGroup

    workshop = fb.SubFactory(WorkshopUnionFactory)
    name = fb.Sequence(lambda n: f"第{n}小組")


class MemberFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    group = fb.SubFactory(UnionGroupFactory)
    factory = fb.SelfAttribute("group.workshop.factory")
    name = fb.Sequence(lambda n: f"會員{n}")
    gender = Member.Gender.MALE
    employee_number = fb.Sequence(lambda n: f"E{n:05d}")
    joined_union_on = datetime.date(2020, 3, 1)

    @fb.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            GroupMembership.objects.create(
                member=obj, group=obj.group, started_on=obj.joined_union_on
            )


class RoleFactory(fb.django.DjangoModelFactory):
    class Meta:
        model = Role

    member = fb.SubFactory(MemberFactory)
    group = fb.SelfAttribute("member.group")
    kind = Role.Kind.UNION_LEADER
    started_on = datetime.date(2024, 11, 1)


def scoped_user(username, unit, member=None, **extra):
    """A user whose scope is ``unit`` (a Federation, FactoryUnion, WorkshopUnion or UnionGroup);
    a group's account may belong to one of its ``member``s."""
    level = {
        Federation: "federation",
        FactoryUnion: "factory",
        WorkshopUnion: "workshop",
        UnionGroup: "group",
    }[type(unit)]
    user = UserFactory(username=username, **extra)
    Scope.objects.create(user=user, level=level, member=member, **{level: unit})
    return user
