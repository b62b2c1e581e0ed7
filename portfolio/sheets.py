"""The project sheet's columns: what each is called in the template and exports, the other
headings senders use for it, and what it holds. The importer, the exporter and the template all
read this one table."""

from __future__ import annotations

from dataclasses import dataclass

from portfolio.text import normalise_key


@dataclass(frozen=True)
class SheetColumn:
    field: str
    header: str  # as the template and exports write it
    synonyms: tuple[str, ...]
    comment: str
    width: int = 18


COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("ref", "Reference", ("Ref", "Ref.", "Reference", "Project code", "ID", "Project ID", "Code"),
                "What people quote for the project, e.g. GLACY-E. Unique. A row with a known reference updates "
                "that project; without one, a row is matched by its title.", 16),
    SheetColumn("title", "Title", ("Title", "Project title", "Project name", "Name of the action", "Action title",
                                   "Name"), "Required. At most 300 characters.", 50),
    SheetColumn("acronym", "Acronym", ("Acronym", "Short name", "Short title"), "Optional short name.", 14),
    SheetColumn("status", "Status", ("Status", "Project status", "Stage"),
                "pipeline, ongoing, completed, suspended or cancelled ('planned' and 'closed' are understood).", 12),
    SheetColumn("start", "Start date", ("Start", "Start date", "From", "Starting date", "Begin"),
                "A date: 2024-03-01, 01/03/2024, 03/2024, March 2024 or 2024 (a month or year means its first day).",
                12),
    SheetColumn("end", "End date", ("End", "End date", "To", "Until", "End of implementation"),
                "A date, as for the start (a month or year means its last day).", 12),
    SheetColumn("countries", "Beneficiary countries",
                ("Countries", "Country", "Beneficiary countries", "Beneficiary country", "Beneficiary country(ies)",
                 "Beneficiary countries/regions", "Partner countries", "Partner country", "Beneficiaries"),
                "Country names or ISO codes separated by ';' or ','. Region names such as 'Western Balkans', "
                "'EaP countries' or 'Southern Neighbourhood' stand for all their countries.", 36),
    SheetColumn("shares", "Country shares (%)", ("Country shares (%)", "Country shares", "Shares (%)", "Shares"),
                "Optional: each country's share of the budget, in the order of the countries, e.g. '60; 40'. "
                "They must add up to 100.", 14),
    SheetColumn("instrument", "Instrument", ("Instrument", "Instruments", "Funding instrument", "Financing instrument",
                                             "EU instrument"),
                "NDICI-Global Europe, IPA III, European Peace Facility, Global Gateway, ENI, IPA II, IcSP, DCI, "
                "Member State or Other (codes such as NDICI or IPA3 work too).", 18),
    SheetColumn("funders", "Funders", ("Funder", "Funders", "Funder(s)", "Donor", "Donors", "Donor(s)", "Funded by",
                                       "Funding organisation"),
                "Who pays: organisation names or acronyms, e.g. 'DG NEAR; Government of Estonia'.", 24),
    SheetColumn("funding", "Funding lines", ("Funding lines", "Funding breakdown"),
                "Optional, one line per source: 'instrument | funder | amount in EUR', lines separated by ';'. "
                "When given it replaces Instrument, Funders and their amounts.", 36),
    SheetColumn("budget", "Budget (EUR)", ("Budget", "Budget (EUR)", "Budget EUR", "Total budget", "Total budget (EUR)",
                                           "EU contribution (EUR)", "EU contribution", "Amount", "Amount (EUR)",
                                           "Total amount"),
                "Total budget in euros: 1200000, 1,200,000, €1.2m, 850k or 3,5 M€.", 16),
    SheetColumn("implementers", "Implementing organisations",
                ("Implementer", "Implementers", "Implementing partner", "Implementing partners",
                 "Implementing partner(s)", "Implementing organisation", "Implementing organisations",
                 "Implementing agency"),
                "Organisation names or acronyms, separated by ';'. 'Council of Europe (CoE)' registers the acronym.",
                30),
    SheetColumn("norms", "UN norms", ("Norms", "UN norms", "UN GGE norms", "Norm alignment", "UN norm alignment",
                                      "Norm"),
                "Letters a-k of the eleven UN norms (A/70/174, para 13), e.g. 'd; g (secondary)'. '13(d)' and the "
                "norm's label work too.", 16),
    SheetColumn("pillars", "Pillars", ("Pillars", "UN pillars", "Framework pillars"),
                "Optional: 'International law' and/or 'CBMs'.", 16),
    SheetColumn("themes", "GFCE themes", ("Theme", "Themes", "Thematic area", "Thematic areas", "GFCE theme",
                                          "GFCE themes"),
                "Cyber security policy and strategy; Cyber incident management and critical infrastructure "
                "protection; Cybercrime; Cyber security culture and skills; Cyber security standards.", 30),
    SheetColumn("parent", "Parent reference", ("Parent reference", "Parent", "Programme", "Parent programme",
                                               "Part of"), "The reference of the programme this is a component of.",
                16),
    SheetColumn("description", "Description", ("Description", "Summary", "Objectives", "Objective", "Abstract"),
                "What the project does.", 50),
    SheetColumn("website", "Website", ("Website", "URL", "Link", "Web page", "Webpage"),
                "An address starting with https://", 30),
    SheetColumn("contact", "Contact", ("Contact", "Contact person", "Contact point", "Focal point", "Email"),
                "Who to ask about the project.", 24),
    SheetColumn("source", "Source", ("Source", "Data source", "Information source"),
                "Where this information comes from. Left empty, the import batch is recorded.", 30),
    SheetColumn("last_confirmed", "Last confirmed", ("Last confirmed", "Last checked", "Last verified", "Confirmed on"),
                "When the information was last checked against its source.", 14),
)  # fmt: skip

BY_FIELD = {c.field: c for c in COLUMNS}
_SYNONYMS = {normalise_key(s): c.field for c in COLUMNS for s in (*c.synonyms, c.header)}


def field_for_header(header: object) -> str | None:
    """The field a column heading stands for ("Beneficiary country(ies)" -> countries), or None."""
    if header is None:
        return None
    return _SYNONYMS.get(normalise_key(str(header)))
