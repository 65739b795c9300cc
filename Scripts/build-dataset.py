#!/usr/bin/env python3
"""Build Sources/MilexData/Dataset/milex-dataset.json from Data/reference and Data/additional.

Python 3.11, standard library only. Deterministic: the same inputs give a byte-identical file.

    python3 Scripts/build-dataset.py           write the dataset
    python3 Scripts/build-dataset.py --check   exit 1 if the committed file differs from what would be written
    python3 Scripts/build-dataset.py --gaps    print the table of missing required figures (Markdown)

Rules (see Data/README.md):
- figures are copied, never estimated, interpolated or filled; a figure that was not found is omitted;
- values keep the precision of the source text (they are handled as Decimal, never as float);
  million -> billion conversions are exact decimal shifts;
- vintage rule: for one (key, year) the default figure is the one with the latest `published`
  date; on equal dates the one listed first. Figures are ordered by key, year, then preference.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "Data" / "reference"
ADD = ROOT / "Data" / "additional"
OUT = ROOT / "Sources" / "MilexData" / "Dataset" / "milex-dataset.json"
# The stated stand-ins for figures no source gives (a scenario file, so it documents itself and
# can be extended explicitly); the build embeds it so every command applies it the same way.
STAND_INS = ROOT / "Scenarios" / "common" / "missing-figures.json"

FORMAT = "milex-dataset/1"
# The dataset's named vintage is the month of the latest publication it contains (YYYY.MM),
# so adding a newer figure names a new vintage; outputs print it for reproducibility.
BASE_YEAR = 2025
# Base years the dataset carries a complete starting point for (milex accepts these).
SUPPORTED_BASE_YEARS = [2024, 2025]
# The vintage of the last dataset with base year 2024. Figures that were in it are marked
# added = this vintage, later ones the new vintage: a scenario pinned to it (or with base year
# 2024, see Data/README.md) sees the data as it then stood.
PREVIOUS_VINTAGE = "2026.06"

# --------------------------------------------------------------------------------------------
# Countries: ISO 3166 alpha-2 -> (English name, ISO 4217 currency as of the base year 2024)
# --------------------------------------------------------------------------------------------
COUNTRIES = {
    "AL": ("Albania", "ALL"), "AT": ("Austria", "EUR"), "AU": ("Australia", "AUD"),
    "BE": ("Belgium", "EUR"), "BG": ("Bulgaria", "BGN"), "CA": ("Canada", "CAD"),
    "CY": ("Cyprus", "EUR"), "CZ": ("Czechia", "CZK"), "DE": ("Germany", "EUR"),
    "DK": ("Denmark", "DKK"), "EE": ("Estonia", "EUR"), "ES": ("Spain", "EUR"),
    "FI": ("Finland", "EUR"), "FR": ("France", "EUR"), "GB": ("United Kingdom", "GBP"),
    "GR": ("Greece", "EUR"), "HR": ("Croatia", "EUR"), "HU": ("Hungary", "HUF"),
    "IE": ("Ireland", "EUR"), "IS": ("Iceland", "ISK"), "IT": ("Italy", "EUR"),
    "JP": ("Japan", "JPY"), "KR": ("Republic of Korea", "KRW"), "LT": ("Lithuania", "EUR"),
    "LU": ("Luxembourg", "EUR"), "LV": ("Latvia", "EUR"), "ME": ("Montenegro", "EUR"),
    "MK": ("North Macedonia", "MKD"), "MT": ("Malta", "EUR"), "NL": ("Netherlands", "EUR"),
    "NO": ("Norway", "NOK"), "PL": ("Poland", "PLN"), "PT": ("Portugal", "EUR"),
    "RO": ("Romania", "RON"), "SE": ("Sweden", "SEK"), "SI": ("Slovenia", "EUR"),
    "SK": ("Slovakia", "EUR"), "TR": ("Türkiye", "TRY"), "UA": ("Ukraine", "UAH"),
    "US": ("United States", "USD"),
}

# NATO accession (date the ally joined; founding members: signature of the North Atlantic
# Treaty, 4 Apr 1949). Public facts, cited to NATO's member-countries page.
NATO_SINCE = {
    **{c: "1949-04-04" for c in ("BE", "CA", "DK", "FR", "IS", "IT", "LU", "NL", "NO", "PT", "GB", "US")},
    "GR": "1952-02-18", "TR": "1952-02-18", "DE": "1955-05-06", "ES": "1982-05-30",
    "CZ": "1999-03-12", "HU": "1999-03-12", "PL": "1999-03-12",
    **{c: "2004-03-29" for c in ("BG", "EE", "LV", "LT", "RO", "SK", "SI")},
    "AL": "2009-04-01", "HR": "2009-04-01", "ME": "2017-06-05", "MK": "2020-03-27",
    "FI": "2023-04-04", "SE": "2024-03-07",
}
# EU accession (the EU's country pages give 1 January 1958 for the six founders).
EU_SINCE = {
    **{c: "1958-01-01" for c in ("BE", "DE", "FR", "IT", "LU", "NL")},
    "DK": "1973-01-01", "IE": "1973-01-01", "GR": "1981-01-01", "ES": "1986-01-01", "PT": "1986-01-01",
    "AT": "1995-01-01", "FI": "1995-01-01", "SE": "1995-01-01",
    **{c: "2004-05-01" for c in ("CY", "CZ", "EE", "HU", "LV", "LT", "MT", "PL", "SK", "SI")},
    "BG": "2007-01-01", "RO": "2007-01-01", "HR": "2013-07-01",
}
# Euro area as of the base year 2024 (20 members): date of euro adoption.
EURO_SINCE = {
    **{c: "1999-01-01" for c in ("AT", "BE", "DE", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "PT")},
    "GR": "2001-01-01", "SI": "2007-01-01", "CY": "2008-01-01", "MT": "2008-01-01",
    "SK": "2009-01-01", "EE": "2011-01-01", "LV": "2014-01-01", "LT": "2015-01-01",
    "HR": "2023-01-01",
}

FIGURE_KEYS = {
    "gdp_nc_bn", "eur_per_nc", "usd_per_nc", "gdp_usd_bn", "nominal_growth_pct",
    "debt_pct_gdp", "balance_pct_gdp", "primary_balance_pct_gdp", "implicit_rate_pct",
    "lt_yield_pct", "average_maturity_years", "defence_pct_gdp", "defence_nc_bn",
    "defence_usd_bn", "equipment_share_pct", "defence_budget_nc_bn", "defence_budget_pct_gdp",
    "cofog02_pct_gdp", "cofog02_nc_bn", "cofog02_eur_bn", "cofog02_investment_pct_gdp",
    "safe_allocation_eur", "nc_per_eur", "nc_per_usd",
    "debt_short_term_share", "debt_lt_maturing_share", "debt_lt_maturing_avg_share",
    # Base year 2025 and the forecast baseline (Data/additional/<topic>/)
    "population_m", "interest_pct_gdp", "interest_nc_bn", "revenue_pct_gdp", "expenditure_pct_gdp",
    "primary_expenditure_pct_gdp", "real_growth_pct", "gdp_deflator_growth_pct", "potential_growth_pct",
    "structural_primary_balance_pct_gdp", "stock_flow_adjustment_nc_bn", "ageing_cost_pct_gdp", "st_rate_pct",
    "fwd_rate_10y10y_pct", "fwd_rate_3m10y_pct", "fwd_infl_5y5y_pct", "budget_semi_elasticity",
    "bond_repayment_nc_bn", "real_gdp_nc_bn", "potential_gdp_nc_bn", "debt_nc_bn", "balance_nc_bn",
    "net_interest_pct_gdp", "defence_per_capita_usd2021", "domestic_auction_yield_pct", "related_pct_gdp",
    "defence_budget_core_nc_bn", "defence_budget_fund_nc_bn", "defence_budget_nato_nc_bn", "defence_budget_broad_pct_gdp",
    # Facts on where equipment is bought (Data/additional/macro/; not model inputs)
    "foreign_entity_purchases_usd_bn", "contract_obligations_usd_bn", "industry_payments_nc_bn", "fms_payments_nc_bn",
    "arms_imports_fms_nc_bn", "arms_imports_commercial_nc_bn", "fms_budget_nc_bn", "defence_industry_local_content_pct",
    "domestic_weapons_share_pct", "equipment_import_share_pct",
}
STATUSES = {"outturn", "estimate", "forecast", "budget", "plan", "allocation"}
RELIABILITY_RANK = {"primary": 0, "secondary": 1, "low": 2}

# Required inputs of the model (docs/MODEL.md section 2) checked by --gaps: (key, year or None = any year)
# (key, offset from the base year; None = any year up to the base year). Each may also be
# met another way, which --gaps checks with the same rules as the Swift side (Data/README.md):
# primary balance = balance + interest; the euro rate through the dollar; maturity derived from
# the debt structure.
REQUIRED = [
    ("gdp_nc_bn", 0), ("eur_per_nc", 0), ("nominal_growth_pct", 1), ("debt_pct_gdp", 0),
    ("primary_balance_pct_gdp", 0), ("implicit_rate_pct", 0), ("lt_yield_pct", 0),
    ("average_maturity_years", None), ("defence_pct_gdp", 0),
]

# --------------------------------------------------------------------------------------------
# Sources. Metadata of reference.json `_sources` is read from the file; the entries below add
# reliability (and `via`/notes) and the sources named only in SOURCES-timeseries.md / this build.
# --------------------------------------------------------------------------------------------
SPRING_2025 = "Published date used for its figures: 2025-05-19, the Commission's spring 2025 forecast, whose vintage the file carries (2024 equals the April 2025 EDP outturn)."

REF_SOURCE_EXTRA = {
    # id: (reliability, extra note or None)
    "NATO_DE_2024": ("primary", "Official tables; figures in this dataset come from the full time series NATO_DE_2024_XLSX (same file)."),
    "NATO_DE_2025": ("secondary", "Table 3 transcribed in GitHub repositories, not read from the NATO file; figures in this dataset come from NATO_DE_2025_UGENT (same edition). Real-change percentages appear in country notes."),
    "NATO_SGAR_2024": ("secondary", "Intermediate vintage of 2024 % of GDP; carried as country notes, not as figures."),
    "NATO_2025_PRESS": ("low", "Current-price figures come from low-reliability aggregators."),
    "HAGUE_2025": ("secondary", "Declaration text read from reproductions."),
    "ES_HAGUE": ("secondary", None),
    "ESTAT_APR2025": ("primary", "Not used for country figures."),
    "ESTAT_APR2025_NEWS": ("secondary", "2024 deficits of DK, IE, CY, GR, LU, PT, RO, PL, FR, SK, BE, IT, DE, HR, CZ, EE, NL, SI, ES from press reports of the Eurostat release of 22 Apr 2025."),
    "NL_REKENKAMER_2025": ("secondary", "Table of 2024 debt (% of GDP) for all EU-27, Commission data of April 2025 (first EDP notification); vintage 'Eurostat EDP April 2025', published date 2025-06-17 (the table's date)."),
    "STAT_FI_2025": ("primary", None),
    "STAT_AT_2025": ("secondary", "Date given only as 2025-03/04; figures use published 2025-03-01 (first day of the earliest month given) for ordering."),
    "NSO_MT_2025": ("primary", None),
    "BNR_BG_2025": ("secondary", None),
    "CSB_LV_2025": ("primary", "Date given only as 2025. The release carries the April 2025 EDP notification (the Finance Ministry said official 2024 data would come in April 2025); figures use published 2025-04-01 (first day of that month) for ordering. It gives 2024 debt 46.6 % against 46.8 % in the Court of Audit table."),
    "KSH_HU_2025": ("primary", "HU 2024 deficit 5.0 %, debt 73.5 % (second notification); the dataset carries these values under ESTAT_OCT2025, which reports the same."),
    "ESTAT_OCT2025": ("secondary", "Second EDP notification 2025; country values via press reports (12 balances, 13 debts)."),
    "ESTAT_APR2026": ("secondary", "Aggregates only; not used for country figures."),
    "AMECO_BRUEGEL": ("secondary", "Same file as BRUEGEL_DET_2025_10 (values read from reference.json, rounded to 3 decimals there). " + SPRING_2025),
    "EC_AUTUMN_2025": ("secondary", "Aggregates only; the country annex was not found."),
    "SAFE_REG": ("secondary", None),
    "SAFE_ALLOC_2025": ("secondary", "Tentative allocation for 19 member states; the amounts add up to exactly EUR 150,000,000,000."),
    "SAFE_EC_NEWSROOM": ("primary", None),
    "EU_BONDS_2025": ("secondary", None),
    "NEC_COUNCIL": ("secondary", "16 states requested (Council statement of 30 Apr 2025; the Commission's release of the same day, IP/25/1121, lists 12 written requests: BE, DK, EE, FI, DE, GR, HU, LV, PL, PT, SK, SI); 15 activated on 8 Jul 2025, DE on 10 Oct 2025; maximum 1.5 % of GDP 'for each year of activation up to 2028'."),
    "MNI_NEC_2021": ("secondary", "The 2021 reference year was discussed; the final rule was not confirmed."),
    "AIREF_NEC": ("primary", None),
    "REARM_2025": ("secondary", None),
    "EDA_2024": ("secondary", None),
    "EDA_2025": ("secondary", None),
    "EPRS_2025": ("secondary", None),
    "BRUEGEL_KIEL_2025": ("secondary", None),
    "KR_BUDGET_2026": ("secondary", "Figures use published 2025-12-03 (approval announcement)."),
    "DE_DEBTBRAKE": ("secondary", "Covers the exemption of defence above 1 % of GDP (Bundestag 18 Mar 2025, Bundesrat 21 Mar 2025); it does not state the 0.35 % structural limit."),
    "DE_PLAN_2029": ("secondary", "Figures use published 2025-06-23 (Politico). A low-reliability report attributes 3.05 % for 2029 to Pistorius (conflicting, unverified)."),
    "PL_BUDGET_2025": ("secondary", None),
    "LT_SDC_2025": ("secondary", None),
    "YIELDS": ("low", "Dated 10-year closes; carried as country notes, not as figures."),
}

# Sources named in SOURCES-timeseries.md and sources added by this build:
# id: (publisher, title, date, url, via, reliability, note, published date for its figures or None)
EXTRA_SOURCES = {
    "NATO_DE_2024_XLSX": ("NATO Public Diplomacy Division", "Defence Expenditure of NATO Countries (2014-2024), official tables 240617-def-exp-2024-TABLES-en.xlsx", "2024-06-17",
                          "https://www.nato.int/nato_static_fl2014/assets/pdf/2024/6/pdf/240617-def-exp-2024-en.pdf",
                          "copy of the xlsx in github.com/jacobvoss/geopolitical-dashboard data/", "primary",
                          "Table 1 (national currency m, current prices), Table 2 (USD m, current prices and exchange rates), Table 3 (share of real GDP, 2015 prices), Table 5 (GDP, USD, includes Iceland), Table 8a (equipment share). 31 allies (no Iceland) x 2014-2024e; 2023 and 2024 are estimates. Values rounded to 6 significant digits in the reference CSV.", "2024-06-17"),
    "NATO_DE_2025_UGENT": ("NATO Public Diplomacy Division", "Defence Expenditure of NATO Countries (2014-2025), Table 3 and Table 8a", "2025-08-28",
                           "https://www.nato.int/en/news-and-events/articles/news/2025/08/28/defence-expenditure-of-nato-countries-2014-2025",
                           "transcription in github.com/Datavisualiatie-UGent/project-dv26-2 commit 0920847 (src/data-exploration/observable-exploration/files/)", "secondary",
                           "Data cut-off 3 Jun 2025; 2024 and 2025 are estimates. % GDP 2014-2024e matches namanjain92/NATO-Analytics to within 5e-10. DE 2025e not published by NATO; DE and DK 2025e equipment blank. Tables 1, 2 and 5 of this edition were not found.", "2025-08-28"),
    "SIPRI_MILEX_1949_2024": ("Stockholm International Peace Research Institute", "SIPRI Military Expenditure Database, SIPRI-Milex-data-1949-2024_2.xlsx", "Apr 2025 release",
                              "https://www.sipri.org/databases/milex",
                              "copies in github.com/podsv-fs26-ad24/ad24-6-fancyproject (commit fa10b3c) and Jakob-al28/defense-sector-dashboard (commit 11b7b50)", "primary",
                              "Calendar-year military expenditure: share of GDP (x100), local currency (m), current USD (m). Figures use published 2025-04-28, the day SIPRI released its 2024 data (STA news agency, Stockholm, 28 Apr 2025).", "2025-04-28"),
    "UA_MINFIN_BUDGET2025": ("Ministry of Finance of Ukraine via Ukrainian News Agency; UNN", "2025 state budget provides for increase in funding for national security and defense to UAH 2.23 trillion", "Nov 2024",
                             "https://ukranews.com/en/news/1048235 ; https://unn.ua/en/news/more-drones-missiles-shells-artillery-and-armored-vehicles-shmyhal-on-plans-to-strengthen-ukrainian-defense-industry",
                             None, "secondary",
                             "Budget plan, not outturn. Figures use published 2024-11-19, the adoption date of the budget law given in the reference (the article is dated only Nov 2024).", "2024-11-19"),
    "JP_MOD_2025_04": ("Japan Ministry of Defense (Minister Nakatani, press conference) via Yomiuri, Kyodo/WAM", "Japan to spend 1.8% of GDP on defence in 2025", "2025-04-15",
                       "https://japannews.yomiuri.co.jp/politics/defense-security/20250416-249354/ ; https://www.urdupoint.com/en/middle-east/japan-to-spend-18-of-gdp-on-defence-in-2025-1964250.html",
                       None, "secondary",
                       "Broader 'security-related' definition (defence budget plus related outlays), fiscal years (April-March); not comparable with SIPRI.", "2025-04-15"),
    "AU_BUDGET_2025_26": ("Australian Defence Magazine", "Defence budget inches upwards (Budget 2025-26)", "Mar 2025",
                          "https://www.australiandefence.com.au/news/news/defence-budget-inches-upwards",
                          None, "secondary",
                          "Consolidated Defence funding for fiscal year 2025-26 (Jul 2025-Jun 2026). Figures use published 2025-03-25, the day the 2025-26 budget was handed down (ADM); the article's own date was not recorded. Target 2.33 % of GDP in 2033-34 (strategicanalysis.org, Oct 2025).", "2025-03-25"),
    "BOK_2025_03": ("Bank of Korea", "Provisional 2024 national income", "2025-03-05",
                    "https://xn--vg1b002a.net/uncategorized/last-years-real-gdp-grew-by-2-0-compared-to-the-previous-year-with-per-capita-gni-at-36624",
                    "Korean news aggregator reproducing the BOK release", "low",
                    "Nominal GDP 2024 KRW 2,549.1 trillion (+6.2 %).", "2025-03-05"),
    "JP_CAO_2025_02": ("Cabinet Office of Japan", "Preliminary 2024 GDP", "2025-02-17",
                       "https://www.ibnews.com/2025/02/17/japans-nominal-gdp-grew-by-2-9-in-2024",
                       "ibnews.com report", "secondary",
                       "Calendar 2024 nominal GDP JPY 609 trillion, reported rounded.", "2025-02-17"),
    "TURKSTAT_2025_02": ("Turkish Statistical Institute (TurkStat)", "GDP 2024 at current prices", "2025-02-28",
                         "https://ilkha.com/english/economy/turkiye-s-gdp-grows-by-32-yuzde-in-2024-444901",
                         "ilkha.com report (urdupoint gives 43.4 tn)", "secondary",
                         "TRY 43,410,514 m.", "2025-02-28"),
    "STATICE_2025": ("Statistics Iceland", "National accounts 2024, provisional estimates", "not given",
                     "https://statice.is./publications/news-archive/national-accounts/national-accounts-2024-provisional-estimates",
                     None, "primary",
                     "GDP 2024 ISK 4,616 bn. The release date was not recorded; figures use published 2025-02-28 (Statistics Iceland publishes provisional annual figures at the end of February, as its 2022 release states for 2021; its forecast of 25 Mar 2025 already cites the 2024 result). Unverified.", "2025-02-28"),
    "BRUEGEL_DET_2025_10": ("Bruegel (L. Welslau), from European Commission AMECO via DBnomics and ECB", "eu-debt-sustainability-analysis data/InputData/deterministic_data_2025_10.csv", "commit 8f9668b8 (2025-10 build)",
                            "https://github.com/lennardwelslau/eu-debt-sustainability-analysis/blob/8f9668b82dcf4aadf2e709f305393e965fc1309e/data/InputData/deterministic_data_2025_10.csv",
                            "github.com/lennardwelslau/eu-debt-sustainability-analysis commit 8f9668b8", "secondary",
                            "NOMINAL_GDP (national currency bn), EXR_EUR, EXR_USD, NOMINAL_GDP_GROWTH, IMPLICIT_INTEREST_RATE, PRIMARY_BALANCE, INTEREST_RATE_LT for 2024 and 2025 (forecast), EU-27, GB, NO, US. Same file as AMECO_BRUEGEL. GB and RO have no 2024 LT rate; NO has no 2024 debt. The 2025 LT rate is probably a partial-year mean at build time. " + SPRING_2025, "2025-05-19"),
    "BRUEGEL_STOCH_ANNUAL": ("Bruegel (L. Welslau)", "eu-debt-sustainability-analysis data/InputData/stochastic_data_annual.csv", "commit 8f9668b8",
                             "https://github.com/lennardwelslau/eu-debt-sustainability-analysis/blob/8f9668b82dcf4aadf2e709f305393e965fc1309e/data/InputData/stochastic_data_annual.csv",
                             "github.com/lennardwelslau/eu-debt-sustainability-analysis commit 8f9668b8", "primary",
                             "Annual first differences of exchange rates, short and long rates, nominal GDP growth and primary balance; 27 EU states, 574 rows. An older version (commit 94af01ea) differs in nominal growth for 2021-2023.", None),
    "BRUEGEL_STOCH_QUARTERLY": ("Bruegel (L. Welslau)", "eu-debt-sustainability-analysis data/InputData/stochastic_data_quarterly.csv", "commit 8f9668b8",
                                "https://github.com/lennardwelslau/eu-debt-sustainability-analysis/blob/8f9668b82dcf4aadf2e709f305393e965fc1309e/data/InputData/stochastic_data_quarterly.csv",
                                None, "primary", "Not copied into this project.", None),
    "ESTAT_GOV_EV_2026_04": ("Eurostat", "GOV_EV: Expenditure variables supporting the implementation of the EU economic governance framework (DOI 10.2908/GOV_EV)", "2026-04-27",
                             "https://doi.org/10.2908/GOV_EV",
                             "JSON-stat extract committed as a test fixture in github.com/mattahr/ha-edp-radar tests/fixtures/spending/eurostat/gov_ev-defence.json (commit 3c0f9a35)", "primary",
                             "COFOG 02 (defence) total expenditure TE and gross fixed capital formation P51G, in EUR m, national currency m and % of GDP, 2021-2025. Italy and Cyprus have no TE values; 2025 TE is missing for IE, ES and NL. The measure the national escape clause uses.", "2026-04-27"),
    "NATO_MEMBERS": ("NATO", "NATO member countries", "as given on the page",
                     "https://www.nato.int/cps/en/natohq/topics_52044.htm", None, "primary",
                     "Accession dates are public facts cited to this page (not read by the build). Founding members: signature of the North Atlantic Treaty, 4 Apr 1949 (in force 24 Aug 1949).", None),
    "EU_MEMBERS": ("European Union", "EU countries", "as given on the page",
                   "https://european-union.europa.eu/principles-countries-history/eu-countries_en", None, "primary",
                   "Accession dates are public facts cited to the EU's country pages (not read by the build); 1 Jan 1958 for the six founders.", None),
    "ECB_EURO_AREA": ("European Central Bank", "Our currency: the euro (euro area members)", "as given on the page",
                      "https://www.ecb.europa.eu/euro/intro/html/index.en.html", None, "primary",
                      "Euro-area membership and adoption dates are public facts cited to this page (not read by the build); 20 members in 2024.", None),
    "BG_EURO_2026": ("Council of the EU (statement of 8 Jul 2025) via The Sofia Globe and KUNA", "Official decision by EU finance ministers: Bulgaria will adopt the euro from January 1 2026", "2025-07-08",
                     "https://sofiaglobe.com/2025/07/08/official-decision-by-eu-finance-ministers-bulgaria-will-adopt-the-euro-from-january-1-2026/ ; https://menafn.com/1109773968/EU-Formally-Approves-Bulgarias-Accession-To-Euro-Area-Starting-Jan-26",
                     None, "secondary", "Final legal acts adopted 8 Jul 2025; conversion rate 1.95583 BGN per EUR; Bulgaria becomes the 21st euro-area member on 1 Jan 2026.", None),
    "ME_EURO": ("Financial Times via denederlandsegrondwet.nl (EU finance ministers, Oct 2007)", "EU questions the use of the euro in Montenegro", "2007-10",
                "https://denederlandsegrondwet.nl/id/vhotby4fz3gr/nieuws/eu_zet_vraagtekens_bij_gebruik_euro_in", None, "secondary",
                "Montenegro adopted the euro unilaterally in 2002; 'unilateral euroisation is not compatible with the treaty'; not a euro-area member.", None),
    "B9_MEMBERS": ("European Interest (Polish foreign ministry statement)", "Meeting of Bucharest Nine foreign ministers (Lodz)", "2023-03/04",
                   "https://europeaninterest.eu/meeting-of-bucharest-nine-foreign-ministers", None, "secondary",
                   "Bucharest Nine (NATO's eastern flank): Bulgaria, Czech Republic, Estonia, Hungary, Latvia, Lithuania, Poland, Romania, Slovakia; founded 4 Nov 2015.", None),
    "NB8_MEMBERS": ("Ministry of Foreign Affairs of Lithuania", "Nordic-Baltic cooperation (NB8)", "as given on the page",
                    "https://www.urm.lt/en/lithuania-in-the-region-and-the-world/regional-cooperation/nordic-baltic-cooperation-nb8/1004", None, "primary",
                    "NB8: Denmark, Estonia, Finland, Iceland, Latvia, Lithuania, Norway, Sweden; the three Baltic States are Lithuania, Latvia and Estonia. Also the Latvian MFA page https://www.mfa.gov.lv/en/policy/baltic-sea-region/co-operation-among-the-baltic-and-nordic-countries .", None),
    "WEIMAR_MEMBERS": ("Carnegie Endowment for International Peace (Strategic Europe)", "The Weimar Triangle's moment to lead", "2024-03",
                       "https://carnegieendowment.org/europe/strategic-europe/2024/03/the-weimar-triangles-moment-to-lead", None, "secondary",
                       "Weimar Triangle: France, Germany and Poland, created by their foreign ministers in Weimar in 1991.", None),
    "EUR_IDENTITY": ("milex (definition)", "One euro per euro", "n/a", "n/a", None, "primary",
                     "Definitional value eur_per_nc = 1 for a country whose national currency is the euro when no source lists the rate (Montenegro). Not a looked-up figure; published set to 2024-12-31 (end of the base year) for ordering only.", "2024-12-31"),
}

# Published date (ISO) used for the figures of each reference source.
PUBLISHED = {
    "NATO_DE_2024": "2024-06-17", "NATO_DE_2025": "2025-08-28",
    "ESTAT_APR2025_NEWS": "2025-04-22", "NL_REKENKAMER_2025": "2025-06-17",
    "STAT_FI_2025": "2025-04-22", "STAT_AT_2025": "2025-03-01", "NSO_MT_2025": "2025-04-22",
    "BNR_BG_2025": "2025-04-22", "CSB_LV_2025": "2025-04-01", "ESTAT_OCT2025": "2025-10-21",
    "AMECO_BRUEGEL": "2025-05-19", "SAFE_ALLOC_2025": "2025-09-09", "KR_BUDGET_2026": "2025-12-03",
    "DE_PLAN_2029": "2025-06-23", "PL_BUDGET_2025": "2024-08-28",
}
for _sid, _meta in EXTRA_SOURCES.items():
    if _meta[7]:
        PUBLISHED[_sid] = _meta[7]

ISO3_TO_ISO2 = {
    "AUT": "AT", "BEL": "BE", "BGR": "BG", "CYP": "CY", "CZE": "CZ", "DEU": "DE", "DNK": "DK",
    "ESP": "ES", "EST": "EE", "FIN": "FI", "FRA": "FR", "GRC": "GR", "HRV": "HR", "HUN": "HU",
    "IRL": "IE", "ITA": "IT", "LTU": "LT", "LUX": "LU", "LVA": "LV", "MLT": "MT", "NLD": "NL",
    "POL": "PL", "PRT": "PT", "ROU": "RO", "SVK": "SK", "SVN": "SI", "SWE": "SE",
    "GBR": "GB", "NOR": "NO", "USA": "US",
}
ISO2_FIX = {"EL": "GR", "UK": "GB"}


# Known errors of the read-only reference files, corrected here with the reason (Data/README.md,
# "Corrections"): (iso2, key, year, source id) -> None to leave the figure out, or a dict of the
# fields to change. Every entry must match a figure, or the build fails.
CORRECTIONS = {
    ("KR", "defence_budget_nc_bn", 2025, "KR_BUDGET_2026"): (
        None,
        "the first research's 'KRW 61.59 tn 2025 budget' is the government's proposal (KRW 61,587.8 bn, "
        "PLAN_KR_MND_2025_PROPOSAL, 27 Aug 2024), not the budget the National Assembly passed on 10 Dec 2024 "
        "(KRW 61,246.9 bn, PLAN_KR_KOOKBANG_2025_PASSED); both are carried under their own sources"),
}


class BuildError(Exception):
    pass


def fail(msg: str) -> None:
    raise BuildError(msg)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def dec(text) -> Decimal | None:
    """Exact Decimal from source text ('' or None -> None)."""
    if text is None:
        return None
    if isinstance(text, Decimal):
        d = text
    elif isinstance(text, int) and not isinstance(text, bool):
        d = Decimal(text)
    elif isinstance(text, str):
        s = text.strip()
        if s == "":
            return None
        try:
            d = Decimal(s)
        except InvalidOperation:
            fail(f"not a number: {text!r}")
    else:
        fail(f"unexpected value type {type(text).__name__}: {text!r}")
    if not d.is_finite():
        fail(f"non-finite value: {text!r}")
    return d


def per_thousand(d: Decimal | None) -> Decimal | None:
    """million -> billion, exactly."""
    return None if d is None else d.scaleb(-3)


def num(d: Decimal) -> str:
    """JSON number text: plain notation, no exponent, trailing zeros dropped."""
    if not isinstance(d, Decimal) or not d.is_finite():
        fail(f"bad number {d!r}")
    if d == 0:
        return "0"
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def jstr(s) -> str:
    return "null" if s is None else json.dumps(s, ensure_ascii=False)


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --------------------------------------------------------------------------------------------
# Figure collection
# --------------------------------------------------------------------------------------------
class Figures:
    def __init__(self, sources: dict):
        self.sources = sources
        self.by_country: dict[str, list[dict]] = {c: [] for c in COUNTRIES}
        self.seen: dict[tuple, dict] = {}
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.corrected: set = set()

    def add(self, iso, key, year, value, unit, status, measure, source, vintage, note=None,
            published=None, origin="reference", added=PREVIOUS_VINTAGE):
        if value is None:
            return  # not found: omit, never fill
        correction = CORRECTIONS.get((iso, key, int(year), source))
        if correction is not None:
            self.corrected.add((iso, key, int(year), source))
            fields, reason = correction
            if fields is None:
                self.infos.append(f"correction: {iso} {key} {year} ({source}) left out: {reason}")
                return
        if iso not in COUNTRIES:
            fail(f"unknown country {iso!r} ({key} {year} {source})")
        if key not in FIGURE_KEYS:
            fail(f"unknown figure key {key!r}")
        if status not in STATUSES:
            fail(f"unknown status {status!r} ({iso} {key} {year})")
        if source not in self.sources:
            fail(f"figure {iso} {key} {year} cites unknown source {source!r}")
        if published is None:
            published = PUBLISHED.get(source)
        if not published or not ISO_DATE.match(published):
            fail(f"figure {iso} {key} {year} ({source}): published date missing or not YYYY-MM-DD: {published!r}")
        value = dec(value)
        ident = (iso, key, int(year), source)
        if ident in self.seen:
            prev = self.seen[ident]
            if prev["value"] != value:
                msg = f"duplicate {ident} with different values {num(prev['value'])} / {num(value)}"
                if origin == "reference" and prev["_origin"] == "reference":
                    fail(msg)
                self.warnings.append(msg + f" ({origin} row skipped)")
            return
        fig = {"key": key, "year": int(year), "value": value, "unit": unit, "status": status,
               "measure": measure, "source": source, "published": published, "vintage": vintage,
               "note": note, "added": added, "_origin": origin}
        self.seen[ident] = fig
        self.by_country[iso].append(fig)

    def sorted_figures(self, iso):
        def pref(f):
            rel = RELIABILITY_RANK.get(self.sources[f["source"]].get("reliability"), 3)
            return (-int(f["published"].replace("-", "")), rel,
                    0 if f["_origin"] == "reference" else 1, f["source"], f["value"])
        return sorted(self.by_country[iso], key=lambda f: (f["key"], f["year"]) + pref(f))

    def default(self, iso, key, year):
        for f in self.sorted_figures(iso):
            if f["key"] == key and (year is None or f["year"] == year):
                return f
        return None


def unit_for(key: str, cur: str) -> str:
    free = {
        "population_m": "million persons", "budget_semi_elasticity": "pp of GDP per pp of output gap",
        "defence_per_capita_usd2021": "USD per person (2021 prices and exchange rates)",
        "foreign_entity_purchases_usd_bn": "bn USD", "contract_obligations_usd_bn": "bn USD",
        "real_gdp_nc_bn": f"bn {cur}, constant prices", "potential_gdp_nc_bn": f"bn {cur}, constant prices",
    }
    if key in free:
        return free[key]
    if key.endswith("_pct_gdp"):
        return "% of GDP"
    if key.endswith("_nc_bn"):
        return f"bn {cur}"
    if key.endswith("_pct") and key not in ("equipment_share_pct",):
        return "%"
    return {
        "gdp_nc_bn": f"bn {cur}", "eur_per_nc": f"EUR per {cur}", "usd_per_nc": f"USD per {cur}",
        "gdp_usd_bn": "bn USD", "nominal_growth_pct": "%", "debt_pct_gdp": "% of GDP",
        "balance_pct_gdp": "% of GDP", "primary_balance_pct_gdp": "% of GDP", "implicit_rate_pct": "%",
        "lt_yield_pct": "%", "average_maturity_years": "years", "defence_pct_gdp": "% of GDP",
        "defence_nc_bn": f"bn {cur}", "defence_usd_bn": "bn USD",
        "equipment_share_pct": "% of defence expenditure", "defence_budget_nc_bn": f"bn {cur}",
        "defence_budget_pct_gdp": "% of GDP", "cofog02_pct_gdp": "% of GDP", "cofog02_nc_bn": f"bn {cur}",
        "cofog02_eur_bn": "bn EUR", "cofog02_investment_pct_gdp": "% of GDP", "safe_allocation_eur": "EUR",
        "nc_per_eur": f"{cur} per EUR", "nc_per_usd": f"{cur} per USD",
        "debt_short_term_share": "share of total debt", "debt_lt_maturing_share": "share of long-term debt",
        "debt_lt_maturing_avg_share": "share of long-term debt",
    }[key]


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------
def build_sources(ref: dict, add_sources: dict, warnings: list) -> dict:
    sources = {}
    for sid, s in ref["_sources"].items():
        if sid not in REF_SOURCE_EXTRA:
            fail(f"reference source {sid} has no reliability assigned in REF_SOURCE_EXTRA")
        rel, extra = REF_SOURCE_EXTRA[sid]
        notes = [n for n in (s.get("note"), extra) if n]
        sources[sid] = {"publisher": s.get("publisher"), "title": s.get("title"), "date": s.get("date"),
                        "url": s.get("url"), "via": s.get("retrieved_from"), "reliability": rel,
                        "note": " ".join(notes) if notes else None}
    for sid in REF_SOURCE_EXTRA:
        if sid not in sources:
            fail(f"REF_SOURCE_EXTRA names {sid}, which is not in reference.json _sources")
    for sid, (pub, title, date, url, via, rel, note, _p) in EXTRA_SOURCES.items():
        if sid in sources:
            fail(f"duplicate source id {sid}")
        sources[sid] = {"publisher": pub, "title": title, "date": date, "url": url, "via": via,
                        "reliability": rel, "note": note}
    for sid in sorted(add_sources):
        s = add_sources[sid]
        if not isinstance(s, dict):
            fail(f"Data/additional/sources.json: {sid} is not an object")
        entry = {k: (s.get(k) if s.get(k) not in ("",) else None)
                 for k in ("publisher", "title", "date", "url", "via", "reliability", "note")}
        if entry["reliability"] not in RELIABILITY_RANK:
            fail(f"Data/additional/sources.json: {sid} has reliability {entry['reliability']!r} (primary|secondary|low)")
        if sid in sources:
            if sources[sid] != entry:
                warnings.append(f"source {sid} defined in both reference and additional; reference kept")
            continue
        sources[sid] = entry
    return sources


def collect_reference(ref: dict, F: Figures) -> None:
    cur = {c: COUNTRIES[c][1] for c in COUNTRIES}

    # --- NATO time series (both editions) -------------------------------------------------
    for r in read_csv(REF / "nato_timeseries.csv"):
        iso = r["iso2"]
        if iso in ("NATO_EUCA", "NATO_TOTAL"):
            continue  # aggregates are not countries
        ed, year, src = int(r["edition"]), int(r["year"]), r["source_id"]
        if ed == 2024:
            status = "estimate" if year in (2023, 2024) else "outturn"
            vint, prices = "NATO 2024 edition", "2015 prices"
        elif ed == 2025:
            status = "estimate" if year in (2024, 2025) else "outturn"
            vint, prices = "NATO 2025 edition", "2021 prices"
        else:
            fail(f"unknown NATO edition {ed}")
        if r["gdp_nc_bn"]:
            fail("nato_timeseries.csv gdp_nc_bn is expected to be empty")
        F.add(iso, "defence_pct_gdp", year, dec(r["pct_gdp"]), "% of GDP", status,
              f"NATO Table 3: defence expenditure as a share of real GDP ({prices})", src, vint)
        F.add(iso, "defence_nc_bn", year, per_thousand(dec(r["defexp_nc_m"])), unit_for("defence_nc_bn", cur[iso]), status,
              "NATO Table 1: defence expenditure, national currency, current prices (m converted to bn)", src, vint)
        F.add(iso, "defence_usd_bn", year, per_thousand(dec(r["defexp_usd_m"])), "bn USD", status,
              "NATO Table 2: defence expenditure, USD, current prices and exchange rates (m converted to bn)", src, vint)
        F.add(iso, "gdp_usd_bn", year, dec(r["gdp_usd_bn"]), "bn USD", status,
              "NATO Table 5: GDP, USD, current prices and exchange rates", src, vint)
        F.add(iso, "equipment_share_pct", year, dec(r["equipment_share_pct"]), "% of defence expenditure", status,
              "NATO Table 8a: equipment expenditure as a share of defence expenditure", src, vint)

    # --- SIPRI and national budgets (non-NATO) --------------------------------------------
    for r in read_csv(REF / "nonnato_defence.csv"):
        iso, year, src = r["iso2"], int(r["year"]), r["source_id"]
        if r["currency"] != cur[iso]:
            fail(f"nonnato_defence.csv {iso}: currency {r['currency']} != {cur[iso]}")
        note = r["note"] or None
        if src == "SIPRI_MILEX_1949_2024":
            v = "SIPRI 2025 release"
            F.add(iso, "defence_pct_gdp", year, dec(r["defence_pct_gdp"]), "% of GDP", "outturn",
                  "SIPRI military expenditure, share of GDP, calendar year", src, v, note)
            F.add(iso, "defence_nc_bn", year, per_thousand(dec(r["defence_nc_m"])), unit_for("defence_nc_bn", cur[iso]), "outturn",
                  "SIPRI military expenditure, local currency, calendar year (m converted to bn)", src, v, note)
            F.add(iso, "defence_usd_bn", year, per_thousand(dec(r["defence_usd_m"])), "bn USD", "outturn",
                  "SIPRI military expenditure, current USD (m converted to bn)", src, v, note)
            if r["gdp_nc_bn"]:
                fail("unexpected GDP in a SIPRI row")
        elif r["measure"] == "national budget / ministry figure":
            vint = {"UA_MINFIN_BUDGET2025": "Ukraine state budget 2025",
                    "JP_MOD_2025_04": "Japan MoD, April 2025",
                    "AU_BUDGET_2025_26": "Australia Budget 2025-26",
                    "KR_BUDGET_2026": "Korea MND, December 2025"}[src]
            measure = {"UA_MINFIN_BUDGET2025": "state budget: national security and defence (national definition)",
                       "JP_MOD_2025_04": "defence budget plus defence-related outlays, fiscal year April-March (security-related definition)",
                       "AU_BUDGET_2025_26": "consolidated Defence funding, fiscal year July-June",
                       "KR_BUDGET_2026": "national defence budget (national definition)"}[src]
            F.add(iso, "defence_budget_pct_gdp", year, dec(r["defence_pct_gdp"]), "% of GDP", "budget", measure, src, vint, note)
            F.add(iso, "defence_budget_nc_bn", year, per_thousand(dec(r["defence_nc_m"])), unit_for("defence_budget_nc_bn", cur[iso]),
                  "budget", measure, src, vint, note)
            if r["defence_usd_m"] or r["gdp_nc_bn"]:
                fail("unexpected USD/GDP in a national budget row")
        elif r["measure"] == "nominal GDP, national currency":
            status = "forecast" if year >= 2025 else "outturn"
            measure, vint = {
                "BRUEGEL_DET_2025_10": ("AMECO UVGD (nominal GDP, current prices)", "AMECO spring 2025"),
                "BOK_2025_03": ("Bank of Korea nominal GDP, provisional (trillion converted to bn)", "Bank of Korea, March 2025"),
                "JP_CAO_2025_02": ("Cabinet Office nominal GDP, calendar year, preliminary; reported rounded to JPY 1 tn (trillion converted to bn)", "Cabinet Office, February 2025"),
            }[src]
            if src == "BRUEGEL_DET_2025_10":
                note = None  # same row as macro_base_2024.csv
            F.add(iso, "gdp_nc_bn", year, dec(r["gdp_nc_bn"]), unit_for("gdp_nc_bn", cur[iso]), status, measure, src, vint, note)
        else:
            fail(f"nonnato_defence.csv: unknown row kind {r['measure']!r}")

    # --- Macro base: GDP and exchange rates -----------------------------------------------
    for r in read_csv(REF / "macro_base_2024.csv"):
        iso, src = r["iso2"], r["source_id"]
        if r["currency"] != cur[iso]:
            fail(f"macro_base_2024.csv {iso}: currency {r['currency']} != {cur[iso]}")
        if not src:
            continue  # not found (CA, AL, ME, MK)
        if src == "BRUEGEL_DET_2025_10":
            m_gdp, vint = "AMECO UVGD (nominal GDP, current prices)", "AMECO spring 2025"
        elif src == "TURKSTAT_2025_02":
            m_gdp, vint = "TurkStat GDP at current prices (m converted to bn)", "TurkStat, February 2025"
        elif src == "STATICE_2025":
            m_gdp, vint = "Statistics Iceland nominal GDP, provisional", "Statistics Iceland, 2025 provisional"
        else:
            fail(f"macro_base_2024.csv: unknown source {src}")
        F.add(iso, "gdp_nc_bn", 2024, dec(r["gdp_2024_nc_bn"]), unit_for("gdp_nc_bn", cur[iso]), "outturn", m_gdp, src, vint)
        F.add(iso, "gdp_nc_bn", 2025, dec(r["gdp_2025f_nc_bn"]), unit_for("gdp_nc_bn", cur[iso]), "forecast", m_gdp, src, vint)
        F.add(iso, "eur_per_nc", 2024, dec(r["eur_per_nc_2024"]), unit_for("eur_per_nc", cur[iso]), "outturn",
              "EXR_EUR: EUR per unit of national currency, 2024 annual average", src, vint)
        F.add(iso, "usd_per_nc", 2024, dec(r["usd_per_nc_2024"]), unit_for("usd_per_nc", cur[iso]), "outturn",
              "EXR_USD: USD per unit of national currency, 2024 annual average", src, vint)
    # Montenegro's currency is the euro: eur_per_nc = 1 by definition (USD rate not filled).
    F.add("ME", "eur_per_nc", 2024, Decimal(1), "EUR per EUR", "outturn",
          "identity: the national currency is the euro", "EUR_IDENTITY", "definition",
          "Montenegro uses the euro unilaterally; no source lists a rate, 1 EUR = 1 EUR")

    # --- Macro history (AMECO via Bruegel, full precision) --------------------------------
    for r in read_csv(REF / "macro_history.csv"):
        iso, year = r["iso2"], int(r["year"])
        src = r["source_id"]
        if src == "BRUEGEL_DET_2025_10_FORECAST":
            src, status = "BRUEGEL_DET_2025_10", "forecast"
        elif src == "BRUEGEL_DET_2025_10":
            status = "outturn" if year <= 2024 else "forecast"
        else:
            fail(f"macro_history.csv: unknown source {src}")
        v = "AMECO spring 2025"
        F.add(iso, "nominal_growth_pct", year, dec(r["nominal_growth_pct"]), "%", status,
              "AMECO nominal GDP growth (from UVGD)", src, v)
        F.add(iso, "implicit_rate_pct", year, dec(r["implicit_rate_pct"]), "%", status,
              "AMECO AYIGD implicit interest rate (interest / previous-year debt)", src, v)
        F.add(iso, "primary_balance_pct_gdp", year, dec(r["primary_balance_pct_gdp"]), "% of GDP", status,
              "AMECO primary balance (balance plus interest), general government", src, v)
        F.add(iso, "lt_yield_pct", year, dec(r["lt_yield_pct"]), "%", status,
              "ECB long-term (10-year) government bond yield, annual mean", src, v,
              "2025 value is probably a partial-year mean at the file's build (Oct 2025)" if year == 2025 else None)

    # --- reference.json: Eurostat, AMECO 2024-2026, SAFE, national figures -----------------
    for iso, c in ref.items():
        if iso.startswith("_"):
            continue
        if iso not in COUNTRIES:
            fail(f"reference.json country {iso} not in COUNTRIES")
        if c["name"] != COUNTRIES[iso][0]:
            fail(f"name mismatch {iso}: {c['name']} != {COUNTRIES[iso][0]}")
        e = c.get("eurostat_2024")
        if e:
            F.add(iso, "debt_pct_gdp", 2024, e["debt_pct_gdp_2024_apr2025"], "% of GDP", "outturn",
                  "EDP general government gross debt (Commission data April 2025, Court of Audit table)",
                  "NL_REKENKAMER_2025", "Eurostat EDP April 2025")
            bsrc = e["balance_source"]
            if bsrc == "AMECO_BRUEGEL":
                pass  # the April value is the AMECO figure rounded; the AMECO figure is carried below
            elif bsrc == "CSB_LV_2025":
                F.add(iso, "balance_pct_gdp", 2024, e["balance_pct_gdp_2024_apr2025"], "% of GDP", "outturn",
                      "EDP net lending (+) / net borrowing (-), general government", bsrc, "CSB Latvia 2025 (April EDP notification)")
            else:
                F.add(iso, "balance_pct_gdp", 2024, e["balance_pct_gdp_2024_apr2025"], "% of GDP", "outturn",
                      "EDP net lending (+) / net borrowing (-), general government", bsrc, "Eurostat EDP April 2025")
            F.add(iso, "debt_pct_gdp", 2024, e["debt_pct_gdp_2024_oct2025"], "% of GDP", "outturn",
                  "EDP general government gross debt", "ESTAT_OCT2025", "Eurostat EDP October 2025")
            F.add(iso, "balance_pct_gdp", 2024, e["balance_pct_gdp_2024_oct2025"], "% of GDP", "outturn",
                  "EDP net lending (+) / net borrowing (-), general government", "ESTAT_OCT2025", "Eurostat EDP October 2025")
        if iso == "LV":
            F.add("LV", "debt_pct_gdp", 2024, Decimal("46.6"), "% of GDP", "outturn",
                  "consolidated gross debt at nominal value, general government", "CSB_LV_2025",
                  "CSB Latvia 2025 (April EDP notification)", "CSB figure; the Court of Audit table gives 46.8")
        a = c.get("ameco_spring2025_vintage")
        if a:
            for y, vals in sorted(a["years"].items()):
                year = int(y)
                status = "outturn" if year <= 2024 else "forecast"
                F.add(iso, "debt_pct_gdp", year, vals["debt_pct_gdp"], "% of GDP", status,
                      "AMECO UDGG general government gross debt", "AMECO_BRUEGEL", "AMECO spring 2025")
                F.add(iso, "balance_pct_gdp", year, vals["balance_pct_gdp"], "% of GDP", status,
                      "AMECO UBLGE net lending (+) / net borrowing (-), general government", "AMECO_BRUEGEL", "AMECO spring 2025")
                if year == 2026:  # 2024-2025 come at full precision from macro_history.csv
                    F.add(iso, "nominal_growth_pct", year, vals["nominal_gdp_growth_pct"], "%", status,
                          "AMECO nominal GDP growth (from UVGD)", "AMECO_BRUEGEL", "AMECO spring 2025")
                    F.add(iso, "implicit_rate_pct", year, vals["implicit_interest_rate_pct"], "%", status,
                          "AMECO AYIGD implicit interest rate (interest / previous-year debt)", "AMECO_BRUEGEL", "AMECO spring 2025")
                    F.add(iso, "lt_yield_pct", year, vals["lt_rate_10y_pct"], "%", status,
                          "ECB long-term (10-year) government bond yield, annual mean", "AMECO_BRUEGEL", "AMECO spring 2025")
        alloc = c.get("safe_provisional_allocation_eur")
        if c.get("eu_member"):
            if alloc is None or not isinstance(alloc, int):
                fail(f"{iso}: EU member without an integer SAFE allocation")
            F.add(iso, "safe_allocation_eur", 2025, Decimal(alloc), "EUR", "allocation",
                  "SAFE tentative allocation of loans (Commission, 9 Sep 2025)", "SAFE_ALLOC_2025", "SAFE allocation September 2025",
                  None if alloc else "did not request SAFE loans")
        elif alloc is not None:
            fail(f"{iso}: non-EU country with a SAFE allocation")

    # National budgets and plans (reference.json national_facts)
    pl = ref["PL"]["national_facts"]
    F.add("PL", "defence_budget_nc_bn", 2025, pl["budget_2025"]["defence_pln_bn"], "bn PLN", "budget",
          "state budget defence spending (national definition)", "PL_BUDGET_2025", "Poland budget 2025 (Aug 2024)")
    F.add("PL", "defence_budget_pct_gdp", 2025, pl["budget_2025"]["pct_gdp"], "% of GDP", "budget",
          "state budget defence spending (national definition)", "PL_BUDGET_2025", "Poland budget 2025 (Aug 2024)")
    F.add("PL", "defence_budget_pct_gdp", 2026, pl["draft_budget_2026_pct_gdp"], "% of GDP", "plan",
          "draft 2026 budget, defence spending (national definition)", "PL_BUDGET_2025", "Poland budget 2025 (Aug 2024)")
    de = ref["DE"]["national_facts"]["plan_nato_pct_gdp"]
    for y in ("2025", "2029"):
        F.add("DE", "defence_budget_pct_gdp", int(y), de[y], "% of GDP", "plan",
              "federal government plan, NATO definition", "DE_PLAN_2029", "Germany plan June 2025")
        F.add("DE", "defence_budget_nc_bn", int(y), de[f"eur_bn_{y}"], "bn EUR", "plan",
              "federal government plan, NATO definition", "DE_PLAN_2029", "Germany plan June 2025",
              "about EUR 153bn (as reported)" if y == "2029" else None)
    kr = ref["KR"]["national_facts"]["defence_budget_2026"]
    F.add("KR", "defence_budget_nc_bn", 2026, dec(kr["krw_trillion"]).scaleb(3), "bn KRW", "budget",
          "national defence budget (national definition)", "KR_BUDGET_2026", "Korea MND, December 2025",
          "approved 3 Dec 2025 (+7.5 %); the government proposal was KRW 66.2947 tn (+8.2 %)")
    # reference.json repeats the proposal taken for the 2025 budget (see CORRECTIONS).

    # --- Eurostat GOV_EV COFOG 02 ----------------------------------------------------------
    cofog = {("TE", "PC_GDP"): ("cofog02_pct_gdp", False, "COFOG 02 defence, total general government expenditure (TE), % of GDP"),
             ("TE", "MIO_NAC"): ("cofog02_nc_bn", True, "COFOG 02 defence, total general government expenditure (TE), national currency (m converted to bn)"),
             ("TE", "MIO_EUR"): ("cofog02_eur_bn", True, "COFOG 02 defence, total general government expenditure (TE), EUR (m converted to bn)"),
             ("P51G", "PC_GDP"): ("cofog02_investment_pct_gdp", False, "COFOG 02 defence, gross fixed capital formation (P51G), % of GDP")}
    for r in read_csv(REF / "eurostat_gov_ev_defence_cofog02.csv"):
        iso = ISO2_FIX.get(r["iso2"], r["iso2"])
        if iso == "EU27":
            continue
        spec = cofog.get((r["na_item"], r["unit"]))
        if not spec:
            continue  # P51G in money is not a dataset key
        key, scale, measure = spec
        v = dec(r["value"])
        if scale:
            v = per_thousand(v)
        F.add(iso, key, int(r["year"]), v, unit_for(key, COUNTRIES[iso][1]), "outturn",
              "Eurostat GOV_EV " + measure, r["source_id"], "Eurostat GOV_EV April 2026")


PCT_GDP_UNITS = {"% of GDP", "% GDP", "percent of GDP", "pct of GDP"}


def canonical_unit(key: str, unit: str, cur: str) -> tuple[str, Decimal | None] | None:
    """(canonical unit, divisor) for a unit written in Data/additional, or None if not accepted.

    A divisor converts the value to the canonical unit exactly where possible (months -> years: /12).
    """
    want = unit_for(key, cur)
    u = (unit or "").strip()
    if u == want:
        return want, None
    if want == "% of GDP" and u in PCT_GDP_UNITS:
        return want, None
    if want == "%" and u in ("% a year", "% per year", "percent"):
        return want, None
    if want.startswith("bn ") and u == want.replace(f"bn {cur}", "bn national currency"):
        return want, None
    if key.endswith("_share") and u in ("share (0-1)", "share"):
        return want, None
    if key == "average_maturity_years" and u in ("year", "yrs"):
        return want, None
    if key == "average_maturity_years" and u in ("months", "month"):
        return want, Decimal(12)
    return None


def additional_files() -> list[tuple[Path, str | None]]:
    """The figure files of Data/additional: figures.csv (from the first research, in the vintage
    of PREVIOUS_VINTAGE) and every topic folder's figures.csv (added in the current vintage)."""
    files: list[tuple[Path, str | None]] = [(ADD / "figures.csv", PREVIOUS_VINTAGE)]
    for folder in sorted(p for p in ADD.iterdir() if p.is_dir()):
        if (folder / "figures.csv").exists():
            files.append((folder / "figures.csv", None))
    return files


