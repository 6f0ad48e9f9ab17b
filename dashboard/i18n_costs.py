"""UI strings of the acquisition and profitability page (French first, English), merged by
``dashboard.i18n``.

Pure module: no Streamlit import.
"""

from __future__ import annotations

from typing import Final

FR: Final[dict[str, str]] = {
    "nav.acquisition": "Acquisition et rentabilité",
    "acq.title": "Acquisition et rentabilité",
    "acq.intro": "Visites, leads, ventes et dépenses publicitaires par source, campagne et "
    "landing page (dernier contact). Les dépenses d'une campagne sont réparties entre ses "
    "landing pages au prorata des visites.",
    "acq.no_snapshot": "Aucune donnée publiée pour l'instant : lancez le pipeline.",
    "acq.snapshot_error": "Lecture des données impossible : {reason}",
    "acq.costs_fresh": "Dernier import de dépenses : {when}.",
    "acq.costs_none": "Aucune dépense importée.",
    "acq.by": "Regrouper par",
    "acq.by.source": "Source",
    "acq.by.campaign": "Source et campagne",
    "acq.by.lp": "Landing page",
    "acq.by.all": "Source, campagne et landing page",
    "acq.no_data": "Aucune donnée sur cette période.",
    "acq.sessions": "Visites",
    "acq.leads": "Leads",
    "acq.sold_leads": "Leads vendus",
    "acq.revenue": "Chiffre d'affaires (€)",
    "acq.cost": "Dépenses (€)",
    "acq.cpl": "Coût par lead (€)",
    "acq.cpl_sold": "Coût par lead vendu (€)",
    "acq.margin": "Marge (€)",
    "acq.roas": "ROAS",
    "acq.campaign": "Campagne",
    "acq.none": "(aucune)",
    "acq.upload": "Importer des dépenses publicitaires (CSV)",
    "acq.upload_help": "Colonnes date, source, campaign, cost — ou un export Google Ads (Day, "
    "Campaign, Cost) ou Meta (Reporting starts, Campaign name, Amount spent (EUR)). Montants en "
    "euros, virgule ou point. Une ligne fautive refuse tout le fichier ; un même jour × source "
    "× campagne importé de nouveau remplace l'ancien.",
    "acq.file": "Fichier CSV",
    "acq.account": "Compte",
    "acq.import": "Importer",
    "acq.imported": "{rows} ligne(s) importée(s) du {start} au {end} ({replaced} remplacée(s)), "
    "{total} € au total. Elles apparaîtront ici après la prochaine mise à jour des données.",
}

EN: Final[dict[str, str]] = {
    "nav.acquisition": "Acquisition and profit",
    "acq.title": "Acquisition and profit",
    "acq.intro": "Visits, leads, sales and ad spend by source, campaign and landing page (last "
    "touch). A campaign's spend is split across its landing pages by their visits.",
    "acq.no_snapshot": "No data published yet: run the pipeline.",
    "acq.snapshot_error": "Could not read the data: {reason}",
    "acq.costs_fresh": "Last ad spend import: {when}.",
    "acq.costs_none": "No ad spend imported.",
    "acq.by": "Group by",
    "acq.by.source": "Source",
    "acq.by.campaign": "Source and campaign",
    "acq.by.lp": "Landing page",
    "acq.by.all": "Source, campaign and landing page",
    "acq.no_data": "No data in this period.",
    "acq.sessions": "Visits",
    "acq.leads": "Leads",
    "acq.sold_leads": "Sold leads",
    "acq.revenue": "Revenue (€)",
    "acq.cost": "Spend (€)",
    "acq.cpl": "Cost per lead (€)",
    "acq.cpl_sold": "Cost per sold lead (€)",
    "acq.margin": "Margin (€)",
    "acq.roas": "ROAS",
    "acq.campaign": "Campaign",
    "acq.none": "(none)",
    "acq.upload": "Import ad spend (CSV)",
    "acq.upload_help": "Columns date, source, campaign, cost — or a Google Ads (Day, Campaign, "
    "Cost) or Meta (Reporting starts, Campaign name, Amount spent (EUR)) export. Amounts in "
    "euros, decimal comma or point. One bad line refuses the whole file; a day × source × "
    "campaign imported again replaces the earlier one.",
    "acq.file": "CSV file",
    "acq.account": "Account",
    "acq.import": "Import",
    "acq.imported": "{rows} row(s) imported from {start} to {end} ({replaced} replaced), "
    "{total} € in all. They show here after the next data refresh.",
}
