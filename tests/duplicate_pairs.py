"""A labelled set of project pairs written the way real records differ, for the duplication checks:
`same` pairs are one project entered twice; the others are different projects (programme phases,
the same implementer's other projects, neighbours in place and time)."""

from __future__ import annotations

from typing import Any

from tests.factories import admin

P = dict[str, Any]


def _p(title: str, **fields: Any) -> P:
    fields["title"] = title
    fields.setdefault("countries", ["SRB"])
    fields.setdefault("start_date", "2023-01-01")
    fields.setdefault("end_date", "2025-12-31")
    return fields


def _line(funder: str, amount: str | None = None, instrument: str = "NDICI") -> list[dict[str, Any]]:
    return [{"instrument": instrument, "funder": funder, "amount_eur": amount}]


COE, GIZ, EF, EGA, RIA, UNDP, UNODC = ("Council of Europe", "GIZ", "Expertise France", "e-Governance Academy",
                                       "Estonian Information System Authority", "UNDP", "UNODC")  # fmt: skip
NEAR, FPI, INTPA = "DG NEAR", "FPI", "DG INTPA"

SAME: list[tuple[P, P]] = [
    (_p("GLACY-e – Global Action on Cybercrime Enhanced", ref="GLACY-E", acronym="GLACY-e", countries=["GHA", "NGA", "SEN"],
        funding=_line(FPI, "5000000"), implementers=[COE], start_date="2023-08-01", end_date="2026-07-31", budget_eur="5550000"),
     _p("Global action on cyber-crime (enhanced)", countries=["GHA", "NGA"], funding=_line(FPI), implementers=["CoE"],
        start_date="2023-09-01", end_date="2026-07-31", budget_eur="5500000")),
    (_p("Cooperation on cybercrime in the Southern Neighbourhood", ref="CYBERSOUTH", countries=["DZA", "JOR", "LBN", "MAR", "TUN"],
        funding=_line(NEAR, None, "ENI"), implementers=[COE], start_date="2017-07-01", end_date="2024-12-31", budget_eur="5000000"),
     _p("Cyber South - Cooperation on Cybercrime in the Southern Neighbourhood", countries=["DZA", "JOR", "LBN", "MAR", "TUN"],
        funding=_line(NEAR, None, "ENI"), implementers=[COE], start_date="2017-07-01", end_date="2024-06-30", budget_eur="4950000")),
    (_p("Strengthening the national CSIRT of Moldova", countries=["MDA"], funding=_line("Government of Estonia"),
        implementers=[RIA], budget_eur="900000"),
     _p("Strenghtening the national CSIRT of Moldova", countries=["MDA"], funding=_line("Government of Estonia"),
        implementers=[RIA], budget_eur="900000")),
    (_p("Cyber resilience in the EaP countries", acronym="EaP-CR", countries=["ARM", "GEO", "MDA", "UKR"], funding=_line(NEAR),
        implementers=[EGA], budget_eur="2000000"),
     _p("Cyber resilience in the Eastern Partnership countries", countries=["ARM", "GEO", "MDA"], funding=_line(NEAR),
        implementers=[EGA], budget_eur="2100000")),
    (_p("Support to Albania's cyber security after the 2022 attacks", ref="AL-CYBER", countries=["ALB"], funding=_line(NEAR, None, "IPA3"),
        implementers=[EGA], budget_eur="3000000"),
     _p("Albania cyber security support following the 2022 attacks", ref="AL CYBER", countries=["ALB"], funding=_line(NEAR, None, "IPA3"),
        implementers=[EGA], budget_eur="3000000")),
    (_p("Lutte contre la cybercriminalité en Afrique de l'Ouest", acronym="OCWAR-C", countries=["SEN", "CIV", "GHA", "NGA"],
        funding=_line(INTPA, None, "DCI"), implementers=[EF], start_date="2019-01-01", end_date="2023-12-31", budget_eur="7000000"),
     _p("Organised Crime: West African Response on Cybercrime", acronym="OCWAR-C", countries=["SEN", "CIV", "GHA"],
        funding=_line(INTPA, None, "DCI"), implementers=[EF], start_date="2019-01-01", end_date="2023-12-31", budget_eur="7000000")),
    (_p("Western Balkans regional cyber drills", countries=["ALB", "BIH", "MNE", "MKD", "SRB", "XKX"], funding=_line(NEAR, None, "IPA3"),
        implementers=[GIZ], budget_eur="1200000"),
     _p("Regional cyber drills, Western Balkans", countries=["ALB", "MNE", "SRB"], funding=_line(NEAR, None, "IPA3"),
        implementers=[GIZ], budget_eur="1200000")),
    (_p("EU support to the cyber resilience of Ukraine", ref="UA-CR", countries=["UKR"], funding=_line(NEAR), implementers=[EGA, RIA],
        start_date="2022-06-01", end_date="2026-05-31", budget_eur="10000000"),
     _p("Cyber resilience of Ukraine – EU support", countries=["UKR"], funding=_line(NEAR), implementers=[EGA],
        start_date="2022-06-01", end_date="2026-05-31", budget_eur="10000000")),
    (_p("Tunisia: national cyber security strategy and sector CSIRTs", countries=["TUN"], funding=_line(NEAR), implementers=[EF],
        start_date="2022-01-01", end_date="2025-12-31", budget_eur="2000000"),
     _p("National cybersecurity strategy & sectoral CERTs in Tunisia", countries=["TUN"], funding=_line(NEAR), implementers=[EF],
        start_date="2022-03-01", end_date="2025-12-31", budget_eur="2000000")),
    (_p("Enhancing Security Cooperation In and With Asia", acronym="ESIWA", countries=["IND", "IDN", "JPN", "KOR"], funding=_line(FPI),
        implementers=[GIZ, EF], start_date="2020-01-01", end_date="2024-12-31", budget_eur="15000000"),
     _p("ESIWA", acronym="ESIWA", countries=["IND", "IDN"], funding=_line(FPI), implementers=[GIZ],
        start_date="2020-01-01", end_date="2024-12-31", budget_eur="15000000")),
    (_p("Cyber skills for youth in Jordan and Lebanon", countries=["JOR", "LBN"], funding=_line(NEAR), implementers=[UNDP],
        start_date="2024-01-01", end_date="2026-12-31", budget_eur="1800000"),
     _p("Jordan & Lebanon: cyber security skills for young people", countries=["JOR", "LBN"], funding=_line(NEAR), implementers=[UNDP],
        start_date="2024-01-01", end_date="2026-12-31", budget_eur="1750000")),
    (_p("Egypt: strengthening criminal justice responses to cybercrime", countries=["EGY"], funding=_line(NEAR, None, "ENI"),
        implementers=[UNODC], start_date="2019-01-01", end_date="2022-12-31", budget_eur="1500000"),
     _p("Strengthening criminal justice response to cyber crime in Egypt", countries=["EGY"], funding=_line(NEAR, None, "ENI"),
        implementers=[UNODC], start_date="2019-01-01", end_date="2022-12-31", budget_eur="1500000")),
    (_p("Cyber Resilience for Development", acronym="Cyber4Dev", countries=["BWA", "MUS", "GHA", "UGA"], funding=_line(FPI, None, "ICSP"),
        implementers=[RIA], start_date="2017-01-01", end_date="2024-06-30", budget_eur="10600000"),
     _p("Cyber4Dev", acronym="Cyber4D", countries=["GHA", "UGA"], funding=_line(FPI, None, "ICSP"), implementers=[RIA],
        start_date="2017-01-01", end_date="2024-06-30", budget_eur="10600000")),
    (_p("Georgia cyber security capacity of public institutions", countries=["GEO"], funding=_line("Government of Czechia"),
        implementers=["NUKIB"], start_date="2022-03-01", end_date="2025-02-28", budget_eur="600000"),
     _p("Cyber security capacity of Georgian public institutions", countries=["GEO"], funding=_line("Government of Czechia"),
        implementers=["NUKIB"], start_date="2022-03-01", end_date="2025-02-28", budget_eur="600000")),
    (_p("Kosovo*: establishing a national cyber security agency", countries=["XKX"], funding=_line(NEAR, None, "IPA3"),
        implementers=[GIZ], start_date="2024-01-01", end_date="2026-12-31", budget_eur="1500000"),
     _p("Establishment of the National Cybersecurity Agency of Kosovo", countries=["XKX"], funding=_line(NEAR, None, "IPA3"),
        implementers=[GIZ], start_date="2024-01-01", end_date="2026-12-31", budget_eur="1500000")),
    (_p("Morocco: cyber security of critical infrastructure operators", countries=["MAR"], funding=_line("Government of Spain"),
        implementers=["FIIAPP"], start_date="2023-01-01", end_date="2025-12-31", budget_eur="1100000"),
     _p("Cybersecurity of critical infrastructure operators (Morocco)", countries=["MAR"], funding=_line("Government of Spain"),
        implementers=["FIIAPP"], start_date="2023-02-01", end_date="2025-12-31", budget_eur="1050000")),
    (_p("Palestine*: digital government and cyber security of public services", countries=["PSE"], funding=_line(NEAR),
        implementers=[UNDP], start_date="2023-05-01", end_date="2026-04-30", budget_eur="1400000"),
     _p("Digital government and cybersecurity of public services in Palestine", countries=["PSE"], funding=_line(NEAR),
        implementers=[UNDP], start_date="2023-05-01", end_date="2026-04-30")),
    (_p("Armenia: cyber security governance and data protection", countries=["ARM"], funding=_line("Government of Sweden"),
        implementers=["DCAF"], start_date="2026-01-01", end_date="2028-12-31", budget_eur="1200000"),
     _p("Cyber-security governance and data protection in Armenia", countries=["ARM"], funding=_line("Government of Sweden"),
        implementers=["DCAF"], start_date="2026-01-01", end_date="2028-12-31", budget_eur="1200000")),
    (_p("Latin America and Caribbean Cyber Competence Centre", acronym="LAC4", countries=["DOM"], funding=_line(FPI),
        implementers=[RIA], start_date="2022-06-01", end_date="2026-05-31", budget_eur="3500000"),
     _p("LAC4 - Cyber Competence Centre for Latin America and the Caribbean", countries=["DOM"], funding=_line(FPI),
        implementers=[RIA], start_date="2022-06-01", end_date="2026-05-31", budget_eur="3500000")),
    (_p("Montenegro cyber security capacity building after the 2022 incidents", countries=["MNE"], funding=_line("Government of France"),
        implementers=[EF], start_date="2022-10-01", end_date="2024-09-30", budget_eur="800000"),
     _p("Capacity building in cyber security for Montenegro following the 2022 incidents", countries=["MNE"],
        funding=_line("Government of France"), implementers=[EF], start_date="2022-10-01", end_date="2024-09-30", budget_eur="800000")),
    (_p("Western Balkans: countering cyber-enabled crime with Europol and CEPOL", countries=["ALB", "SRB", "MKD"],
        funding=_line(NEAR, None, "IPA3"), implementers=["Europol", "CEPOL"], start_date="2023-07-01", end_date="2026-06-30"),
     _p("Countering cyber enabled crime in the WB6 (Europol/CEPOL)", countries=["ALB", "SRB", "MKD", "MNE"],
        funding=_line(NEAR, None, "IPA3"), implementers=["Europol"], start_date="2023-07-01", end_date="2026-06-30")),
    (_p("Türkiye: judicial cooperation on cybercrime and electronic evidence", countries=["TUR"], funding=_line(NEAR, None, "IPA2"),
        implementers=[COE], start_date="2018-01-01", end_date="2021-12-31", budget_eur="2000000"),
     _p("Judicial cooperation on cybercrime and e-evidence in Turkey", countries=["TUR"], funding=_line(NEAR, None, "IPA2"),
        implementers=[COE], start_date="2018-01-01", end_date="2021-12-31", budget_eur="2000000")),
    (_p("Regional cybersecurity school in Dakar", acronym="ENVR", countries=["SEN"], funding=_line("Government of France"),
        implementers=["ENVR"], start_date="2019-11-01", end_date="2026-12-31", budget_eur="2500000"),
     _p("ENVR Dakar – regional cyber security school", countries=["SEN", "CIV"], funding=_line("Government of France"),
        implementers=["ENVR"], start_date="2019-11-01", end_date="2026-12-31", budget_eur="2500000")),
    (_p("EU4Digital: improving cyber resilience in the Eastern Partnership countries", ref="EU4DIGITAL-CYBER",
        countries=["ARM", "AZE", "GEO", "MDA", "UKR"], funding=_line(NEAR, None, "ENI"), implementers=[RIA],
        start_date="2019-06-01", end_date="2022-12-31", budget_eur="6100000"),
     _p("EU4Digital Cybersecurity – EaP cyber resilience", ref="EU4DIGITAL CYBER", countries=["ARM", "GEO", "MDA", "UKR"],
        funding=_line(NEAR, None, "ENI"), implementers=[RIA], start_date="2019-06-01", end_date="2022-12-31")),
    (_p("Mediterranean dialogue on cyber confidence-building measures", countries=["DZA", "EGY", "JOR", "MAR", "TUN"],
        funding=_line("OSCE", None, "OTHER"), implementers=["OSCE"], start_date="2021-01-01", end_date="2022-12-31", budget_eur="600000"),
     _p("Cyber CBMs: Mediterranean dialogue", countries=["EGY", "JOR", "MAR", "TUN"], funding=_line("OSCE", None, "OTHER"),
        implementers=["OSCE"], start_date="2021-01-01", end_date="2022-12-31", budget_eur="600000")),
    (_p("Digital4Development Hub: cybersecurity and trusted connectivity in Africa", ref="D4D-CYBER", countries=["KEN", "NGA", "ZAF"],
        funding=_line(INTPA, None, "GG"), implementers=[GIZ, EF], start_date="2023-01-01", end_date="2027-12-31", budget_eur="8000000"),
     _p("D4D Hub – cyber security and trusted connectivity (Africa)", ref="D4D CYBER", countries=["KEN", "NGA"],
        funding=_line(INTPA, None, "GG"), implementers=[GIZ], start_date="2023-01-01", end_date="2027-12-31", budget_eur="8000000")),
    (_p("Cybercrime legislation in the Eastern Partnership", acronym="EAP-LAW", countries=["ARM", "AZE", "GEO", "MDA", "UKR"],
        funding=_line(NEAR), implementers=[COE], start_date="2024-03-01", end_date="2026-12-31", budget_eur="850000"),
     _p("EaP cybercrime legislation", acronym="EAP LAW", countries=["ARM", "GEO", "MDA", "UKR"], funding=_line(NEAR),
        implementers=["CoE"], start_date="2024-03-01", end_date="2026-12-31", budget_eur="850000")),
    (_p("Cyber skills for public administrations in the Western Balkans", countries=["ALB", "MNE", "MKD", "SRB"],
        funding=_line(NEAR, None, "IPA3"), implementers=[EGA], start_date="2023-03-01", end_date="2027-02-28", budget_eur="2500000"),
     _p("Western Balkans public administration cyber skills", countries=["ALB", "MNE", "SRB"], funding=_line(NEAR, None, "IPA3"),
        implementers=[EGA], start_date="2023-03-01", end_date="2027-02-28", budget_eur="2500000")),
    (_p("Octopus Project", acronym="Octopus", countries=["GHA", "NGA", "PHL"], funding=_line(COE, None, "OTHER"), implementers=[COE],
        start_date="2021-01-01", end_date="2026-12-31", budget_eur="6000000"),
     _p("The Octopus project on cybercrime (Budapest Convention)", acronym="OCTOPUS", countries=["GHA", "PHL"],
        funding=_line(COE, None, "OTHER"), implementers=[COE], start_date="2021-01-01", end_date="2026-12-31", budget_eur="6000000")),
    (_p("Strengthening Moldova's national CSIRT (Estonian bilateral support)", countries=["MDA"], funding=_line("Government of Estonia"),
        implementers=[RIA], start_date="2023-06-01", end_date="2025-12-31", budget_eur="900000"),
     _p("Estonian support to the Moldovan national CERT", countries=["MDA"], funding=_line("Government of Estonia"),
        implementers=[RIA], start_date="2023-06-01", end_date="2025-12-31", budget_eur="900000")),
]  # fmt: skip