def additional_sources() -> dict:
    """Data/additional/sources.json and every topic folder's sources.json, merged (ids unique)."""
    merged: dict = {}
    paths = [ADD / "sources.json"] + sorted(p / "sources.json" for p in ADD.iterdir() if p.is_dir())
    for path in paths:
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
        for sid, entry in data.items():
            if sid in merged and merged[sid] != entry:
                fail(f"{path.relative_to(ROOT)}: source id {sid} is defined differently in another file")
            merged[sid] = entry
    return merged


# Keys of Data/additional/dsa that repeat, value for value, figures the reference carries
# from the same Bruegel file under its first-research source id: kept once.
DSA_REPEATS = {"nominal_growth_pct", "implicit_rate_pct", "primary_balance_pct_gdp", "debt_pct_gdp", "lt_yield_pct",
               "debt_short_term_share", "debt_lt_maturing_share", "debt_lt_maturing_avg_share"}


def collect_additional(F: Figures) -> int:
    """Merge every Data/additional figure file. Rows that do not fit the format are skipped with a warning."""
    n = 0
    for path, added in additional_files():
        n += collect_figure_file(F, path, added)
    return n


def collect_figure_file(F: Figures, path: Path, added: str | None) -> int:
    if not path.exists():
        return 0
    rel = path.relative_to(ROOT)
    expected = ["iso2", "key", "year", "value", "unit", "status", "measure", "source_id", "published", "vintage", "note"]
    with path.open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f), [])
    if header != expected:
        fail(f"{rel} header {header} != {expected}")
    rows = read_csv(path)
    n = 0
    repeats = 0
    for i, r in enumerate(rows, start=2):
        where = f"{rel} line {i}"
        r = {k: (v or "").strip() for k, v in r.items() if k is not None}

        def skip(why):
            F.warnings.append(f"{where} ({r.get('iso2')} {r.get('key')} {r.get('year')}): {why}; row skipped")

        iso = ISO2_FIX.get(r["iso2"], r["iso2"])
        if iso not in COUNTRIES:
            skip(f"unknown country {r['iso2']!r}")
            continue
        if r["key"] not in FIGURE_KEYS:
            skip(f"figure key {r['key']!r} is not a dataset key")
            continue
        if r["status"] not in STATUSES:
            skip(f"status {r['status']!r} is not one of {sorted(STATUSES)}")
            continue
        if r["source_id"] not in F.sources:
            skip(f"source {r['source_id']!r} is not in the sources of Data/additional or the reference")
            continue
        try:
            year = int(r["year"])
            value = dec(r["value"])
        except (ValueError, BuildError) as exc:
            skip(f"bad year or value ({exc})")
            continue
        if value is None:
            skip("empty value")
            continue
        if path.parent.name == "dsa" and r["key"] in DSA_REPEATS and any(
                f["key"] == r["key"] and f["year"] == year and f["value"] == value for f in F.by_country[iso]):
            repeats += 1
            continue
        cu = canonical_unit(r["key"], r["unit"], COUNTRIES[iso][1])
        if cu is None:
            skip(f"unit {r['unit']!r} not accepted for {r['key']} (expected {unit_for(r['key'], COUNTRIES[iso][1])!r})")
            continue
        unit, divisor = cu
        extra = []
        if divisor is not None:
            extra.append(f"converted from {num(value)} {r['unit']} (divided by {num(divisor)})")
            value = value / divisor
        pub = r["published"]
        if re.match(r"^\d{4}-\d{2}$", pub):
            extra.append(f"published given as {pub}; the first day of the month is used for ordering")
            pub += "-01"
        elif re.match(r"^\d{4}$", pub):
            extra.append(f"published given as {pub}; 1 January is used for ordering")
            pub += "-01-01"
        if not ISO_DATE.match(pub):
            skip(f"published {r['published']!r} is not a date")
            continue
        note = " ".join([x for x in [r["note"]] if x] + [x[0].upper() + x[1:] + "." for x in extra]) or None
        before = len(F.by_country[iso])
        F.add(iso, r["key"], year, value, unit, r["status"], r["measure"] or None, r["source_id"],
              r["vintage"] or None, note, published=pub, origin="additional", added=added)
        if len(F.by_country[iso]) > before:
            n += 1
        else:
            F.warnings.append(f"{where}: same (iso2,key,year,source_id) as an earlier row; skipped")
    if repeats:
        F.infos.append(f"{rel}: {repeats} figures repeat the reference's copy of the same Bruegel file and are kept once")
    return n


