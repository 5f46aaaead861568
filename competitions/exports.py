"""A campaign round's standings as rows for a download (``downloads.tables``): CSV or XLSX."""

from django.http import Http404
from django.utils.translation import gettext as _

from competitions.access import get_campaign_for_user
from competitions.scoring import standings
from downloads.tables import Table, table


def standings_table(round_, rows, rules):
    """A campaign round's standings: rank, group, score and each rule's value and points."""
    header = [_("Rank"), _("Union group"), _("Score")]
    for rule in rules:
        header += [str(rule.label), _("%(rule)s · points") % {"rule": rule.label}]
    header.append(_("Vetoed"))

    def lines():
        for row in rows:
            cells = row.cell_by_rule
            line = [row.rank, row.group_name, row.total]
            for rule in rules:
                cell = cells.get(rule.pk)
                line += [cell.value if cell else None, cell.points if cell else None]
            line.append(_("yes") if row.vetoed else "")
            yield line

    return header, lines()


@table("competitions.standings")
def standings_download(user, params):
    """The standings of round ``params["round"]`` of campaign ``params["campaign"]``, as far as
    the user may read the campaign (404 otherwise)."""
    campaign = get_campaign_for_user(user, params["campaign"])
    round_ = campaign.rounds.filter(number=params["round"]).first()
    if round_ is None:
        raise Http404
    rows = standings(round_)
    header, lines = standings_table(round_, rows, list(campaign.rules.all()))
    name = f"standings-{campaign.pk}-{round_.number}"
    return Table(name, _("Standings"), header, lines, lambda: len(rows))
