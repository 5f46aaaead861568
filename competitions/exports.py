"""A campaign round's standings as rows for ``groups.export.table_response`` (CSV or XLSX)."""

from django.utils.translation import gettext as _


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