def build_notes(ref: dict) -> dict[str, list[str]]:
    notes: dict[str, list[str]] = {c: [] for c in COUNTRIES}
    for iso, c in ref.items():
        if iso.startswith("_"):
            continue
        sg = c.get("nato_sg_annual_report_2024_pct_gdp_2024e")
        if sg is not None:
            notes[iso].append(f"NATO Secretary General's Annual Report 2024 (intermediate vintage): defence 2024e {num(dec(sg))} % of GDP [NATO_SGAR_2024]")
        if c.get("nato_sg_annual_report_note"):
            notes[iso].append(f"NATO Secretary General's Annual Report 2024: {c['nato_sg_annual_report_note'].rstrip('.')} [NATO_SGAR_2024]")
        n25 = c.get("nato_2025_edition") or {}
        rc = n25.get("real_change_pct") or {}
        parts = [f"{y} {'+' if v > 0 else ''}{num(dec(v))} %" for y, v in sorted(rc.items()) if v is not None]
        if parts:
            notes[iso].append("NATO 2025 edition: real change in defence expenditure " + ", ".join(parts) + " [NATO_DE_2025]")
        if n25.get("note"):
            notes[iso].append(f"NATO 2025 edition: {n25['note'].rstrip('.')} [NATO_DE_2025]")
        n24 = c.get("nato_2024_edition") or {}
        if n24.get("note"):
            notes[iso].append(f"NATO 2024 edition: {n24['note'].rstrip('.')} [NATO_DE_2024]")
        a = c.get("ameco_spring2025_vintage") or {}
        if a.get("note"):
            notes[iso].append(f"AMECO (Bruegel file): {a['note'].rstrip('.')} [AMECO_BRUEGEL]")
        e = c.get("eurostat_2024") or {}
        if e.get("balance_source") == "AMECO_BRUEGEL":
            notes[iso].append("The April 2025 EDP balance for 2024 was found only as the AMECO spring 2025 value, which embeds the April EDP outturn; it is carried once, as the AMECO figure [AMECO_BRUEGEL]")
    curated = {
        "AT": ["Statistics Austria: 2024 deficit 4.7 %, debt 81.8 % (via a secondary report); a later Fiscal Council report also cites 4.7 % [STAT_AT_2025]"],
        "BG": ["Bulgaria adopts the euro on 2026-01-01 (21st euro-area member; conversion rate 1.95583 BGN per EUR); in the base year 2024 it is not a euro-area member [BG_EURO_2026]"],
        "DE": ["Defence (incl. civil protection, intelligence, IT security, aid to states attacked in violation of international law) above 1 % of nominal GDP is exempt from the debt brake (Basic Law Arts 109/115; Bundestag 18 Mar 2025, Bundesrat 21 Mar 2025); plus a EUR 500bn infrastructure fund (EUR 100bn climate) [DE_DEBTBRAKE]",
               "Plan: EUR 86bn / 2.4 % of GDP in 2025, about EUR 153bn / 3.5 % in 2029 (Politico 23 Jun 2025; AP: Klingbeil 24 Jun 2025 '3.5 % in 2029'); a low-reliability report attributes 3.05 % for 2029 to Pistorius (conflicting, unverified) [DE_PLAN_2029]",
               "EDA: defence expenditure 2024 about EUR 90bn, 2.1 % of GDP [EDA_2025]",
               "10-year Bund yield 2.5 % on 2025-05-30; range 2.52-2.80 % mid-Jul to Nov 2025 [YIELDS]"],
        "EE": ["EDA: defence expenditure 2024 3.3 % of GDP [EDA_2025]"],
        "ES": ["NATO Hague summit: Rutte's letter (22 Jun 2025) gives Spain flexibility to determine its own sovereign path to the capability targets; Spain says 2.1 % of GDP is sufficient; Rutte: 'NATO has no opt-out', review in 2029 [ES_HAGUE]",
               "NATO 2025e defence expenditure USD 35.6bn at current prices (press) [NATO_2025_PRESS]",
               "National escape clause: AIReF says Spain has requested activation (after the 2025 wave; no date or activation found); MNI reported in May 2025 that IT, ES, FR and NL had not applied [AIREF_NEC]",
               "10-year Bono yield 3.092 % on 2025-05-30 and 3.15 % on 2026-02-20 [YIELDS]"],
        "FR": ["NATO 2025e defence expenditure USD 66.5bn at current prices (press) [NATO_2025_PRESS]",
               "EDA: defence expenditure 2024 about EUR 60bn, 2.0 % of GDP [EDA_2025]",
               "10-year OAT yield 3.16 % on 2025-05-30 and 3.3 % on 2026-02-20 [YIELDS]"],
        "GB": ["10-year gilt yield 4.374 % on 2026-01-09 [YIELDS]"],
        "GR": ["10-year GGB yield 3.253 % on 2025-05-30 and 3.34 % on 2026-02-20 [YIELDS]"],
        "HU": ["KSH second EDP notification 2025: 2024 deficit 5.0 % of GDP, debt 73.5 % [KSH_HU_2025]"],
        "IE": ["EDA: defence expenditure 2024 EUR 1.2bn, 0.2 % of GDP [EDA_2025]"],
        "IT": ["EDA: defence expenditure 2024 about EUR 33bn, 1.5 % of GDP [EDA_2025]",
               "10-year BTP yield 3.48 % on 2025-05-30 and 3.341 % on 2026-02-20 [YIELDS]"],
        "JP": ["FY2025 defence budget (about JPY 8.5 tn) plus defence-related outlays (about JPY 1.5 tn) = about JPY 9.9 tn, 1.6 % of estimated FY2025 GDP and 1.8 % of FY2022 GDP (the basis of the 2 % by FY2027 target); FY2023 1.4 %, FY2024 1.6 % (security-related definition) [JP_MOD_2025_04]"],
        "KR": ["2026 defence budget KRW 65.8642 tn (+7.5 % on the 2025 budget as passed, KRW 61.2469 tn) approved 3 Dec 2025; the government proposal was KRW 66.2947 tn (+8.2 %); % of GDP not found [KR_BUDGET_2026, PLAN_KR_KOOKBANG_2025_PASSED]"],
        "AU": ["Budget 2025-26: consolidated Defence funding AUD 58,988.7m = 2.05 % of GDP (2.03 % in the 2024-25 budget); target 2.33 % of GDP in 2033-34 [AU_BUDGET_2025_26]"],
        "UA": ["2025 state budget (adopted 19 Nov 2024): national security and defence UAH 2.23 tn = 26.3 % of GDP (budget plan, not outturn) [UA_MINFIN_BUDGET2025]"],
        "LT": ["State Defence Council (17 Jan 2025): 5-6 % of GDP a year in 2026-2030 (average about 5.5 %) [LT_SDC_2025]",
               "EDA: defence expenditure 2024 3.1 % of GDP [EDA_2025]"],
        "LV": ["CSB reports 2024 debt 46.6 % of GDP (nominal value) against 46.8 % in the Court of Audit table of Eurostat data [CSB_LV_2025]",
               "EDA: defence expenditure 2024 3.3 % of GDP [EDA_2025]"],
        "ME": ["Montenegro uses the euro unilaterally (since 2002) and is not a euro-area member [ME_EURO]"],
        "PL": ["Budget 2025 (announced 28 Aug 2024): defence PLN 186bn, 4.7 % of GDP; draft 2026 budget 4.8 % [PL_BUDGET_2025]",
               "EDA: defence expenditure 2024 about 3.8 % of GDP [EDA_2025]"],
        "PT": ["EDA: defence expenditure 2024 EUR 4.1bn [EDA_2025]"],
    }
    for iso, lst in curated.items():
        notes[iso].extend(lst)
    return notes


