"""The five regional groups of the Convention on Biological Diversity as a reader sees them: the
profile's values (`Region` in models.py, English codes kept as they are in JSON and CSV) named in
the reader's language wherever a person reads them (the self-check page, the indicators' human
formats)."""

from __future__ import annotations

from ..i18n import N_, tr

# TRANSLATORS: the regional groups under the Convention on Biological Diversity (UN regional groups)
REGION_NAMES: dict[str, str] = {
    "Africa": N_("Africa"),
    "Asia-Pacific": N_("Asia-Pacific"),
    "Central and Eastern Europe": N_("Central and Eastern Europe"),
    "Latin America and the Caribbean": N_("Latin America and the Caribbean"),
    "Western Europe and others": N_("Western Europe and others"),
}


def region_name(region: str, lang: str = "en") -> str:
    """A region's name in `lang`; a value that is no regional group as it is."""
    return tr(lang, REGION_NAMES[region]) if region in REGION_NAMES else region
