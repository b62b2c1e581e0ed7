"""The demo portfolio: realistic cyber capacity-building projects for trying the app out.

Titles, partners, periods and budgets follow public descriptions of EU and Member State actions
where we know them, rounded and simplified; every record's source says it is demo data, so no one
mistakes it for the board's figures. Loading it twice adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.models import Project
from portfolio.organisations import resolve_organisation
from portfolio.projects import create_project
from portfolio.reference import Vocabulary
from portfolio.schema import validate_project

DEMO_SOURCE = "Demo data: illustrative record based on public information, not an official figure"

# name, kind, country (ISO alpha-3 or None), aliases
DEMO_ORGANISATIONS: list[tuple[str, str, str | None, tuple[str, ...]]] = [
    ("European Commission - DG NEAR", "eu-institution", None, ("DG NEAR", "DG Enlargement and Eastern Neighbourhood")),
    ("European Commission - DG INTPA", "eu-institution", None, ("DG INTPA", "DG International Partnerships")),
    ("European Commission - FPI", "eu-institution", None, ("FPI", "Service for Foreign Policy Instruments")),
    ("Council of the European Union", "eu-institution", None, ()),
    ("Council of Europe", "international-organisation", None, ("CoE",)),
    ("Estonian Information System Authority", "agency", "EST", ("RIA",)),
    ("e-Governance Academy", "ngo", "EST", ("eGA",)),
    ("Deutsche Gesellschaft für Internationale Zusammenarbeit", "agency", "DEU", ("GIZ",)),
    ("Expertise France", "agency", "FRA", ()),
    ("FIIAPP", "agency", "ESP", ("Fundación Internacional y para Iberoamérica de Administración y Políticas Públicas",)),
    ("Government of Estonia", "member-state", "EST", ("Estonia",)),
    ("Government of the Netherlands", "member-state", "NLD", ("Netherlands",)),
    ("Government of Germany", "member-state", "DEU", ("Germany",)),
    ("Government of France", "member-state", "FRA", ("France",)),
    ("Government of Lithuania", "member-state", "LTU", ("Lithuania",)),
    ("Government of Czechia", "member-state", "CZE", ("Czechia", "Czech Republic")),
    ("Government of Poland", "member-state", "POL", ("Poland",)),
    ("Government of Sweden", "member-state", "SWE", ("Sweden",)),
    ("Government of Spain", "member-state", "ESP", ("Spain",)),
    ("European Union Agency for Cybersecurity", "agency", None, ("ENISA",)),
    ("European Union Agency for Law Enforcement Cooperation", "agency", None, ("Europol",)),
    ("Geneva Centre for Security Sector Governance", "ngo", "CHE", ("DCAF",)),
    ("Global Forum on Cyber Expertise", "international-organisation", None, ("GFCE",)),
    ("United Nations Development Programme", "international-organisation", None, ("UNDP",)),
    ("United Nations Office on Drugs and Crime", "international-organisation", None, ("UNODC",)),
    ("Organization for Security and Co-operation in Europe", "international-organisation", None, ("OSCE",)),
    ("Czech National Cyber and Information Security Agency", "agency", "CZE", ("NÚKIB", "NUKIB")),
    ("Lithuanian National Cyber Security Centre", "agency", "LTU", ("NCSC Lithuania",)),
    ("Tallinn Mechanism", "international-organisation", None, ()),
    ("World Bank", "international-organisation", None, ()),
    ("CEPOL", "agency", None, ("European Union Agency for Law Enforcement Training",)),
    ("Ecole Nationale à Vocation Régionale de Dakar", "academia", "SEN", ("ENVR",)),
]

WB = ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]
EAP = ["ARM", "AZE", "GEO", "MDA", "UKR"]
ECOWAS = ["BEN", "BFA", "CPV", "CIV", "GMB", "GHA", "GIN", "GNB", "LBR", "MLI", "NER", "NGA", "SEN", "SLE", "TGO"]


def _p(**fields: Any) -> dict[str, Any]:
    fields.setdefault("status", "completed")
    fields["source"] = DEMO_SOURCE
    return fields


def _line(instrument: str, funder: str, amount: str | None) -> dict[str, Any]:
    return {"instrument": instrument, "funder": funder, "amount_eur": amount}


DEMO_PROJECTS: list[dict[str, Any]] = [
    # --- Global Action on Cybercrime family (phases of one programme, not duplicates) -----------
    _p(ref="GLACY", acronym="GLACY", title="Global Action on Cybercrime",
       start_date="2013-11-01", end_date="2016-10-31", budget_eur="3350000",
       countries=["MUS", "MAR", "PHL", "SEN", "ZAF", "LKA", "TON"],
       funding=[_line("ICSP", "European Commission (FPI)", "3015000"), _line("OTHER", "Council of Europe", "335000")],
       implementers=["Council of Europe"], norms=["13(d)"], themes=["cybercrime"], pillars=["international-law"]),
    _p(ref="GLACY+", acronym="GLACY+", title="Global Action on Cybercrime Extended",
       start_date="2016-03-01", end_date="2024-02-29", budget_eur="18890000",
       countries=["BEN", "BFA", "CPV", "CHL", "COL", "CRI", "DOM", "GHA", "MUS", "MAR", "NGA", "PHL", "SEN", "LKA", "TON"],
       funding=[_line("ICSP", "European Commission (FPI)", "17000000"), _line("OTHER", "Council of Europe", "1890000")],
       implementers=["Council of Europe", "Interpol"], norms=["d"], themes=["cybercrime", "policy"],
       pillars=["international-law"],
       description="Strengthens the capacities of States worldwide to apply legislation on cybercrime and electronic "
       "evidence and to engage in international cooperation (Budapest Convention)."),
    _p(ref="GLACY-E", acronym="GLACY-e", title="Global Action on Cybercrime Enhanced", status="ongoing",
       start_date="2023-08-01", end_date="2026-07-31", budget_eur="5550000",
       countries=["BRA", "CPV", "CRI", "DOM", "GHA", "KEN", "MUS", "MAR", "NGA", "PHL", "SEN", "LKA", "TON"],
       funding=[_line("NDICI", "European Commission (FPI)", "5000000"), _line("OTHER", "Council of Europe", "550000")],
       implementers=["Council of Europe (CoE)"], norms=["d", "e"], themes=["cybercrime"], pillars=["international-law"],
       description="Supports priority countries in adopting and implementing legislation on cybercrime and "
       "electronic evidence in line with human rights and the rule of law."),
    # --- Council of Europe regional cybercrime actions -----------------------------------------
    _p(ref="IPROCEEDS-2", acronym="iPROCEEDS-2",
       title="Targeting crime proceeds on the Internet and securing electronic evidence in South-East Europe and Türkiye",
       start_date="2020-01-01", end_date="2023-06-30", budget_eur="4945000",
       countries=[*WB, "TUR"],
       funding=[_line("IPA2", "European Commission (DG NEAR)", "4450000"), _line("OTHER", "Council of Europe", "495000")],
       implementers=["Council of Europe"], norms=["d"], themes=["cybercrime"]),
    _p(ref="CYBEREAST", acronym="CyberEast",
       title="Action on Cybercrime for Cyber Resilience in the Eastern Partnership region",
       start_date="2019-06-20", end_date="2024-06-19", budget_eur="5330000",
       countries=["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"],
       funding=[_line("ENI", "European Commission (DG NEAR)", "4800000"), _line("OTHER", "Council of Europe", "530000")],
       implementers=["Council of Europe"], norms=["d", "b"], themes=["cybercrime", "incident-cip"]),
    _p(ref="CYBEREAST+", acronym="CyberEast+", title="Enhanced Action on Cybercrime for Cyber Resilience in the Eastern Partnership",
       status="ongoing", start_date="2024-07-01", end_date="2027-06-30", budget_eur="4000000",
       countries=["ARM", "AZE", "GEO", "MDA", "UKR"],
       funding=[_line("NDICI", "European Commission (DG NEAR)", "3600000"), _line("OTHER", "Council of Europe", "400000")],
       implementers=["Council of Europe"], norms=["d"], themes=["cybercrime"]),
    _p(ref="CYBERSOUTH", acronym="CyberSouth",
       title="Cooperation on cybercrime in the Southern Neighbourhood",
       start_date="2017-07-01", end_date="2024-12-31", budget_eur="5000000",
       countries=[{"country": "DZA", "share_pct": "20"}, {"country": "JOR", "share_pct": "20"},
                  {"country": "LBN", "share_pct": "20"}, {"country": "MAR", "share_pct": "20"},
                  {"country": "TUN", "share_pct": "20"}],
       funding=[_line("ENI", "European Commission (DG NEAR)", "4500000"), _line("OTHER", "Council of Europe", "500000")],
       implementers=["Council of Europe"], norms=["d"], themes=["cybercrime"]),
    # A second record of CyberSouth, as an import from an implementer's sheet might bring it in.
    _p(title="Cyber South - Cooperation on Cybercrime in the Southern Neighbourhood",
       start_date="2017-07-01", end_date="2024-06-30", budget_eur="4950000",
       countries=["Algeria", "Jordan", "Lebanon", "Morocco", "Tunisia"],
       funding=[_line("ENI", "DG NEAR", "4450000")], implementers=["CoE"], themes=["cybercrime"]),
    _p(ref="CYBERSOUTH+", acronym="CyberSouth+", title="Enhanced cooperation on cybercrime and e-evidence in the Southern Neighbourhood",
       status="pipeline", start_date="2025-07-01", end_date="2028-06-30", budget_eur="3500000",
       countries=["DZA", "EGY", "JOR", "LBN", "MAR", "TUN"],
       funding=[_line("NDICI", "European Commission (DG NEAR)", "3500000")],
       implementers=["Council of Europe"], norms=["d"], themes=["cybercrime"]),
    _p(ref="OCTOPUS", acronym="Octopus", title="Octopus Project: cooperation on cybercrime under the Budapest Convention",
       status="ongoing", start_date="2021-01-01", end_date="2026-12-31", budget_eur="6000000",
       countries=["GHA", "NGA", "SEN", "PHL", "LKA", "DOM"],
       funding=[_line("OTHER", "Council of Europe", "6000000")],
       implementers=["Council of Europe"], norms=["d", "a"], themes=["cybercrime"], pillars=["international-law"]),
    # --- EU CyberNet and Cyber4Dev (global) ----------------------------------------------------
    _p(ref="EU-CYBERNET", acronym="EU CyberNet", title="EU Cyber Capacity Building Network",
       status="ongoing", start_date="2019-01-01", end_date="2025-12-31", budget_eur="11000000",
       countries=["DOM", "KEN", "IDN", "UKR", "GEO"],
       funding=[_line("ICSP", "European Commission (FPI)", "4000000"), _line("NDICI", "European Commission (FPI)", "7000000")],
       implementers=["Estonian Information System Authority"], norms=["a", "g", "h"], themes=["policy", "culture-skills"],
       pillars=["cbms"]),
    _p(ref="LAC4", acronym="LAC4", title="Latin America and Caribbean Cyber Competence Centre",
       status="ongoing", start_date="2022-06-01", end_date="2026-05-31", budget_eur="3500000",
       countries=["DOM", "COL", "CRI", "PAN", "BRA", "MEX", "CHL"],
       funding=[_line("NDICI", "European Commission (FPI)", "3500000")],
       implementers=["Estonian Information System Authority"], parent_ref="EU-CYBERNET",
       norms=["g", "k"], themes=["incident-cip", "culture-skills"]),
    _p(ref="CYBER4DEV", acronym="Cyber4Dev", title="Cyber Resilience for Development",
       start_date="2017-01-01", end_date="2024-06-30", budget_eur="10600000",
       countries=["BWA", "MUS", "GHA", "UGA", "DOM", "PNG", "UKR", "MDA"],
       funding=[_line("ICSP", "European Commission (FPI)", "10600000")],
       implementers=["Estonian Information System Authority", "Government of the Netherlands", "Government of Germany"],
       norms=["g", "k"], themes=["incident-cip", "policy"]),
    _p(ref="CYBER4DEV-II", acronym="Cyber4Dev II", title="Cyber Resilience for Development, phase II",
       status="ongoing", start_date="2024-07-01", end_date="2028-06-30", budget_eur="12000000",
       countries=["GHA", "KEN", "DOM", "PNG", "UKR", "MDA", "BRA"],
       funding=[_line("NDICI", "European Commission (FPI)", "12000000")],
       implementers=["Estonian Information System Authority", "Expertise France"],
       norms=["g", "k", "h"], themes=["incident-cip", "policy"]),
    # --- Asia ---------------------------------------------------------------------------------
    _p(ref="ESIWA", acronym="ESIWA", title="Enhancing Security Cooperation In and With Asia",
       start_date="2020-01-01", end_date="2024-12-31", budget_eur="15000000",
       countries=["IND", "IDN", "JPN", "KOR", "SGP", "VNM"],
       funding=[_line("ICSP", "European Commission (FPI)", "6000000"), _line("MS", "Government of Germany", "4500000"),
                _line("MS", "Government of France", "4500000")],
       implementers=["Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)", "Expertise France"],
       norms=["a", "c", "g"], themes=["policy", "incident-cip"], pillars=["cbms"]),
    _p(ref="ESIWA+", acronym="ESIWA+", title="Enhancing Security Cooperation In and With Asia and the Indo-Pacific",
       status="ongoing", start_date="2025-01-01", end_date="2028-12-31", budget_eur="21000000",
       countries=["IND", "IDN", "JPN", "KOR", "SGP", "VNM", "MYS", "THA", "PHL"],
       funding=[_line("NDICI", "European Commission (FPI)", "15000000"), _line("MS", "Government of Germany", "3000000"),
                _line("MS", "Government of France", "3000000")],
       implementers=["GIZ", "Expertise France"], norms=["a", "c", "g"], themes=["policy", "incident-cip"], pillars=["cbms"]),
    # --- Africa -------------------------------------------------------------------------------
    _p(ref="OCWAR-C", acronym="OCWAR-C", title="Organised Crime: West African Response on Cybercrime",
       start_date="2019-01-01", end_date="2023-12-31", budget_eur="7000000", countries=ECOWAS,
       funding=[_line("DCI", "European Commission (DG INTPA)", "7000000")],
       implementers=["Expertise France"], norms=["d"], themes=["cybercrime", "policy"]),
    _p(ref="ENVR-DAKAR", title="Regional cybersecurity school in Dakar (ENVR)",
       status="ongoing", start_date="2019-11-01", end_date="2026-12-31", budget_eur="2500000",
       countries=["SEN", "CIV", "BEN", "MLI", "NER", "BFA", "TGO"],
       funding=[_line("MS", "Government of France", "2500000")],
       implementers=["Ecole Nationale à Vocation Régionale de Dakar"], themes=["culture-skills"], norms=["g"]),
    _p(ref="D4D-CYBER", title="Digital4Development Hub: cybersecurity and trusted connectivity in Africa",
       status="ongoing", start_date="2023-01-01", end_date="2027-12-31", budget_eur="8000000",
       countries=["KEN", "NGA", "ZAF", "RWA", "ETH"],
       funding=[_line("GG", "European Commission (DG INTPA)", "8000000")],
       implementers=["GIZ", "Expertise France", "Estonian Information System Authority"],
       norms=["g", "i"], themes=["standards", "incident-cip"]),
    # --- Latin America ------------------------------------------------------------------------
    _p(ref="ELPACCTO-CYBER", title="EL PACCTO 2.0: cybercrime component",
       status="ongoing", start_date="2023-01-01", end_date="2027-12-31", budget_eur="4000000",
       countries=["ARG", "BRA", "CHL", "COL", "ECU", "MEX", "PER"],
       funding=[_line("NDICI", "European Commission (DG INTPA)", "4000000")],
       implementers=["FIIAPP", "Expertise France"], norms=["d"], themes=["cybercrime"]),
    _p(ref="EU-LAC-DIGITAL", title="EU-LAC Digital Alliance: secure and trusted connectivity",
       status="ongoing", start_date="2023-03-01", end_date="2026-12-31", budget_eur="6000000",
       countries=["BRA", "COL", "CRI", "DOM", "PAN", "ECU"],
       funding=[_line("GG", "European Commission (DG INTPA)", "6000000")],
       implementers=["GIZ"], norms=["i", "j"], themes=["standards", "policy"]),
    # --- Eastern Neighbourhood ----------------------------------------------------------------
    _p(ref="EU4DIGITAL", acronym="EU4Digital", title="EU4Digital Facility: supporting the digital economy and society in the Eastern Partnership",
       start_date="2019-01-01", end_date="2024-12-31", budget_eur="20000000", countries=EAP,
       funding=[_line("ENI", "European Commission (DG NEAR)", "20000000")],
       implementers=["Estonian Information System Authority", "e-Governance Academy"], themes=["policy"]),
    _p(ref="EU4DIGITAL-CYBER", title="EU4Digital: improving cyber resilience in the Eastern Partnership countries",
       start_date="2019-06-01", end_date="2022-12-31", budget_eur="6100000", parent_ref="EU4DIGITAL",
       countries=EAP, funding=[_line("ENI", "European Commission (DG NEAR)", "6100000")],
       implementers=["Estonian Information System Authority", "Lithuanian National Cyber Security Centre",
                     "Government of Poland"],
       norms=["g", "k", "h"], themes=["incident-cip", "policy"]),
    _p(ref="EU4DIGITAL-SKILLS", title="EU4Digital: cyber security skills and awareness",
       start_date="2020-01-01", end_date="2023-12-31", budget_eur="2000000", parent_ref="EU4DIGITAL",
       countries=["ARM", "GEO", "MDA", "UKR"], funding=[_line("ENI", "European Commission (DG NEAR)", "2000000")],
       implementers=["e-Governance Academy"], themes=["culture-skills"]),
    _p(ref="UA-CYBER-RESILIENCE", title="EU support to the cyber resilience of Ukraine",
       status="ongoing", start_date="2022-06-01", end_date="2026-05-31", budget_eur="10000000", countries=["UKR"],
       funding=[_line("NDICI", "European Commission (DG NEAR)", "10000000")],
       implementers=["e-Governance Academy", "Estonian Information System Authority"],
       norms=["g", "h", "k"], themes=["incident-cip"]),
    _p(ref="TALLINN-MECH-UA", title="Tallinn Mechanism: civilian cyber assistance to Ukraine",
       status="ongoing", start_date="2024-01-01", end_date="2026-12-31", budget_eur="7500000", countries=["UKR"],
       funding=[_line("MS", "Government of Estonia", "2500000"), _line("MS", "Government of the Netherlands", "2500000"),
                _line("MS", "Government of Poland", "2500000")],
       implementers=["Tallinn Mechanism"], norms=["h", "g"], themes=["incident-cip"]),
    _p(ref="EPF-UA-CYBER", title="EPF assistance measure: cyber defence of the Ukrainian Armed Forces",
       status="ongoing", start_date="2023-02-01", end_date="2026-01-31", budget_eur="20000000", countries=["UKR"],
       funding=[_line("EPF", "Council of the European Union", "20000000")],
       implementers=["Council of the European Union"], norms=["g", "h"], themes=["incident-cip"]),
    _p(ref="MD-CYBER", title="EU support to Moldova's cyber security and resilience",
       status="ongoing", start_date="2023-01-01", end_date="2026-06-30", budget_eur="4500000", countries=["MDA"],
       funding=[_line("NDICI", "European Commission (DG NEAR)", "4500000")],
       implementers=["e-Governance Academy"], norms=["g", "k"], themes=["incident-cip", "policy"]),
    _p(ref="MD-CSIRT-EE", title="Strengthening Moldova's national CSIRT (Estonian bilateral support)",
       status="ongoing", start_date="2023-06-01", end_date="2025-12-31", budget_eur="900000", countries=["Republic of Moldova"],
       funding=[_line("MS", "Government of Estonia", "900000")],
       implementers=["Estonian Information System Authority"], norms=["g", "k"], themes=["incident-cip"]),
    _p(ref="EPF-MD", title="EPF assistance measure: cyber defence capabilities of the Moldovan Armed Forces",
       status="ongoing", start_date="2023-06-01", end_date="2026-05-31", budget_eur="3000000", countries=["MDA"],
       funding=[_line("EPF", "Council of the European Union", "3000000")],
       implementers=["Council of the European Union"], norms=["g"], themes=["incident-cip"]),
    _p(ref="EPF-GE", title="EPF assistance measure: Georgian Defence Forces, including cyber defence",
       status="ongoing", start_date="2022-01-01", end_date="2025-12-31", budget_eur="2500000", countries=["GEO"],
       funding=[_line("EPF", "Council of the European Union", "2500000")],
       implementers=["Council of the European Union"], norms=["g"], themes=["incident-cip"]),
    _p(ref="GE-CYBER-CZ", title="Cyber security capacity of Georgian public institutions (Czech bilateral support)",
       status="ongoing", start_date="2022-03-01", end_date="2025-02-28", budget_eur="600000", countries=["GEO"],
       funding=[_line("MS", "Government of Czechia", "600000")],
       implementers=["Czech National Cyber and Information Security Agency (NÚKIB)"], norms=["g"], themes=["incident-cip", "policy"]),
    _p(ref="AM-CYBER-SE", title="Armenia: cyber security governance and data protection",
       status="pipeline", start_date="2026-01-01", end_date="2028-12-31", budget_eur="1200000", countries=["ARM"],
       funding=[_line("MS", "Government of Sweden", "1200000")], implementers=["DCAF"],
       norms=["e"], themes=["policy"]),
    # --- Western Balkans and Türkiye ----------------------------------------------------------
    _p(ref="WB-CYBER", title="Cyber resilience in the Western Balkans (IPA III multi-country programme)",
       status="ongoing", start_date="2022-09-01", end_date="2027-08-31", budget_eur="12000000", countries=WB,
       funding=[_line("IPA3", "European Commission (DG NEAR)", "12000000")],
       implementers=["GIZ", "European Union Agency for Cybersecurity (ENISA)"], themes=["policy", "incident-cip"]),
    _p(ref="WB-CYBER-CSIRT", title="Western Balkans cyber resilience: national CSIRTs and incident response",
       status="ongoing", start_date="2022-09-01", end_date="2025-08-31", budget_eur="5000000", parent_ref="WB-CYBER",
       countries=[{"country": c, "share_pct": s} for c, s in
                  [("ALB", "20"), ("BIH", "15"), ("XKX", "15"), ("MNE", "15"), ("MKD", "15"), ("SRB", "20")]],
       funding=[_line("IPA3", "European Commission (DG NEAR)", "5000000")],
       implementers=["GIZ"], norms=["g", "k", "h"], themes=["incident-cip"]),
    _p(ref="WB-CYBER-LAW", title="Western Balkans cyber resilience: legislation aligned with the NIS2 Directive",
       status="ongoing", start_date="2023-01-01", end_date="2026-12-31", budget_eur="3000000", parent_ref="WB-CYBER",
       countries=WB, funding=[_line("IPA3", "European Commission (DG NEAR)", "3000000")],
       implementers=["ENISA"], norms=["g", "i"], themes=["policy", "standards"]),
    _p(ref="WB-CYBER-SKILLS", title="Western Balkans cyber resilience: cyber skills for public administrations",
       status="ongoing", start_date="2023-03-01", end_date="2027-02-28", budget_eur="2500000", parent_ref="WB-CYBER",
       countries=["ALB", "MNE", "MKD", "SRB"], funding=[_line("IPA3", "European Commission (DG NEAR)", "2500000")],
       implementers=["e-Governance Academy"], themes=["culture-skills"]),
    _p(ref="AL-CYBER", title="Support to Albania's cyber security after the 2022 attacks on government systems",
       status="ongoing", start_date="2023-01-01", end_date="2025-12-31", budget_eur="3000000", countries=["ALB"],
       funding=[_line("IPA3", "European Commission (DG NEAR)", "3000000")],
       implementers=["e-Governance Academy"], norms=["g", "h"], themes=["incident-cip"]),
    _p(ref="AL-CYBER-NL", title="Netherlands support to Albania's National Authority for Electronic Certification and Cyber Security",
       status="ongoing", start_date="2023-04-01", end_date="2025-09-30", budget_eur="750000", countries=["Albania"],
       funding=[_line("MS", "Government of the Netherlands", "750000")],
       implementers=["Government of the Netherlands"], norms=["g"], themes=["incident-cip"]),
    _p(ref="ME-CYBER-FR", title="Montenegro: cyber security capacity building after the 2022 incidents",
       status="completed", start_date="2022-10-01", end_date="2024-09-30", budget_eur="800000", countries=["MNE"],
       funding=[_line("MS", "Government of France", "800000")],
       implementers=["Expertise France"], norms=["g", "h"], themes=["incident-cip"]),
    _p(ref="XK-CYBER", title="Kosovo*: establishing a national cyber security agency",
       status="ongoing", start_date="2024-01-01", end_date="2026-12-31", budget_eur="1500000", countries=["Kosovo*"],
       funding=[_line("IPA3", "European Commission (DG NEAR)", "1500000")],
       implementers=["GIZ"], themes=["policy"], norms=["g"]),
    _p(ref="TR-CYBERCRIME", title="Türkiye: judicial cooperation on cybercrime and electronic evidence",
       status="completed", start_date="2018-01-01", end_date="2021-12-31", budget_eur="2000000", countries=["Türkiye"],
       funding=[_line("IPA2", "European Commission (DG NEAR)", "2000000")],
       implementers=["Council of Europe"], norms=["d"], themes=["cybercrime"]),
    _p(ref="WB-EUROPOL-CYBER", title="Western Balkans: countering cyber-enabled crime with Europol and CEPOL",
       status="ongoing", start_date="2023-07-01", end_date="2026-06-30", budget_eur="2800000", countries=WB,
       funding=[_line("IPA3", "European Commission (DG NEAR)", "2800000")],
       implementers=["Europol", "CEPOL"], norms=["d"], themes=["cybercrime"]),
    # --- Southern Neighbourhood ---------------------------------------------------------------
    _p(ref="TN-CYBER", title="Tunisia: national cyber security strategy and sector CSIRTs",
       status="ongoing", start_date="2022-01-01", end_date="2025-12-31", budget_eur="2000000", countries=["TUN"],
       funding=[_line("NDICI", "European Commission (DG NEAR)", "2000000")],
       implementers=["Expertise France"], norms=["g", "k"], themes=["policy", "incident-cip"]),
    _p(ref="MA-CYBER-ES", title="Morocco: cyber security of critical infrastructure operators",
       status="ongoing", start_date="2023-01-01", end_date="2025-12-31", budget_eur="1100000", countries=["MAR"],
       funding=[_line("MS", "Government of Spain", "1100000")], implementers=["FIIAPP"],
       norms=["g"], themes=["incident-cip"]),
    _p(ref="JO-LB-CYBER", title="Jordan and Lebanon: cyber security awareness and skills for youth",
       status="ongoing", start_date="2024-01-01", end_date="2026-12-31", budget_eur="1800000",
       countries=[{"country": "JOR", "share_pct": "60"}, {"country": "LBN", "share_pct": "40"}],
       funding=[_line("NDICI", "European Commission (DG NEAR)", "1800000")], implementers=["UNDP"],
       themes=["culture-skills"]),
    _p(ref="PS-CYBER", title="Palestine*: digital government and cyber security of public services",
       status="ongoing", start_date="2023-05-01", end_date="2026-04-30", budget_eur="1400000",
       countries=["Occupied Palestinian Territory"],
       funding=[_line("NDICI", "European Commission (DG NEAR)", "1400000")], implementers=["UNDP"],
       norms=["g"], themes=["policy", "incident-cip"]),
    _p(ref="EG-CYBERCRIME", title="Egypt: strengthening criminal justice responses to cybercrime",
       status="completed", start_date="2019-01-01", end_date="2022-12-31", budget_eur="1500000", countries=["EGY"],
       funding=[_line("ENI", "European Commission (DG NEAR)", "1500000")], implementers=["UNODC"],
       norms=["d"], themes=["cybercrime"]),
    _p(ref="SN-CBM-OSCE", title="Mediterranean dialogue on cyber confidence-building measures",
       status="cancelled", start_date="2021-01-01", end_date="2022-12-31", budget_eur="600000",
       countries=["DZA", "EGY", "ISR", "JOR", "MAR", "TUN"],
       funding=[_line("OTHER", "OSCE", "600000")], implementers=["OSCE"], norms=["a", "b"], themes=["policy"],
       pillars=["cbms"]),
    _p(ref="GFCE-WB-EN", title="GFCE regional hub: mapping cyber capacity needs in the Western Balkans and Eastern Partnership",
       status="ongoing", start_date="2024-03-01", end_date="2026-02-28", budget_eur="700000",
       countries=[*WB, *EAP],
       funding=[_line("MS", "Government of the Netherlands", "700000")], implementers=["GFCE"], themes=["policy"]),
]


@dataclass(frozen=True)
class DemoLoad:
    created: int
    skipped: int


def portfolio_is_empty(session: Session) -> bool:
    return (session.scalar(select(func.count()).select_from(Project)) or 0) == 0


def load_demo(session: Session, *, vocabulary: Vocabulary, actor: str) -> DemoLoad:
    """Add the demo portfolio; projects already present (by reference or title) are skipped."""
    for name, kind, country, aliases in DEMO_ORGANISATIONS:
        resolve_organisation(session, name=name, kind=kind, country_code=country, aliases=aliases)
    present_refs = set(session.scalars(select(Project.ref).where(Project.ref.is_not(None))))
    present_titles = set(session.scalars(select(Project.title)))
    created = skipped = 0
    # Parents first, so components can name them.
    for fields in sorted(DEMO_PROJECTS, key=lambda f: "parent_ref" in f):
        if fields.get("ref") in present_refs or (not fields.get("ref") and fields["title"] in present_titles):
            skipped += 1
            continue
        create_project(session, project=validate_project(fields, vocabulary=vocabulary), actor=actor)
        created += 1
    return DemoLoad(created=created, skipped=skipped)