def build_escape(ref: dict) -> dict[str, dict | None]:
    pol = ref["_policy"]["national_escape_clause_defence"]
    requested = pol["requested_30apr2025"]
    act = {c: "2025-07-08" for c in pol["activated_2025_07_08"]}
    act.update({c: "2025-10-10" for c in pol["activated_2025_10_10"]})
    commission_12 = {"BE", "DK", "EE", "FI", "DE", "GR", "HU", "LV", "PL", "PT", "SK", "SI"}
    if set(requested) != set(act):
        fail("escape clause: requested and activated sets differ")
    out: dict[str, dict | None] = {c: None for c in COUNTRIES}
    for c in requested:
        ref_c = ref[c]["national_escape_clause"]
        if not ref_c.get("requested") or ref_c.get("activated_by_council") != act[c]:
            fail(f"escape clause: {c} country record disagrees with _policy")
        note = ("Up to 1.5 % of GDP of additional defence expenditure (COFOG 02) tolerated against the net expenditure path "
                "for each year of activation up to 2028; the 2021 reference year was discussed but not confirmed (MNI_NEC_2021).")
        if c not in commission_12:
            note += (" Listed among the states that decided to request in the Council statement of 30 Apr 2025; the Commission's "
                     "release of the same day lists 12 written requests without it, so its written request may be slightly later.")
        if c == "DE":
            note += " Germany was activated separately, on 10 Oct 2025."
        out[c] = {"requested": "2025-04-30", "activated": act[c], "years": [2025, 2026, 2027, 2028],
                  "source": "NEC_COUNCIL", "note": note}
    return out


