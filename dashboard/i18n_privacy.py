"""UI strings of the "Vie privée (RGPD)" page (French first, English), merged by
``dashboard.i18n``.

Pure module: no Streamlit import.
"""

from __future__ import annotations

from typing import Final

FR: Final[dict[str, str]] = {
    "nav.privacy": "Vie privée (RGPD)",
    "privacy.title": "Vie privée (RGPD)",
    "privacy.intro": "Demandes d'accès des personnes, registre des consentements et durée de "
    "conservation des données personnelles. Chaque export est journalisé (sans le téléphone ni "
    "l'e-mail recherchés).",
    "privacy.dsar": "Demande d'accès (DSAR)",
    "privacy.dsar_help": "Toutes les demandes de la personne dans vos comptes, par téléphone "
    "ou e-mail, avec la preuve du consentement et chaque acheteur destinataire.",
    "privacy.phone": "Téléphone",
    "privacy.email": "E-mail",
    "privacy.search": "Rechercher",
    "privacy.found": "{n} demande(s) trouvée(s).",
    "privacy.download_json": "Télécharger (JSON)",
    "privacy.download_html": "Télécharger la page lisible (HTML)",
    "privacy.col.lead": "Demande",
    "privacy.col.account": "Compte",
    "privacy.col.form": "Formulaire",
    "privacy.col.created": "Reçue le",
    "privacy.col.consent": "Version du consentement",
    "privacy.col.buyers": "Acheteurs",
    "privacy.ledger": "Registre des consentements",
    "privacy.ledger_help": "Chaque consentement recueilli sur la période (jours de Paris, "
    "fin incluse) : demande, heure, formulaire, version du texte, page, IP tronquée, "
    "acheteurs nommés.",
    "privacy.period": "Période",
    "privacy.prepare": "Préparer le registre",
    "privacy.ledger_count": "{n} consentement(s) sur la période.",
    "privacy.download_csv": "Télécharger (CSV)",
    "privacy.retention": "Conservation des données",
    "privacy.retention_rule": "Les demandes sont anonymisées {days} jours après le dernier "
    "contact (création, changement de statut, livraison) ; les événements du lac {days} jours "
    "après leur réception. Les comptages et les montants restent.",
    "privacy.cutoff": "Dernier contact avant le {date} : à anonymiser.",
    "privacy.last_run": "Dernier passage : {when} par {actor} — {leads} demande(s), "
    "{files} fichier(s) d'événements anonymisés.",
    "privacy.never_run": "Aucun passage enregistré pour vos comptes.",
    "privacy.dry_run": "Simuler",
    "privacy.dry_counts": "À anonymiser maintenant : {leads} demande(s), {rejections} "
    "soumission(s) refusée(s), {rows} événement(s) dans {files} fichier(s).",
    "privacy.run": "Anonymiser maintenant…",
    "privacy.confirm": "Anonymiser définitivement ce qui dépasse la durée de conservation dans "
    "vos comptes ? Cette action est irréversible.",
    "privacy.confirm_yes": "Oui, anonymiser",
    "privacy.cancel": "Annuler",
    "privacy.done": "Anonymisation faite : {leads} demande(s), {files} fichier(s) d'événements.",
}

EN: Final[dict[str, str]] = {
    "nav.privacy": "Privacy (GDPR)",
    "privacy.title": "Privacy (GDPR)",
    "privacy.intro": "People's access requests, the consent ledger and how long personal data "
    "is kept. Every export is logged (without the phone or e-mail searched).",
    "privacy.dsar": "Access request (DSAR)",
    "privacy.dsar_help": "Every lead of the person in your accounts, by phone or e-mail, with "
    "the consent proof and every buyer it went to.",
    "privacy.phone": "Phone",
    "privacy.email": "E-mail",
    "privacy.search": "Search",
    "privacy.found": "{n} lead(s) found.",
    "privacy.download_json": "Download (JSON)",
    "privacy.download_html": "Download the readable page (HTML)",
    "privacy.col.lead": "Lead",
    "privacy.col.account": "Account",
    "privacy.col.form": "Form",
    "privacy.col.created": "Received",
    "privacy.col.consent": "Consent version",
    "privacy.col.buyers": "Buyers",
    "privacy.ledger": "Consent ledger",
    "privacy.ledger_help": "Every consent collected in the period (Paris days, end included): "
    "lead, time, form, text version, page, truncated IP, buyers named.",
    "privacy.period": "Period",
    "privacy.prepare": "Prepare the ledger",
    "privacy.ledger_count": "{n} consent(s) in the period.",
    "privacy.download_csv": "Download (CSV)",
    "privacy.retention": "Data retention",
    "privacy.retention_rule": "Leads are anonymised {days} days after the last contact "
    "(creation, status change, delivery); lake events {days} days after they were received. "
    "Counts and amounts stay.",
    "privacy.cutoff": "Last contact before {date}: to anonymise.",
    "privacy.last_run": "Last run: {when} by {actor} — {leads} lead(s), {files} event file(s) "
    "anonymised.",
    "privacy.never_run": "No run recorded for your accounts.",
    "privacy.dry_run": "Simulate",
    "privacy.dry_counts": "To anonymise now: {leads} lead(s), {rejections} refused "
    "submission(s), {rows} event(s) in {files} file(s).",
    "privacy.run": "Anonymise now…",
    "privacy.confirm": "Permanently anonymise what is past the retention period in your "
    "accounts? This cannot be undone.",
    "privacy.confirm_yes": "Yes, anonymise",
    "privacy.cancel": "Cancel",
    "privacy.done": "Anonymised: {leads} lead(s), {files} event file(s).",
}