DIFFERENT: list[tuple[P, P]] = [
    # successive phases of one programme
    (_p("Global Action on Cybercrime Extended", ref="GLACY+", acronym="GLACY+", countries=["GHA", "NGA", "SEN"], funding=_line(FPI),
        implementers=[COE], start_date="2016-03-01", end_date="2024-02-29", budget_eur="18890000"),
     _p("Global Action on Cybercrime Enhanced", ref="GLACY-E", acronym="GLACY-e", countries=["GHA", "NGA", "SEN"], funding=_line(FPI),
        implementers=[COE], start_date="2023-08-01", end_date="2026-07-31", budget_eur="5550000")),
    (_p("Enhancing Security Cooperation In and With Asia", ref="ESIWA", acronym="ESIWA", countries=["IND", "IDN", "JPN"],
        funding=_line(FPI), implementers=[GIZ], start_date="2020-01-01", end_date="2024-12-31", budget_eur="15000000"),
     _p("Enhancing Security Cooperation In and With Asia and the Indo-Pacific", ref="ESIWA+", acronym="ESIWA+",
        countries=["IND", "IDN", "JPN"], funding=_line(FPI), implementers=[GIZ], start_date="2025-01-01", end_date="2028-12-31",
        budget_eur="21000000")),
    (_p("Action on Cybercrime for Cyber Resilience in the Eastern Partnership region", ref="CYBEREAST", acronym="CyberEast",
        countries=["ARM", "GEO", "MDA", "UKR"], funding=_line(NEAR), implementers=[COE], start_date="2019-06-20", end_date="2024-06-19"),
     _p("Enhanced Action on Cybercrime for Cyber Resilience in the Eastern Partnership", ref="CYBEREAST+", acronym="CyberEast+",
        countries=["ARM", "GEO", "MDA", "UKR"], funding=_line(NEAR), implementers=[COE], start_date="2024-07-01", end_date="2027-06-30")),
    (_p("Cyber Resilience for Development", ref="CYBER4DEV", acronym="Cyber4Dev", countries=["GHA", "UGA", "DOM"], funding=_line(FPI),
        implementers=[RIA], start_date="2017-01-01", end_date="2024-06-30"),
     _p("Cyber Resilience for Development, phase II", ref="CYBER4DEV-II", acronym="Cyber4Dev II", countries=["GHA", "KEN", "DOM"],
        funding=_line(FPI), implementers=[RIA], start_date="2024-07-01", end_date="2028-06-30")),
    (_p("Cooperation on cybercrime in the Southern Neighbourhood", ref="CYBERSOUTH", countries=["DZA", "JOR", "LBN", "MAR", "TUN"],
        funding=_line(NEAR), implementers=[COE], start_date="2017-07-01", end_date="2024-12-31"),
     _p("Enhanced cooperation on cybercrime and e-evidence in the Southern Neighbourhood", ref="CYBERSOUTH+",
        countries=["DZA", "EGY", "JOR", "LBN", "MAR", "TUN"], funding=_line(NEAR), implementers=[COE], start_date="2025-07-01",
        end_date="2028-06-30")),
    (_p("iPROCEEDS: targeting crime proceeds on the Internet", ref="IPROCEEDS", countries=["ALB", "SRB", "TUR"], funding=_line(NEAR),
        implementers=[COE], start_date="2016-01-01", end_date="2019-06-30"),
     _p("iPROCEEDS-2: targeting crime proceeds on the Internet", ref="IPROCEEDS-2", countries=["ALB", "SRB", "TUR"],
        funding=_line(NEAR), implementers=[COE], start_date="2020-01-01", end_date="2023-06-30")),
    (_p("GLACY: Global Action on Cybercrime", ref="GLACY", countries=["MUS", "MAR", "PHL"], funding=_line(FPI), implementers=[COE],
        start_date="2013-11-01", end_date="2016-10-31"),
     _p("GLACY+: Global Action on Cybercrime Extended", ref="GLACY+", countries=["MUS", "MAR", "PHL", "GHA"], funding=_line(FPI),
        implementers=[COE], start_date="2016-03-01", end_date="2024-02-29")),
    # the same implementer's other projects
    (_p("Strengthening the national CSIRT of Moldova", countries=["MDA"], funding=_line("Government of Estonia"), implementers=[RIA]),
     _p("Strengthening the national CSIRT of Georgia", countries=["GEO"], funding=_line("Government of Estonia"), implementers=[RIA])),
    (_p("Cybercrime legislation in Armenia", countries=["ARM"], funding=_line(NEAR), implementers=[COE]),
     _p("Cybercrime legislation in Azerbaijan", countries=["AZE"], funding=_line(NEAR), implementers=[COE])),
    (_p("Cyber skills for youth in Jordan", countries=["JOR"], funding=_line(NEAR), implementers=[UNDP]),
     _p("Digital government in Jordan", countries=["JOR"], funding=_line(NEAR), implementers=[UNDP])),
    (_p("National cyber security strategy of Tunisia", countries=["TUN"], funding=_line(NEAR), implementers=[EF]),
     _p("National cyber security strategy of Senegal", countries=["SEN"], funding=_line(INTPA), implementers=[EF])),
    (_p("Regional cyber drills in the Western Balkans", countries=["ALB", "SRB", "MNE"], funding=_line(NEAR, None, "IPA3"),
        implementers=[GIZ], start_date="2023-01-01", end_date="2024-12-31"),
     _p("Regional cyber drills in the Western Balkans 2026", countries=["ALB", "SRB", "MNE"], funding=_line(NEAR, None, "IPA3"),
        implementers=[GIZ], start_date="2026-01-01", end_date="2026-12-31")),
    (_p("e-Evidence training for judges in Serbia", countries=["SRB"], funding=_line(NEAR), implementers=[COE]),
     _p("e-Evidence training for prosecutors in Montenegro", countries=["MNE"], funding=_line(NEAR), implementers=[COE])),
    (_p("CERT capacity in Ukraine", countries=["UKR"], funding=_line(NEAR), implementers=[EGA], start_date="2022-06-01",
        end_date="2024-05-31"),
     _p("Cyber hygiene awareness campaign in Ukraine", countries=["UKR"], funding=_line(NEAR), implementers=[EGA],
        start_date="2022-06-01", end_date="2024-05-31")),
    # different projects in the same place and time (overlaps, not duplicates)
    (_p("EU support to Moldova's cyber security and resilience", countries=["MDA"], funding=_line(NEAR), implementers=[EGA],
        budget_eur="4500000"),
     _p("Strengthening Moldova's national CSIRT", countries=["MDA"], funding=_line("Government of Estonia"), implementers=[RIA],
        budget_eur="900000")),
    (_p("EPF assistance measure: cyber defence of the Moldovan Armed Forces", countries=["MDA"],
        funding=_line("Council of the EU", None, "EPF"), implementers=["Council of the EU"]),
     _p("EU support to Moldova's cyber security and resilience", countries=["MDA"], funding=_line(NEAR), implementers=[EGA])),
    (_p("Support to Albania's cyber security after the 2022 attacks", countries=["ALB"], funding=_line(NEAR, None, "IPA3"),
        implementers=[EGA]),
     _p("Netherlands support to Albania's national cyber security authority", countries=["ALB"],
        funding=_line("Government of the Netherlands", None, "MS"), implementers=["Government of the Netherlands"])),
    (_p("EU support to the cyber resilience of Ukraine", countries=["UKR"], funding=_line(NEAR), implementers=[EGA]),
     _p("Tallinn Mechanism: civilian cyber assistance to Ukraine", countries=["UKR"], funding=_line("Government of Estonia", None, "MS"),
        implementers=["Tallinn Mechanism"])),
    (_p("EPF assistance measure: cyber defence of the Ukrainian Armed Forces", countries=["UKR"],
        funding=_line("Council of the EU", None, "EPF"), implementers=["Council of the EU"]),
     _p("EU support to the cyber resilience of Ukraine", countries=["UKR"], funding=_line(NEAR), implementers=[EGA])),
    (_p("Cyber security of critical infrastructure operators in Morocco", countries=["MAR"], funding=_line("Government of Spain"),
        implementers=["FIIAPP"]),
     _p("Cybercrime and e-evidence in Morocco", countries=["MAR"], funding=_line(NEAR), implementers=[COE])),
    (_p("Western Balkans cyber resilience: national CSIRTs", countries=["ALB", "BIH", "SRB"], funding=_line(NEAR, None, "IPA3"),
        implementers=[GIZ]),
     _p("Western Balkans cyber resilience: NIS2 legislation", countries=["ALB", "BIH", "SRB"], funding=_line(NEAR, None, "IPA3"),
        implementers=["ENISA"])),
    (_p("Western Balkans cyber resilience: national CSIRTs", countries=["ALB", "BIH", "SRB"], funding=_line(NEAR, None, "IPA3"),
        implementers=[GIZ]),
     _p("Western Balkans cyber resilience: cyber skills for public administrations", countries=["ALB", "SRB"],
        funding=_line(NEAR, None, "IPA3"), implementers=[EGA])),
    (_p("EU CyberNet", acronym="EU CyberNet", countries=["DOM", "KEN"], funding=_line(FPI), implementers=[RIA]),
     _p("Latin America and Caribbean Cyber Competence Centre", acronym="LAC4", countries=["DOM"], funding=_line(FPI),
        implementers=[RIA])),
    (_p("EL PACCTO 2.0: cybercrime component", countries=["BRA", "COL"], funding=_line(INTPA), implementers=["FIIAPP", EF]),
     _p("EU-LAC Digital Alliance: secure and trusted connectivity", countries=["BRA", "COL"], funding=_line(INTPA, None, "GG"),
        implementers=[GIZ])),
    (_p("Organised Crime: West African Response on Cybercrime", countries=["SEN", "GHA"], funding=_line(INTPA, None, "DCI"),
        implementers=[EF]),
     _p("Regional cybersecurity school in Dakar", countries=["SEN"], funding=_line("Government of France", None, "MS"),
        implementers=["ENVR"])),
    (_p("Jordan and Lebanon: cyber security awareness and skills for youth", countries=["JOR", "LBN"], funding=_line(NEAR),
        implementers=[UNDP]),
     _p("Palestine*: digital government and cyber security of public services", countries=["PSE"], funding=_line(NEAR),
        implementers=[UNDP])),
    (_p("Cyber capacity of Georgian public institutions", countries=["GEO"], funding=_line("Government of Czechia", None, "MS"),
        implementers=["NUKIB"]),
     _p("EPF assistance measure: Georgian Defence Forces, including cyber defence", countries=["GEO"],
        funding=_line("Council of the EU", None, "EPF"), implementers=["Council of the EU"])),
    (_p("Mediterranean dialogue on cyber confidence-building measures", countries=["EGY", "JOR"], funding=_line("OSCE", None, "OTHER"),
        implementers=["OSCE"]),
     _p("Egypt: criminal justice responses to cybercrime", countries=["EGY"], funding=_line(NEAR, None, "ENI"), implementers=[UNODC])),
    (_p("GFCE regional hub: mapping cyber capacity needs", countries=["ALB", "SRB", "GEO"], funding=_line("Government of the Netherlands"),
        implementers=["GFCE"]),
     _p("EU4Digital Facility", countries=["GEO", "ARM"], funding=_line(NEAR, None, "ENI"), implementers=[RIA, EGA])),
    (_p("Kosovo*: establishing a national cyber security agency", countries=["XKX"], funding=_line(NEAR, None, "IPA3"),
        implementers=[GIZ]),
     _p("Kosovo*: cybercrime unit of the police", countries=["XKX"], funding=_line(NEAR, None, "IPA3"), implementers=[COE])),
    (_p("Türkiye: judicial cooperation on cybercrime", countries=["TUR"], funding=_line(NEAR, None, "IPA2"), implementers=[COE]),
     _p("Türkiye: cyber security of the energy sector", countries=["TUR"], funding=_line(NEAR, None, "IPA3"), implementers=[GIZ])),
]  # fmt: skip