EU_RULES = ADD / "eu-rules"


def merge_escape_rules(escape: dict, sources: dict) -> dict:
    """The activations of the national escape clause from Data/additional/eu-rules/escape-clause.json
    (the Council's recommendations, with their sources), replacing the first research's records;
    an activation that record lacks (Austria, 2026) is marked as added in the current vintage."""
    path = EU_RULES / "escape-clause.json"
    if not path.exists():
        return escape
    data = json.loads(path.read_text(encoding="utf-8"))
    out = dict(escape)
    for iso, record in data.items():
        if iso not in COUNTRIES:
            fail(f"{path.relative_to(ROOT)}: {iso} is not a dataset country")
        if record is None:
            if escape.get(iso) is not None:
                fail(f"{path.relative_to(ROOT)}: {iso} has no activation, but the reference records one")
            continue
        for key in ("activated", "years", "source"):
            if key not in record:
                fail(f"{path.relative_to(ROOT)}: {iso} lacks {key}")
        if record["source"] not in sources:
            fail(f"{path.relative_to(ROOT)}: {iso} cites unknown source {record['source']}")
        if not all(isinstance(y, int) for y in record["years"]):
            fail(f"{path.relative_to(ROOT)}: {iso} years must be whole years")
        note = record.get("note")
        previous = escape.get(iso)
        out[iso] = {"requested": record.get("requested") or (previous or {}).get("requested"),
                    "activated": record["activated"], "years": record["years"], "source": record["source"],
                    "note": note, "added": PREVIOUS_VINTAGE if previous else None}
    return out


