"""reference data: regions, countries, instruments, norms, pillars, themes

The vocabulary of DESIGN.md section 2. Countries come from ISO 3166-1 (pycountry) plus Kosovo
(user-assigned XK / XKX); the rest is the board's own vocabulary and is written out here, the one
place it is typed. Later changes to the vocabulary are new data migrations, not edits of this one.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import pycountry
import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KOSOVO_FOOTNOTE = (
    "* This designation is without prejudice to positions on status, and is in line with "
    "UNSCR 1244/1999 and the ICJ Opinion on the Kosovo declaration of independence."
)
PALESTINE_FOOTNOTE = (
    "* This designation shall not be construed as recognition of a State of Palestine and is "
    "without prejudice to the individual positions of the Member States on this issue."
)

REGIONS = [
    ("WB", "Western Balkans", ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]),
    ("EN", "Eastern Neighbourhood", ["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"]),
    ("SN", "Southern Neighbourhood", ["DZA", "EGY", "ISR", "JOR", "LBN", "LBY", "MAR", "PSE", "SYR", "TUN"]),
]

# Display names where ISO's short name reads badly in a list ("Congo, The Democratic Republic of the").
DISPLAY_NAMES = {
    "PSE": "Palestine*",
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia",
    "VGB": "British Virgin Islands",
    "VIR": "US Virgin Islands",
    "VAT": "Holy See",
    "SHN": "Saint Helena",
}
FOOTNOTES = {"PSE": PALESTINE_FOOTNOTE, "XKX": KOSOVO_FOOTNOTE}

COUNTRY_ALIASES = {
    "Kosovo*": "XKX",
    "Republic of Kosovo": "XKX",
    "Kosova": "XKX",
    "Moldova": "MDA",
    "Republic of Moldova": "MDA",
    "former Yugoslav Republic of Macedonia": "MKD",
    "FYROM": "MKD",
    "Macedonia": "MKD",
    "Republic of Macedonia": "MKD",
    "Turkey": "TUR",
    "Turkiye": "TUR",
    "Palestine": "PSE",
    "Palestine*": "PSE",
    "State of Palestine": "PSE",
    "Occupied Palestinian Territory": "PSE",
    "occupied Palestinian territories": "PSE",
    "Palestinian territories": "PSE",
    "West Bank and Gaza": "PSE",
    "Ivory Coast": "CIV",
    "Russia": "RUS",
    "UK": "GBR",
    "Great Britain": "GBR",
    "USA": "USA",
    "US": "USA",
    "United States of America": "USA",
    "Czech Republic": "CZE",
    "Swaziland": "SWZ",
    "Cape Verde": "CPV",
    "Burma": "MMR",
    "East Timor": "TLS",
    "Vatican": "VAT",
    "DRC": "COD",
    "DR Congo": "COD",
    "Congo-Kinshasa": "COD",
    "Congo-Brazzaville": "COG",
    "Republic of the Congo": "COG",
    "Republic of Korea": "KOR",
    "Brunei": "BRN",
    "Syria": "SYR",
    "Iran": "IRN",
    "Laos": "LAO",
    "Vietnam": "VNM",
    "Bosnia-Herzegovina": "BIH",
    "Bosnia": "BIH",
    "BiH": "BIH",
    "Gambia": "GMB",
    "Belorussia": "BLR",
    "Holland": "NLD",
    "The Netherlands": "NLD",
}

INSTRUMENTS = [
    # code, short name, full name, period, note, successor
    ("NDICI", "NDICI-Global Europe",
     "Neighbourhood, Development and International Cooperation Instrument - Global Europe", "2021-",
     "geographic, thematic and rapid-response pillars", None),
    ("IPA3", "IPA III", "Instrument for Pre-accession Assistance III", "2021-",
     "enlargement countries: Western Balkans and Türkiye", None),
    ("EPF", "European Peace Facility", "European Peace Facility", "2021-",
     "off-budget, CFSP assistance measures", None),
    ("GG", "Global Gateway", "Global Gateway", "2021-",
     "EU investment strategy, delivered through other instruments and Team Europe", None),
    ("ENI", "ENI", "European Neighbourhood Instrument", "2014-2020", "predecessor of NDICI", "NDICI"),
    ("IPA2", "IPA II", "Instrument for Pre-accession Assistance II", "2014-2020", "predecessor of IPA III", "IPA3"),
    ("ICSP", "IcSP", "Instrument contributing to Stability and Peace", "2014-2020", "predecessor of NDICI", "NDICI"),
    ("DCI", "DCI", "Development Cooperation Instrument", "2014-2020", "predecessor of NDICI", "NDICI"),
    ("MS", "Member State", "Member State bilateral funding", "", "the funder names the Member State", None),
    ("OTHER", "Other", "Other source", "", "the funder says which", None),
]
INSTRUMENT_ALIASES = {
    "Global Europe": "NDICI",
    "NDICI Global Europe": "NDICI",
    "Neighbourhood, Development and International Cooperation Instrument": "NDICI",
    "IPA 3": "IPA3",
    "IPA-III": "IPA3",
    "Instrument for Pre-accession Assistance": "IPA3",
    "IPA 2": "IPA2",
    "IPA-II": "IPA2",
    "Instrument contributing to Stability and Peace (IcSP)": "ICSP",
    "Instrument for Stability": "ICSP",
    "Member State bilateral": "MS",
    "Member State funding": "MS",
    "bilateral": "MS",
    "national funding": "MS",
}
ENLARGEMENT = ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB", "TUR"]
NEIGHBOURHOOD = REGIONS[1][2] + REGIONS[2][2]
INSTRUMENT_SCOPES = {"IPA3": ENLARGEMENT, "IPA2": ENLARGEMENT, "ENI": NEIGHBOURHOOD}

NORMS = [
    ("a", "Inter-State cooperation on security"),
    ("b", "Consider all relevant information in ICT incidents"),
    ("c", "Do not knowingly allow territory to be used for wrongful ICT acts"),
    ("d", "Cooperate against criminal and terrorist use of ICTs"),
    ("e", "Respect human rights and privacy online"),
    ("f", "Do not damage critical infrastructure"),
    ("g", "Protect critical infrastructure"),
    ("h", "Respond to requests for assistance"),
    ("i", "Ensure supply-chain integrity"),
    ("j", "Report ICT vulnerabilities responsibly"),
    ("k", "Do not harm emergency response teams (CERTs/CSIRTs)"),
]
PILLARS = [
    ("international-law", "International law"),
    ("cbms", "Confidence-building measures (CBMs)"),
]
THEMES = [
    ("policy", "Cyber security policy and strategy"),
    ("incident-cip", "Cyber incident management and critical infrastructure protection"),
    ("cybercrime", "Cybercrime"),
    ("culture-skills", "Cyber security culture and skills"),
    ("standards", "Cyber security standards"),
]

region_t = sa.table("region", sa.column("code"), sa.column("name"), sa.column("position"))
country_t = sa.table(
    "country", sa.column("code"), sa.column("alpha2"), sa.column("name"), sa.column("official_name"),
    sa.column("display_name"), sa.column("footnote"), sa.column("region_code"),
)
country_alias_t = sa.table("country_alias", sa.column("alias"), sa.column("country_code"))
instrument_t = sa.table(
    "instrument", sa.column("code"), sa.column("name"), sa.column("full_name"), sa.column("period"),
    sa.column("note"), sa.column("successor_code"), sa.column("position"),
)
instrument_alias_t = sa.table("instrument_alias", sa.column("alias"), sa.column("instrument_code"))
instrument_scope_t = sa.table("instrument_scope", sa.column("instrument_code"), sa.column("country_code"))
norm_t = sa.table("norm", sa.column("code"), sa.column("label"))
pillar_t = sa.table("pillar", sa.column("code"), sa.column("label"), sa.column("position"))
theme_t = sa.table("theme", sa.column("code"), sa.column("name"), sa.column("position"))


def _countries() -> list[dict[str, str | None]]:
    region_of = {code: region for region, _, codes in REGIONS for code in codes}
    rows: list[dict[str, str | None]] = []
    for c in pycountry.countries:
        short = getattr(c, "common_name", None) or c.name
        rows.append({
            "code": c.alpha_3,
            "alpha2": c.alpha_2,
            "name": c.name,
            "official_name": getattr(c, "official_name", None),
            "display_name": DISPLAY_NAMES.get(c.alpha_3, short),
            "footnote": FOOTNOTES.get(c.alpha_3),
            "region_code": region_of.get(c.alpha_3),
        })
    rows.append({
        "code": "XKX", "alpha2": "XK", "name": "Kosovo", "official_name": None,
        "display_name": "Kosovo*", "footnote": KOSOVO_FOOTNOTE, "region_code": "WB",
    })
    return rows


def upgrade() -> None:
    op.bulk_insert(region_t, [{"code": c, "name": n, "position": i} for i, (c, n, _) in enumerate(REGIONS)])
    op.bulk_insert(country_t, _countries())
    op.bulk_insert(country_alias_t, [{"alias": a, "country_code": c} for a, c in COUNTRY_ALIASES.items()])
    # Predecessors point at successors, so insert the current instruments first.
    op.bulk_insert(instrument_t, [
        {"code": c, "name": n, "full_name": f, "period": p, "note": note, "successor_code": s, "position": i}
        for i, (c, n, f, p, note, s) in enumerate(INSTRUMENTS)
    ])
    op.bulk_insert(instrument_alias_t, [{"alias": a, "instrument_code": c} for a, c in INSTRUMENT_ALIASES.items()])
    op.bulk_insert(instrument_scope_t, [
        {"instrument_code": i, "country_code": c} for i, countries in INSTRUMENT_SCOPES.items() for c in countries
    ])
    op.bulk_insert(norm_t, [{"code": c, "label": label} for c, label in NORMS])
    op.bulk_insert(pillar_t, [{"code": c, "label": label, "position": i} for i, (c, label) in enumerate(PILLARS)])
    op.bulk_insert(theme_t, [{"code": c, "name": n, "position": i} for i, (c, n) in enumerate(THEMES)])


def downgrade() -> None:
    for table in ("theme", "pillar", "norm", "instrument_scope", "instrument_alias", "country_alias", "country", "region"):
        op.execute(sa.text(f"DELETE FROM {table}"))
    # Predecessors reference their successors: remove them first.
    op.execute(sa.text("DELETE FROM instrument WHERE successor_code IS NOT NULL"))
    op.execute(sa.text("DELETE FROM instrument"))