def labelled_pairs() -> list[tuple[P, P, bool]]:
    return [(a, b, True) for a, b in SAME] + [(a, b, False) for a, b in DIFFERENT]


def evaluate(session: Any, vocabulary: Any) -> tuple[float, float, list[tuple[str, str, bool, int]]]:
    """Precision and recall of same-record detection at the default threshold over the labelled
    pairs; each pair is stored, checked and rolled back on its own."""
    from portfolio.duplicates import SAME_RECORD, THRESHOLDS, find_candidates
    from portfolio.projects import create_project, get_projects
    from portfolio.schema import validate_project

    outcomes: list[tuple[str, str, bool, int]] = []
    for a, b, same in labelled_pairs():
        with session.begin_nested() as pair:
            ids = [
                create_project(session, project=validate_project(p, vocabulary=vocabulary), actor=admin("eval")).id
                for p in (a, b)
            ]
            found = find_candidates(get_projects(session, project_ids=ids), vocabulary=vocabulary, kind=SAME_RECORD,
                                    min_score=0)  # fmt: skip
            score = found[0].score if found else 0
            outcomes.append((a["title"], b["title"], same, score))
            pair.rollback()
    threshold = THRESHOLDS[SAME_RECORD]
    true_pos = sum(1 for *_, same, score in outcomes if same and score >= threshold)
    false_pos = sum(1 for *_, same, score in outcomes if not same and score >= threshold)
    false_neg = sum(1 for *_, same, score in outcomes if same and score < threshold)
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    return precision, recall, outcomes