def build_net_expenditure(sources: dict) -> dict:
    """Net expenditure paths per member state (Data/additional/eu-rules/net-expenditure-paths.json):
    {ISO: {"status", "paths": [{"kind", "base_year", "adjustment_years", "ceilings_pct", "source",
    "adopted", "note"}]}}; paths without any ceiling are kept (the country is reported as
    lacking one), every ceiling a number, every source known."""
    path = EU_RULES / "net-expenditure-paths.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal, parse_int=Decimal)
    out = {}
    for iso, record in data.items():
        where = f"{path.relative_to(ROOT)} {iso}"
        if iso not in COUNTRIES or iso not in EU_SINCE:
            fail(f"{where}: not an EU member of the dataset")
        if record.get("status") not in ("endorsed", "none"):
            fail(f"{where}: status must be endorsed or none")
        paths = []
        for entry in record.get("paths", []):
            if entry.get("kind") not in ("plan", "edp"):
                fail(f"{where}: kind must be plan or edp")
            if entry.get("source") not in sources:
                fail(f"{where}: unknown source {entry.get('source')}")
            ceilings = {}
            for year, value in (entry.get("ceilings_pct") or {}).items():
                if not isinstance(value, Decimal) or not re.match(r"^\d{4}$", year):
                    fail(f"{where}: ceiling {year}: {value!r} is not a number for a year")
                ceilings[year] = value
            base = entry.get("base_year")
            paths.append({"kind": entry["kind"], "base_year": int(base) if base is not None else None,
                          "adjustment_years": int(entry["adjustment_years"]) if entry.get("adjustment_years") else None,
                          "ceilings_pct": dict(sorted(ceilings.items())), "source": entry["source"],
                          "adopted": entry.get("adopted"), "note": entry.get("note"),
                          "base_year_basis": entry.get("base_year_basis")})
        out[iso] = {"status": record["status"], "paths": paths}
    return out


RULE_KINDS = {"structural_balance_floor"}
RULE_MEASURES = {"defence_pct_gdp", "related_pct_gdp"}


