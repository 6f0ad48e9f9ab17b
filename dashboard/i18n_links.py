"""UI strings of the redirect links page and the LP duplicate action (French first, English),
merged by ``dashboard.i18n``.

Pure module: no Streamlit import.
"""

from __future__ import annotations

from typing import Final

FR: Final[dict[str, str]] = {
    "nav.links": "Liens de redirection",
    "links.title": "Liens de redirection",
    "links.intro": (
        "Pour les landing pages qui ne peuvent pas exécuter notre script : chaque clic sur "
        "{collector}/r/<clé> est enregistré, puis le visiteur est redirigé. Un lien archivé "
        "redirige toujours (une publicité imprimée ne casse pas) mais ses clics sont mis en "
        "quarantaine."
    ),
    "links.show_archived": "Afficher les liens archivés",
    "links.create": "Nouveau lien de redirection",
    "links.no_lp": "Créez d'abord une landing page : un lien lui est rattaché.",
    "links.form": "Formulaire (facultatif)",
    "links.no_form": "— aucun —",
    "links.target_help": "Vide : l'URL du formulaire choisi.",
    "links.created": "Lien « {name} » créé ; son URL suivie est dans la liste.",
    "links.archive_which": "Lien à modifier ou archiver",
    "links.archived": "Lien « {name} » archivé : il redirige toujours, ses clics sont en "
    "quarantaine.",
    "col.link_key": "Clé du lien",
    "col.target_url": "URL cible",
    "col.tracked_url": "URL suivie",
    "lps.duplicate": "Dupliquer",
    "lps.duplicate_name": "Nom de la copie",
    "lps.duplicate_help": "Vide : « {name} (copie) ».",
    "lps.duplicated": "Landing page « {name} » créée avec ses formulaires (nouvelles clés).",
}

EN: Final[dict[str, str]] = {
    "nav.links": "Redirect links",
    "links.title": "Redirect links",
    "links.intro": (
        "For landing pages that cannot run our script: each click on {collector}/r/<key> is "
        "recorded, then the visitor is redirected. An archived link still redirects (a printed "
        "ad does not break) but its clicks are quarantined."
    ),
    "links.show_archived": "Show archived links",
    "links.create": "New redirect link",
    "links.no_lp": "Create a landing page first: a link belongs to one.",
    "links.form": "Form (optional)",
    "links.no_form": "— none —",
    "links.target_help": "Empty: the chosen form's URL.",
    "links.created": "Link “{name}” created; its tracked URL is in the list.",
    "links.archive_which": "Link to change or archive",
    "links.archived": "Link “{name}” archived: it still redirects, its clicks are quarantined.",
    "col.link_key": "Link key",
    "col.target_url": "Target URL",
    "col.tracked_url": "Tracked URL",
    "lps.duplicate": "Duplicate",
    "lps.duplicate_name": "Name of the copy",
    "lps.duplicate_help": "Empty: “{name} (copie)”.",
    "lps.duplicated": "Landing page “{name}” created with its forms (new keys).",
}
