"""UI strings of the GDPR erasure and opposition section (French first, English), merged by
``dashboard.i18n``.

Pure module: no Streamlit import.
"""

from __future__ import annotations

from typing import Final

FR: Final[dict[str, str]] = {
    "erasure.title": "Effacement RGPD",
    "erasure.caption": (
        "Efface une personne du hub, du lac et de l'entrepôt, demande à chaque acheteur qui a"
        " reçu ses leads de l'effacer, et refuse ses prochains leads. Les leads restent comptés"
        " (statut, prix) sans données personnelles. Irréversible."
    ),
    "erasure.by": "Identifier la personne par",
    "erasure.by.phone": "Téléphone",
    "erasure.by.email": "E-mail",
    "erasure.value": "Téléphone ou e-mail de la personne",
    "erasure.confirm": "Je confirme l'effacement définitif de cette personne",
    "erasure.submit": "Effacer la personne",
    "erasure.unconfirmed": "Cochez la confirmation : l'effacement ne peut pas être annulé.",
    "erasure.done": (
        "Effacement fait : {leads} lead(s), {lake_rows} événement(s) du lac dans {lake_files}"
        " fichier(s), {warehouse_rows} ligne(s) de l'entrepôt, {buyer_requests} demande(s)"
        " envoyée(s) aux acheteurs ({erasure_id})."
    ),
    "erasure.busy": "L'entrepôt est en cours de mise à jour : réessayez dans quelques minutes.",
    "opposition.title": "Liste d'opposition",
    "opposition.caption": (
        "Les leads de ces personnes sont refusés. Seule une empreinte (HMAC) du téléphone ou de"
        " l'e-mail est conservée : pour retrouver une personne, saisissez sa valeur."
    ),
    "opposition.add": "Ajouter à la liste d'opposition",
    "opposition.added": "Ajoutée à la liste d'opposition.",
    "opposition.remove_pick": "Entrée à retirer",
    "opposition.remove": "Retirer de la liste",
    "opposition.removed": "Retirée de la liste d'opposition.",
    "opposition.col.kind": "Type",
    "opposition.col.hash": "Empreinte",
    "opposition.col.account": "Compte",
    "opposition.col.reason": "Motif",
    "opposition.col.created": "Ajoutée le",
    "opposition.every_account": "tous les comptes",
    "opposition.reason.request": "demande",
    "opposition.reason.erasure": "effacement",
}

EN: Final[dict[str, str]] = {
    "erasure.title": "GDPR erasure",
    "erasure.caption": (
        "Erases a person from the hub, the lake and the warehouse, asks each buyer that"
        " received their leads to erase them, and refuses their future leads. Leads stay"
        " counted (status, price) without personal data. Cannot be undone."
    ),
    "erasure.by": "Find the person by",
    "erasure.by.phone": "Phone",
    "erasure.by.email": "E-mail",
    "erasure.value": "The person's phone or e-mail",
    "erasure.confirm": "I confirm this person is erased for good",
    "erasure.submit": "Erase the person",
    "erasure.unconfirmed": "Tick the confirmation: an erasure cannot be undone.",
    "erasure.done": (
        "Erased: {leads} lead(s), {lake_rows} lake event(s) in {lake_files} file(s),"
        " {warehouse_rows} warehouse row(s), {buyer_requests} request(s) sent to buyers"
        " ({erasure_id})."
    ),
    "erasure.busy": "The warehouse is being rebuilt: try again in a few minutes.",
    "opposition.title": "Opposition list",
    "opposition.caption": (
        "These people's leads are refused. Only a keyed hash (HMAC) of the phone or e-mail is"
        " kept: type a value to find a person."
    ),
    "opposition.add": "Add to the opposition list",
    "opposition.added": "Added to the opposition list.",
    "opposition.remove_pick": "Entry to remove",
    "opposition.remove": "Remove from the list",
    "opposition.removed": "Removed from the opposition list.",
    "opposition.col.kind": "Kind",
    "opposition.col.hash": "Hash",
    "opposition.col.account": "Account",
    "opposition.col.reason": "Reason",
    "opposition.col.created": "Added",
    "opposition.every_account": "every account",
    "opposition.reason.request": "request",
    "opposition.reason.erasure": "erasure",
}