def build_rules(sources: dict) -> dict[str, list[dict]]:
    """National fiscal rules from Data/additional/national-rules.json: {ISO: [rule, ...]}.
    Every field is checked here, so the engine never meets a rule it cannot evaluate."""
    path = ADD / "national-rules.json"
    if not path.exists():
        return {}
    # Whole numbers (1 as well as 1.0) are numbers too.
    data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal, parse_int=Decimal)
    rules: dict[str, list[dict]] = {}
    for iso, entries in data.items():
        if iso.startswith("_"):
            continue  # comments
        if iso not in COUNTRIES:
            fail(f"Data/additional/national-rules.json: {iso} is not a dataset country")
        for r in entries:
            where = f"Data/additional/national-rules.json {iso} {r.get('id', '?')}"
            keys = {"id", "name", "kind", "limit_pct_gdp", "exemptions", "cyclical_adjustment", "source", "note"}
            if set(r) - keys or not {"id", "name", "kind", "limit_pct_gdp", "exemptions", "source"} <= set(r):
                fail(f"{where}: keys {sorted(r)}; expected {sorted(keys)} (note and cyclical_adjustment optional)")
            if r["kind"] not in RULE_KINDS:
                fail(f"{where}: kind {r['kind']!r} is not one milex evaluates ({', '.join(sorted(RULE_KINDS))})")
            if not isinstance(r["limit_pct_gdp"], Decimal):
                fail(f"{where}: limit_pct_gdp must be a number")
            for e in r["exemptions"]:
                if e.get("measure") not in RULE_MEASURES or not isinstance(e.get("above_pct_gdp"), Decimal):
                    fail(f"{where}: exemption {e} needs a measure in {sorted(RULE_MEASURES)} and a number above_pct_gdp")
            if r["source"] not in sources:
                fail(f"{where}: source {r['source']} is not in the sources")
            if r.get("cyclical_adjustment", False):
                fail(f"{where}: cyclical_adjustment true is not supported (milex has no output gap)")
            rule = {k: r[k] for k in ["id", "name", "kind", "limit_pct_gdp", "exemptions"]}
            rule["cyclical_adjustment"] = False
            rule["source"] = r["source"]
            if "note" in r:
                rule["note"] = r["note"]
            rules.setdefault(iso, []).append(rule)
    return rules


def build_groups(ref: dict, F: Figures, escape: dict) -> dict:
    nato = sorted(NATO_SINCE)
    eu = sorted(EU_SINCE)
    euro = sorted(EURO_SINCE)
    safe = sorted(c for c in COUNTRIES if (f := F.default(c, "safe_allocation_eur", 2025)) and f["value"] != 0)
    total = sum(F.default(c, "safe_allocation_eur", 2025)["value"] for c in safe)
    if total != Decimal(150_000_000_000):
        fail(f"SAFE allocations sum to {total}, not 150,000,000,000")
    if Decimal(ref["_policy"]["safe_regulation"]["allocation_total_check_eur"]) != total:
        fail("SAFE total differs from _policy.safe_regulation.allocation_total_check_eur")
    esc = sorted(c for c, v in escape.items() if v)
    # EU5: largest EU economies by 2024 GDP in EUR, from this dataset's default figures
    gdp_eur = []
    for c in eu:
        g, x = F.default(c, "gdp_nc_bn", 2024), F.default(c, "eur_per_nc", 2024)
        if not g or not x:
            fail(f"EU5: {c} lacks gdp_nc_bn 2024 or eur_per_nc 2024")
        gdp_eur.append((g["value"] * x["value"], c))
    gdp_eur.sort(reverse=True)
    eu5 = [c for _, c in gdp_eur[:5]]
    rank = ", ".join(f"{c} {num(v.quantize(Decimal('0.1')))}" for v, c in gdp_eur[:6])
    groups = {
        "NATO": {"name": "NATO allies", "members": nato, "as_of": "2024", "source": "NATO_MEMBERS",
                 "note": "32 allies at the end of 2024 (Sweden joined on 2024-03-07)"},
        "NATO-EUROPE-CANADA": {"name": "NATO Europe and Canada", "members": sorted(set(nato) - {"US"}), "as_of": "2024",
                               "source": "NATO_MEMBERS", "note": "NATO allies other than the United States (NATO's aggregate 'NATO Europe and Canada')"},
        "EU27": {"name": "European Union", "members": eu, "as_of": "2024", "source": "EU_MEMBERS", "note": None},
        "EURO-AREA": {"name": "Euro area", "members": euro, "as_of": "2024", "source": "ECB_EURO_AREA",
                      "note": "20 members in the base year 2024; Bulgaria joins on 2026-01-01 (BG_EURO_2026) and is not included"},
        "SAFE": {"name": "SAFE loan recipients", "members": safe, "as_of": "2025-09-09", "source": "SAFE_ALLOC_2025",
                 "note": "member states with a non-zero tentative SAFE allocation; the allocations sum to exactly EUR 150,000,000,000"},
        "ESCAPE-CLAUSE": {"name": "National escape clause for defence", "members": esc, "as_of": "2026-02-17", "source": "NEC_COUNCIL",
                          "note": "17 states: 15 activated on 2025-07-08, Germany on 2025-10-10, Austria on 2026-02-17; years 2025-2028"},
        "NORDIC-BALTIC": {"name": "Nordic-Baltic Eight (NB8)", "members": sorted(["DK", "EE", "FI", "IS", "LV", "LT", "NO", "SE"]),
                          "as_of": "2024", "source": "NB8_MEMBERS", "note": None},
        "EASTERN-FLANK": {"name": "Bucharest Nine (B9)", "members": sorted(["BG", "CZ", "EE", "HU", "LV", "LT", "PL", "RO", "SK"]),
                          "as_of": "2024", "source": "B9_MEMBERS", "note": "NATO's eastern flank as organised in the Bucharest Format (founded 2015)"},
        "EU5": {"name": "Five largest EU economies", "members": sorted(eu5), "as_of": "2024", "source": "BRUEGEL_DET_2025_10",
                "note": ("computed by Scripts/build-dataset.py from this dataset: default gdp_nc_bn 2024 x eur_per_nc 2024, "
                         f"bn EUR: {rank} (the sixth is shown for reference)")},
        "BALTIC": {"name": "Baltic states", "members": ["EE", "LT", "LV"], "as_of": "2024", "source": "NB8_MEMBERS", "note": None},
        "WEIMAR": {"name": "Weimar Triangle", "members": ["DE", "FR", "PL"], "as_of": "2024", "source": "WEIMAR_MEMBERS", "note": None},
    }
    sizes = {"NATO": 32, "NATO-EUROPE-CANADA": 31, "EU27": 27, "EURO-AREA": 20, "SAFE": 19, "ESCAPE-CLAUSE": 17,
             "NORDIC-BALTIC": 8, "EASTERN-FLANK": 9, "EU5": 5, "BALTIC": 3, "WEIMAR": 3}
    for g, n in sizes.items():
        if len(groups[g]["members"]) != n:
            fail(f"group {g} has {len(groups[g]['members'])} members, expected {n}")
        for m in groups[g]["members"]:
            if m not in COUNTRIES:
                fail(f"group {g} member {m} is not a country of the dataset")
    if not set(euro) <= set(eu) or not set(safe) <= set(eu) or not set(esc) <= set(eu):
        fail("euro area / SAFE / escape clause must be subsets of the EU")
    return groups


def build_shocks() -> dict:
    rows = read_csv(REF / "bruegel_stochastic_data_annual_shocks.csv")
    cols = ("NOMINAL_GDP_GROWTH", "INTEREST_RATE_LT", "PRIMARY_BALANCE")
    series: dict[str, list] = {}
    for r in rows:
        iso = ISO3_TO_ISO2.get(r["COUNTRY"])
        if iso is None:
            fail(f"shocks: unknown ISO3 {r['COUNTRY']}")
        series.setdefault(iso, []).append([int(r["YEAR"])] + [dec(r[c]) for c in cols])
    for iso in series:
        series[iso].sort(key=lambda row: row[0])
        years = [row[0] for row in series[iso]]
        if len(set(years)) != len(years):
            fail(f"shocks: duplicate year for {iso}")
    if sum(len(v) for v in series.values()) != len(rows):
        fail("shocks: rows lost")
    return {"source": "BRUEGEL_STOCH_ANNUAL",
            "note": ("annual first differences (year t minus year t-1, percentage points) of nominal GDP growth, the long-term "
                     "interest rate and the primary balance (% of GDP), per EU member state, copied as is from Bruegel's "
                     "stochastic_data_annual.csv; each row is [year, nominal_growth_pct, lt_rate_pct, primary_balance_pct_gdp], "
                     "null where the CSV is empty; coverage varies by country (e.g. CZ, HU, PL 2002-2014, RO 2006-2014)"),
            "variables": {"nominal_growth_pct": "NOMINAL_GDP_GROWTH", "lt_rate_pct": "INTEREST_RATE_LT",
                          "primary_balance_pct_gdp": "PRIMARY_BALANCE"},
            "series": series}


