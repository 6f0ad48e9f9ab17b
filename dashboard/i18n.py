"""UI strings (French by default, English available) and locale-aware number formatting.

Pure module: no Streamlit import, so it can be unit-tested and reused.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final

from dashboard import (
    i18n_ab,
    i18n_admin,
    i18n_billing,
    i18n_commandes,
    i18n_costs,
    i18n_delivery,
    i18n_explorer,
    i18n_leads,
    i18n_links,
    i18n_ops,
    i18n_password,
    i18n_prepaid,
    i18n_privacy,
    i18n_privacy_erasure,
    i18n_products,
    i18n_providers,
)

DEFAULT_LANG: Final = "fr"
LANGUAGES: Final = {"fr": "Français", "en": "English"}

_FR: Final[dict[str, str]] = {
    "nav.login": "Connexion",
    "nav.funnel": "Entonnoir",
    "nav.about": "À propos",
    "nav.health": "Santé du tracking",
    "nav.brief": "Brief d'intégration",
    "health.title": "Santé du tracking",
    "health.caption": "En direct depuis le lac d'événements (hors entrepôt), le {when}.",
    "health.no_targets": "Aucune landing page ni aucun formulaire dans vos comptes.",
    "health.col.kind": "Type",
    "health.col.name": "Nom",
    "health.col.key": "Clé",
    "health.col.last": "Dernier événement",
    "health.col.hour": "Événements (1 h)",
    "health.col.per_hour": "Événements / h (24 h)",
    "health.col.rate": "Quarantaine (24 h)",
    "health.col.reason": "Raison principale",
    "health.col.status": "État",
    "health.kind.lp": "Landing page",
    "health.kind.form": "Formulaire",
    "health.status.ok": "OK",
    "health.status.silent": "Silencieux",
    "health.status.spike": "Pic de quarantaine",
    "health.status.no_traffic": "Aucun événement (7 j)",
    "health.ago": "il y a {age}",
    "health.alerts": "Dernières alertes",
    "health.no_alerts": "Aucune alerte.",
    "health.email": "e-mail : {status}",
    "health.verify": "Vérifier une installation",
    "health.verify_url": "URL de la page (landing page ou formulaire)",
    "health.verify_submit": "Vérifier",
    "health.verify_minutes": "Sur les dernières (minutes)",
    "brief.title": "Brief d'intégration",
    "brief.lp": "Landing page",
    "brief.none": "Aucune landing page dans vos comptes.",
    "brief.error": "Brief impossible : {reason}",
    "brief.download_md": "Télécharger (Markdown)",
    "brief.download_html": "Télécharger (HTML)",
    "sidebar.language": "Langue",
    "sidebar.signed_in_as": "Connecté : {name}",
    "sidebar.logout": "Se déconnecter",
    "auth.required": "Connectez-vous pour voir cette page.",
    "login.title": "Connexion",
    "login.email": "E-mail",
    "login.password": "Mot de passe",
    "login.submit": "Se connecter",
    "login.missing": "Saisissez votre e-mail et votre mot de passe.",
    "login.failed": "E-mail ou mot de passe incorrect.",
    "login.rate_limited": "Trop de tentatives, réessayez dans {n} minutes.",
    "login.hub_unavailable": "Base de configuration indisponible : {reason}",
    "login.welcome": "Connecté en tant que {name}.",
    "funnel.title": "Entonnoir de conversion",
    "funnel.no_snapshot": (
        "Aucune donnée publiée pour l'instant : le pipeline n'a pas encore publié "
        "l'entrepôt. Les chiffres apparaîtront après la première publication."
    ),
    "funnel.snapshot_error": "Impossible de lire les données publiées : {reason}",
    "funnel.no_accounts": "Votre utilisateur n'est rattaché à aucun compte.",
    "funnel.no_data": "Aucune donnée pour cette période et ces filtres.",
    "funnel.published": "Données publiées le {when} (il y a {age}).",
    "funnel.chart": "Entonnoir",
    "funnel.table": "Détail par landing page, formulaire et source",
    "filter.dates": "Période",
    "filter.lps": "Landing pages",
    "filter.forms": "Formulaires",
    "filter.sources": "Sources",
    "filter.all": "Toutes",
    "step.visits": "Visites",
    "step.cta_clicks": "Clics CTA",
    "step.form_starts": "Débuts de formulaire",
    "step.form_submits": "Formulaires envoyés",
    "step.leads": "Leads",
    "step.sold_leads": "Leads vendus",
    "step.revenue": "Chiffre d'affaires (€)",
    "metric.rate": "{num} / {den} : {pct}",
    "metric.unique_visitors": "Visiteurs uniques (somme des jours) : {n}",
    "metric.per_sold_lead": "Par lead vendu : {value}\u00a0€",
    "col.lp": "Landing page",
    "col.form": "Formulaire",
    "col.source": "Source",
    "col.conversion": "Leads / Visites (%)",
    "label.no_lp": "(sans landing page)",
    "label.no_form": "(sans formulaire)",
    "label.direct": "(direct)",
    "about.title": "À propos",
    "about.snapshot": "Entrepôt publié",
    "about.snapshot_missing": "pas encore publié",
    "about.published": "Publié le",
    "about.hub": "Base de configuration",
    "about.accounts": "Vos comptes",
    "about.account_name": "Nom",
    "about.version": "Version",
    "age.minutes": "{n} min",
    "age.hours": "{n} h",
    "age.days": "{n} j",
}

_EN: Final[dict[str, str]] = {
    "nav.login": "Sign in",
    "nav.funnel": "Funnel",
    "nav.about": "About",
    "nav.health": "Tracking health",
    "nav.brief": "Integration brief",
    "health.title": "Tracking health",
    "health.caption": "Live from the event lake (not the warehouse), at {when}.",
    "health.no_targets": "No landing page or form in your accounts.",
    "health.col.kind": "Kind",
    "health.col.name": "Name",
    "health.col.key": "Key",
    "health.col.last": "Last event",
    "health.col.hour": "Events (1 h)",
    "health.col.per_hour": "Events / h (24 h)",
    "health.col.rate": "Quarantine (24 h)",
    "health.col.reason": "Main reason",
    "health.col.status": "Status",
    "health.kind.lp": "Landing page",
    "health.kind.form": "Form",
    "health.status.ok": "OK",
    "health.status.silent": "Silent",
    "health.status.spike": "Quarantine spike",
    "health.status.no_traffic": "No event (7 d)",
    "health.ago": "{age} ago",
    "health.alerts": "Latest alerts",
    "health.no_alerts": "No alert.",
    "health.email": "e-mail: {status}",
    "health.verify": "Check an installation",
    "health.verify_url": "Page URL (landing page or form)",
    "health.verify_submit": "Check",
    "health.verify_minutes": "Over the last (minutes)",
    "brief.title": "Integration brief",
    "brief.lp": "Landing page",
    "brief.none": "No landing page in your accounts.",
    "brief.error": "Cannot produce the brief: {reason}",
    "brief.download_md": "Download (Markdown)",
    "brief.download_html": "Download (HTML)",
    "sidebar.language": "Language",
    "sidebar.signed_in_as": "Signed in: {name}",
    "sidebar.logout": "Sign out",
    "auth.required": "Sign in to see this page.",
    "login.title": "Sign in",
    "login.email": "Email",
    "login.password": "Password",
    "login.submit": "Sign in",
    "login.missing": "Enter your email and password.",
    "login.failed": "Wrong email or password.",
    "login.rate_limited": "Too many attempts, try again in {n} minutes.",
    "login.hub_unavailable": "Configuration database unavailable: {reason}",
    "login.welcome": "Signed in as {name}.",
    "funnel.title": "Conversion funnel",
    "funnel.no_snapshot": (
        "No data published yet: the pipeline has not published the warehouse yet. "
        "Figures will show after the first publication."
    ),
    "funnel.snapshot_error": "Cannot read the published data: {reason}",
    "funnel.no_accounts": "Your user is not attached to any account.",
    "funnel.no_data": "No data for this period and these filters.",
    "funnel.published": "Data published on {when} ({age} ago).",
    "funnel.chart": "Funnel",
    "funnel.table": "Breakdown by landing page, form and source",
    "filter.dates": "Date range",
    "filter.lps": "Landing pages",
    "filter.forms": "Forms",
    "filter.sources": "Sources",
    "filter.all": "All",
    "step.visits": "Visits",
    "step.cta_clicks": "CTA clicks",
    "step.form_starts": "Form starts",
    "step.form_submits": "Forms submitted",
    "step.leads": "Leads",
    "step.sold_leads": "Sold leads",
    "step.revenue": "Revenue (€)",
    "metric.rate": "{num} / {den}: {pct}",
    "metric.unique_visitors": "Unique visitors (sum of days): {n}",
    "metric.per_sold_lead": "Per sold lead: €{value}",
    "col.lp": "Landing page",
    "col.form": "Form",
    "col.source": "Source",
    "col.conversion": "Leads / Visits (%)",
    "label.no_lp": "(no landing page)",
    "label.no_form": "(no form)",
    "label.direct": "(direct)",
    "about.title": "About",
    "about.snapshot": "Published warehouse",
    "about.snapshot_missing": "not published yet",
    "about.published": "Published on",
    "about.hub": "Configuration database",
    "about.accounts": "Your accounts",
    "about.account_name": "Name",
    "about.version": "Version",
    "age.minutes": "{n} min",
    "age.hours": "{n} h",
    "age.days": "{n} d",
}

# Each part of the app keeps its strings in its own module (FR and EN dicts).
_PARTS = (
    i18n_admin,
    i18n_password,
    i18n_commandes,
    i18n_ops,
    i18n_prepaid,
    i18n_links,
    i18n_billing,
    i18n_leads,
    i18n_explorer,
    i18n_costs,
    i18n_ab,
    i18n_privacy,
    i18n_privacy_erasure,
    i18n_products,
    i18n_delivery,
    i18n_providers,
)
STRINGS: Final[dict[str, dict[str, str]]] = {
    "fr": _FR | {k: v for part in _PARTS for k, v in part.FR.items()},
    "en": _EN | {k: v for part in _PARTS for k, v in part.EN.items()},
}


def normalize_lang(lang: object) -> str:
    return lang if isinstance(lang, str) and lang in STRINGS else DEFAULT_LANG


def translate(lang: str, key: str, **values: object) -> str:
    """The string for ``key`` in ``lang`` (French if unknown), with ``values`` filled in."""
    text = STRINGS[normalize_lang(lang)][key]
    return text.format(**values) if values else text


def fmt_int(value: float, lang: str) -> str:
    text = f"{round(value):,}"
    return text.replace(",", "\u202f") if normalize_lang(lang) == "fr" else text


def fmt_money(value: float, lang: str) -> str:
    text = f"{value:,.2f}"
    if normalize_lang(lang) == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def fmt_pct(numerator: float, denominator: float, lang: str) -> str:
    """``numerator / denominator`` as a percentage; an en dash when the base is zero."""
    if not denominator:
        return "–"
    text = f"{100 * numerator / denominator:.1f}".removesuffix(".0")
    if normalize_lang(lang) == "fr":
        return text.replace(".", ",") + "\u00a0%"
    return text + "%"


def fmt_datetime(value: datetime, lang: str) -> str:
    if normalize_lang(lang) == "fr":
        return value.strftime("%d/%m/%Y à %H:%M")
    return value.strftime("%Y-%m-%d %H:%M")


def fmt_date(value: date, lang: str) -> str:
    return value.strftime("%d/%m/%Y" if normalize_lang(lang) == "fr" else "%Y-%m-%d")


def fmt_age(age: timedelta, lang: str) -> str:
    minutes = max(0, int(age.total_seconds() // 60))
    if minutes < 120:
        return translate(lang, "age.minutes", n=minutes)
    if minutes < 48 * 60:
        return translate(lang, "age.hours", n=minutes // 60)
    return translate(lang, "age.days", n=minutes // (24 * 60))


def date_format(lang: str) -> str:
    """The ``st.date_input`` display format for ``lang``."""
    return "DD/MM/YYYY" if normalize_lang(lang) == "fr" else "YYYY/MM/DD"
