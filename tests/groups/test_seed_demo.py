from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from groups.models import Member, Role, UnionGroup
from groups.people import MEMBER_PATH, person_name
from groups.scoping import Level


def test_it_builds_the_city_of_the_seed_once(db):
    call_command("seed_demo", verbosity=0)
    counts = (UnionGroup.objects.count(), Member.objects.count(), Role.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (UnionGroup.objects.count(), Member.objects.count(), Role.objects.count()) == counts
    shanxi = UnionGroup.objects.filter(workshop__factory__name="山西機器廠")
    assert shanxi.count() == 33
    assert set(shanxi.values_list("workshop__name", flat=True)) == {"鑄工", "農具"}


def test_it_gives_han_run_three_officers_each_with_two_activists(db):
    call_command("seed_demo", verbosity=0)
    group = UnionGroup.objects.get(name="韓潤小組")
    officers = group.roles.current().filter(kind=Role.Kind.OFFICER)
    assert officers.count() == 3
    for officer in officers:
        assert officer.activists.filter(ended_on__isnull=True).count() == 2
    leader = group.roles.current().get(kind=Role.Kind.UNION_LEADER)
    assert leader.member.name == "韓潤"


def test_it_creates_the_demo_accounts_with_their_scopes(db, capsys):
    call_command("seed_demo")
    printed = capsys.readouterr().out
    expected = {
        "federation": (Level.FEDERATION, "太原市總工會"),
        "machine_staff": (Level.FACTORY, "太原機器廠"),
        "steel_staff": (Level.FACTORY, "太原鋼鐵廠"),
        "hanrun": (Level.GROUP, "韓潤小組"),
        "wenxiaoqing": (Level.GROUP, "溫小清小組"),
    }
    for username, (level, unit) in expected.items():
        user = authenticate(username=username, password="unionsite-demo")
        assert user is not None, username
        assert (user.scope.level, user.scope.unit.name) == (level, unit)
        assert username in printed
    assert authenticate(username="admin", password="unionsite-demo").is_superuser
    # Each account is called by its person's name: a group's by its member's, staff by theirs.
    named = get_user_model().objects.select_related(MEMBER_PATH)
    names = {u.username: person_name(u) for u in named.filter(username__in=expected)}
    assert names["hanrun"] == "韓潤" and names["wenxiaoqing"] == "溫小清"
    assert names["machine_staff"] == "劉桂英" and names["federation"] == "趙振華"