# --------------------------------------------------------------------------------------------
# Writer: fixed layout, one figure / source / group / shock row per line
# --------------------------------------------------------------------------------------------
def inline(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        return num(v)
    if isinstance(v, float):
        fail(f"float leaked into output: {v!r}")
    if isinstance(v, str):
        return jstr(v)
    if isinstance(v, list):
        return "[" + ", ".join(inline(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{jstr(k)}: {inline(x)}" for k, x in v.items()) + "}"
    fail(f"cannot serialise {type(v).__name__}")


FIG_FIELDS = ("key", "year", "value", "unit", "status", "measure", "source", "published", "vintage", "note", "added")
SRC_FIELDS = ("publisher", "title", "date", "url", "via", "reliability", "note")


def vintage_of(countries) -> str:
    latest = max(f["published"] for c in countries.values() for f in c["figures"])
    return latest[:4] + "." + latest[5:7]


def build_stand_ins() -> dict:
    """The stand-ins of Scenarios/common/missing-figures.json: proxies, defaults and their notes."""
    doc = json.loads(STAND_INS.read_text(encoding="utf-8"), parse_float=Decimal)
    unknown = set(doc) - {"$schema", "name", "description", "notes", "proxies", "defaults"}
    if unknown:
        fail(f"{STAND_INS.relative_to(ROOT)}: keys {sorted(unknown)} are not stand-ins (proxies, defaults, notes)")
    defaults = doc.get("defaults", {})
    for key, value in defaults.items():
        if not isinstance(value, (Decimal, int)) or isinstance(value, bool):
            fail(f"{STAND_INS.relative_to(ROOT)}: defaults.{key} must be a number")
    return {"file": str(STAND_INS.relative_to(ROOT)), "description": doc.get("description"),
            "notes": doc.get("notes", []), "proxies": doc.get("proxies", []),
            "defaults": {k: (v if isinstance(v, Decimal) else Decimal(v)) for k, v in defaults.items()}}


def render(sources, countries, groups, shocks, stand_ins, vintage) -> str:
    L = ["{",
         f'  "format": {jstr(FORMAT)},',
         f'  "vintage": {jstr(vintage)},',
         f'  "previous_vintage": {jstr(PREVIOUS_VINTAGE)},',
         f'  "base_year": {BASE_YEAR},',
         f'  "supported_base_years": {inline(SUPPORTED_BASE_YEARS)},',
         f'  "generated_by": {jstr("Scripts/build-dataset.py")},',
         '  "sources": {']
    ids = sorted(sources)
    for i, sid in enumerate(ids):
        s = {k: sources[sid].get(k) for k in SRC_FIELDS}
        L.append(f"    {jstr(sid)}: {inline(s)}" + ("," if i < len(ids) - 1 else ""))
    L.append("  },")
    L.append('  "countries": {')
    cids = sorted(countries)
    for ci, iso in enumerate(cids):
        c = countries[iso]
        L.append(f"    {jstr(iso)}: {{")
        L.append(f'      "name": {jstr(c["name"])},')
        L.append(f'      "currency": {jstr(c["currency"])},')
        L.append('      "memberships": {')
        mk = ["nato", "eu", "euro_area"]
        for j, k in enumerate(mk):
            L.append(f"        {jstr(k)}: {inline(c['memberships'][k])}" + ("," if j < len(mk) - 1 else ""))
        L.append("      },")
        L.append(f'      "escape_clause": {inline(c["escape_clause"])},')
        ne = c["net_expenditure"]
        if ne is None:
            L.append('      "net_expenditure": null,')
        else:
            L.append('      "net_expenditure": {')
            L.append(f'        "status": {jstr(ne["status"])},')
            L.append('        "paths": [')
            for j, path in enumerate(ne["paths"]):
                L.append(f"          {inline(path)}" + ("," if j < len(ne["paths"]) - 1 else ""))
            L.append("        ]")
            L.append("      },")
        if c["national_rules"]:
            L.append('      "national_rules": [')
            for j, r in enumerate(c["national_rules"]):
                L.append(f"        {inline(r)}" + ("," if j < len(c["national_rules"]) - 1 else ""))
            L.append("      ],")
        else:
            L.append('      "national_rules": [],')
        if c["notes"]:
            L.append('      "notes": [')
            for j, n in enumerate(c["notes"]):
                L.append(f"        {jstr(n)}" + ("," if j < len(c["notes"]) - 1 else ""))
            L.append("      ],")
        else:
            L.append('      "notes": [],')
        figs = c["figures"]
        if figs:
            L.append('      "figures": [')
            for j, f in enumerate(figs):
                obj = {k: f[k] for k in FIG_FIELDS}
                L.append(f"        {inline(obj)}" + ("," if j < len(figs) - 1 else ""))
            L.append("      ]")
        else:
            L.append('      "figures": []')
        L.append("    }" + ("," if ci < len(cids) - 1 else ""))
    L.append("  },")
    L.append('  "groups": {')
    gids = sorted(groups)
    for i, g in enumerate(gids):
        obj = {k: groups[g][k] for k in ("name", "members", "as_of", "source", "note")}
        L.append(f"    {jstr(g)}: {inline(obj)}" + ("," if i < len(gids) - 1 else ""))
    L.append("  },")
    L.append('  "historical_shocks": {')
    L.append(f'    "source": {jstr(shocks["source"])},')
    L.append(f'    "note": {jstr(shocks["note"])},')
    L.append(f'    "variables": {inline(shocks["variables"])},')
    L.append('    "series": {')
    sids = sorted(shocks["series"])
    for i, iso in enumerate(sids):
        rows = shocks["series"][iso]
        L.append(f"      {jstr(iso)}: [")
        for j, row in enumerate(rows):
            L.append(f"        {inline(row)}" + ("," if j < len(rows) - 1 else ""))
        L.append("      ]" + ("," if i < len(sids) - 1 else ""))
    L.append("    }")
    L.append("  },")
    L.append('  "stand_ins": {')
    L.append(f'    "file": {jstr(stand_ins["file"])},')
    L.append(f'    "description": {jstr(stand_ins["description"])},')
    L.append(f'    "notes": {inline(stand_ins["notes"])},')
    L.append(f'    "proxies": {inline(stand_ins["proxies"])},')
    L.append(f'    "defaults": {inline(stand_ins["defaults"])}')
    L.append("  }")
    L.append("}")
    return "\n".join(L) + "\n"


NOTE_SRC = re.compile(r"\[([A-Z0-9_]+(?:, [A-Z0-9_]+)*)\]$")


def build() -> tuple[str, Figures]:
    ref = json.loads((REF / "reference.json").read_text(encoding="utf-8"), parse_float=Decimal)
    add_sources = additional_sources()
    warnings: list[str] = []
    sources = build_sources(ref, add_sources, warnings)
    F = Figures(sources)
    F.warnings.extend(warnings)
    collect_reference(ref, F)
    collect_additional(F)
    notes = build_notes(ref)
    escape = build_escape(ref)
    escape = merge_escape_rules(escape, sources)
    net_expenditure = build_net_expenditure(sources)
    groups = build_groups(ref, F, escape)
    shocks = build_shocks()
    rules = build_rules(sources)

    countries = {}
    for iso, (name, cur) in COUNTRIES.items():
        nato = {"member": iso in NATO_SINCE, "since": NATO_SINCE.get(iso), "source": "NATO_MEMBERS"}
        eu = {"member": iso in EU_SINCE, "since": EU_SINCE.get(iso), "source": "EU_MEMBERS"}
        euro = {"member": iso in EURO_SINCE, "since": EURO_SINCE.get(iso), "source": "ECB_EURO_AREA"}
        if iso in ref:
            if ref[iso]["nato_member"] != nato["member"] or ref[iso]["eu_member"] != eu["member"]:
                fail(f"{iso}: membership disagrees with reference.json")
        if euro["member"] != (cur == "EUR" and iso != "ME"):
            fail(f"{iso}: euro-area membership inconsistent with currency")
        for n in notes[iso]:
            m = NOTE_SRC.search(n)
            if not m:
                fail(f"{iso}: note does not end with a [SOURCE] id: {n}")
            for sid in m.group(1).split(", "):
                if sid not in sources:
                    fail(f"{iso}: note cites unknown source {sid}")
        figs = F.sorted_figures(iso)
        for f in figs:
            v = f["value"]
            if v is None or not isinstance(v, Decimal) or not v.is_finite() or math.isnan(float(v)):
                fail(f"{iso} {f['key']} {f['year']}: null or NaN value")
            if f["source"] not in sources:
                fail(f"{iso} {f['key']} {f['year']}: unknown source {f['source']}")
        countries[iso] = {"name": name, "currency": cur,
                          "memberships": {"nato": nato, "eu": eu, "euro_area": euro},
                          "escape_clause": escape[iso],
                          "net_expenditure": net_expenditure.get(iso),
                          "national_rules": rules.get(iso, []),
                          "notes": notes[iso], "figures": figs}
    for g in groups.values():
        if g["source"] not in sources:
            fail(f"group cites unknown source {g['source']}")
    for iso, e in escape.items():
        if e and e["source"] not in sources:
            fail("escape clause cites unknown source")

    for key in CORRECTIONS:
        if key not in F.corrected:
            fail(f"correction {key} matches no figure")

    # Spot checks the vintage rule must satisfy
    d = F.default("PL", "defence_pct_gdp", 2024)
    if not (d["value"] == Decimal("3.78895") and d["source"] == "NATO_DE_2025_UGENT"):
        fail(f"PL defence_pct_gdp 2024 default is {num(d['value'])} ({d['source']}), expected 3.78895 (NATO 2025 edition)")
    if not any(f["key"] == "defence_pct_gdp" and f["year"] == 2024 and f["value"] == Decimal("4.12019") for f in F.by_country["PL"]):
        fail("PL defence_pct_gdp 2024 from the NATO 2024 edition (4.12019) is missing")

    # Figures of the current vintage carry its name (the vintage is the newest publication held).
    vintage = vintage_of(countries)
    for c in countries.values():
        for f in c["figures"]:
            if f["added"] is None:
                f["added"] = vintage
        if c["escape_clause"] and c["escape_clause"].get("added", PREVIOUS_VINTAGE) is None:
            c["escape_clause"]["added"] = vintage
    text = render(sources, countries, groups, shocks, build_stand_ins(), vintage)
    json.loads(text)  # must be valid JSON
    return text, F


GAPS = ROOT / "Data" / "gaps.json"


def input_status(F: Figures, iso: str, key: str, offset, b: int) -> str:
    """How the model input `key` is met for base year `b`, by the rules of
    Sources/MilexData/CountryRecord+ModelInputs.swift (a Swift test keeps the two in step):
    the base-year figure; or a derivation; or an earlier year; else "missing"."""
    figs = [f for f in F.by_country[iso] if f["added"] is None or f["added"] <= "9999"]

    def has(k, year):
        return any(f["key"] == k and f["year"] == year for f in figs)

    def latest(k, upto):
        years = [f["year"] for f in figs if f["key"] == k and f["year"] <= upto]
        return max(years) if years else None

    cur = COUNTRIES[iso][1]
    nato = iso in NATO_SINCE
    if key == "eur_per_nc":
        if cur == "EUR":
            return "euro"
        for k in ("nc_per_eur", "eur_per_nc", "nc_per_usd"):
            y = latest(k, b)
            if y is not None:
                return str(y) if y == b else f"from {y}"
        if has("gdp_usd_bn", b):
            return "in USD"
        return "missing"
    if key == "gdp_nc_bn":
        if has(key, b):
            return str(b)
        return "in USD" if has("gdp_usd_bn", b) else "missing"
    if key == "nominal_growth_pct":
        return str(b + 1) if has(key, b + 1) else (f"{b + 2}" if has(key, b + 2) else "missing")
    if key == "primary_balance_pct_gdp":
        if has(key, b):
            return str(b)
        return "missing"
    if key == "implicit_rate_pct":
        if has(key, b):
            return str(b)
        return "derived" if has("interest_nc_bn", b) and has("debt_nc_bn", b - 1) else "missing"
    if key == "lt_yield_pct":
        y = latest(key, b + 1)
        return "missing" if y is None else (str(y) if y == b else f"from {y}")
    if key == "average_maturity_years":
        y = latest(key, b)
        if y is not None:
            return str(y)
        st = [f for f in figs if f["key"] == "debt_short_term_share" and f["year"] <= b]
        lt = [f for f in figs if f["key"] == "debt_lt_maturing_avg_share" and f["year"] <= b]
        if st and lt:
            s_ = max(st, key=lambda f: (f["year"], f["published"]))["value"]
            l_ = max(lt, key=lambda f: (f["year"], f["published"]))["value"]
            if 0 <= s_ < 1 and l_ > 0:
                return "derived"
        return "missing"
    if key == "defence_pct_gdp":
        if has(key, b):
            return str(b)
        y = latest(key, b)
        return f"from {y}" if (y is not None and not nato) else "missing"
    if key == "debt_pct_gdp":
        return str(b) if has(key, b) else "missing"
    return str(b) if has(key, b) else "missing"


def gaps_rows(F: Figures, b: int) -> list[dict]:
    """Per country and required input: how it is met for base year b."""
    rows = []
    for iso in sorted(COUNTRIES):
        row = {"iso2": iso}
        for key, offset in REQUIRED:
            row[key] = input_status(F, iso, key, offset, b)
        rows.append(row)
    return rows


def gaps_table(F: Figures, b: int = BASE_YEAR) -> str:
    """The countries whose required inputs for base year b are not all base-year figures (an
    earlier year, USD money, a derivation or missing), and for each missing input the sources searched."""
    notes = json.loads(GAPS.read_text(encoding="utf-8"))["inputs"] if GAPS.exists() else {}
    head = f"Model inputs for base year {b}: the year of the figure used, 'derived', 'in USD', 'from YEAR' (an earlier year stands in) or 'missing'.\n\n"
    head += "| country | " + " | ".join(k for k, _ in REQUIRED) + " |"
    lines = [head, "|---|" + "---|" * len(REQUIRED)]
    missing_keys = set()
    for row in gaps_rows(F, b):
        cells = [row[k] for k, _ in REQUIRED]
        if all(c in (str(b), str(b + 1), "euro", "derived") for c in cells):
            continue
        lines.append(f"| {row['iso2']} | " + " | ".join(cells) + " |")
        for (k, _), c in zip(REQUIRED, cells):
            if c == "missing":
                missing_keys.add(k)
    model_key = {"gdp_nc_bn": "gdp_bn", "eur_per_nc": "per_eur", "lt_yield_pct": "market_rate_pct"}
    if missing_keys:
        lines.append("")
        lines.append("Sources searched for the missing inputs (Data/gaps.json):")
        for k in sorted(missing_keys):
            note = notes.get(model_key.get(k, k)) or notes.get(k) or "not recorded: add the sources searched to Data/gaps.json"
            lines.append(f"- {k}: {note}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed dataset differs from what would be written")
    ap.add_argument("--gaps", action="store_true", help="print the table of missing required figures")
    ap.add_argument("--base-year", type=int, default=BASE_YEAR, help="the base year --gaps reports (default %(default)s)")
    ap.add_argument("--json", action="store_true", help="with --gaps: one JSON object per country and input")
    args = ap.parse_args(argv)
    try:
        text, F = build()
    except BuildError as exc:
        print(f"build-dataset: error: {exc}", file=sys.stderr)
        return 2
    for w in F.warnings:
        print(f"build-dataset: warning: {w}", file=sys.stderr)
    if args.gaps:
        if args.json:
            print(json.dumps(gaps_rows(F, args.base_year), indent=1))
        else:
            print(gaps_table(F, args.base_year))
        return 0
    if args.check:
        current = OUT.read_bytes() if OUT.exists() else None
        if current != text.encode("utf-8"):
            print(f"build-dataset: {OUT.relative_to(ROOT)} is out of date; run python3 Scripts/build-dataset.py", file=sys.stderr)
            return 1
        print(f"build-dataset: {OUT.relative_to(ROOT)} is up to date")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    if not OUT.exists() or OUT.read_bytes() != text.encode("utf-8"):
        OUT.write_bytes(text.encode("utf-8"))
    n = sum(len(F.by_country[c]) for c in COUNTRIES)
    print(f"build-dataset: wrote {OUT.relative_to(ROOT)} ({len(text.encode('utf-8'))} bytes, {len(COUNTRIES)} countries, {n} figures)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
