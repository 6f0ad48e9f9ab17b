"""UI strings of the one-time password links (French first, English), merged by
``dashboard.i18n``: the signed-out page that sets a password, the users page's link button.

Pure module: no Streamlit import.
"""

from __future__ import annotations

from typing import Final

FR: Final[dict[str, str]] = {
    "nav.set_password": "Choisir un mot de passe",
    "password.title": "Choisir votre mot de passe",
    "password.for": "Nouveau mot de passe pour **{email}** (lien valable jusqu'au {until}).",
    "password.new": "Nouveau mot de passe (12 caractères au moins)",
    "password.confirm": "Confirmez le mot de passe",
    "password.submit": "Enregistrer le mot de passe",
    "password.mismatch": "Les deux mots de passe diffèrent.",
    "password.done": "Mot de passe enregistré pour {email}. Vos autres sessions sont fermées : "
    "connectez-vous avec ce mot de passe.",
    "password.to_login": "Aller à la connexion",
    "password.no_token": "Ce lien est incomplet : ouvrez le lien reçu en entier, ou demandez-en "
    "un nouveau à votre administrateur.",
    "password.unknown": "Ce lien est inconnu. Demandez un nouveau lien à votre administrateur.",
    "password.used": "Ce lien a déjà servi. Demandez un nouveau lien à votre administrateur.",
    "password.revoked": "Ce lien a été remplacé par un plus récent : utilisez le dernier reçu.",
    "password.expired": "Ce lien a expiré (24 h). Demandez un nouveau lien à votre administrateur.",
    "password.user_disabled": "Ce compte utilisateur est désactivé.",
    "password.rate_limited": "Trop de tentatives, réessayez dans {n} minutes.",
    "users.password_link": "Lien de mot de passe",
    "users.password_link_help": "Un lien à usage unique (24 h) où l'utilisateur choisit son "
    "mot de passe ; il remplace le lien précédent.",
    "users.password_link_made": "Lien de mot de passe créé pour {email} (valable 24 h, une fois).",
    "users.the_link": "L'adresse du lien de mot de passe",  # "… : copiez-la maintenant"
}

EN: Final[dict[str, str]] = {
    "nav.set_password": "Choose a password",
    "password.title": "Choose your password",
    "password.for": "New password for **{email}** (link valid until {until}).",
    "password.new": "New password (at least 12 characters)",
    "password.confirm": "Confirm the password",
    "password.submit": "Save the password",
    "password.mismatch": "The two passwords differ.",
    "password.done": "Password saved for {email}. Your other sessions are closed: sign in with "
    "this password.",
    "password.to_login": "Go to sign-in",
    "password.no_token": "This link is incomplete: open the whole link you received, or ask "
    "your administrator for a new one.",
    "password.unknown": "This link is unknown. Ask your administrator for a new link.",
    "password.used": "This link was already used. Ask your administrator for a new link.",
    "password.revoked": "A newer link replaced this one: use the latest you received.",
    "password.expired": "This link has expired (24 h). Ask your administrator for a new link.",
    "password.user_disabled": "This user account is disabled.",
    "password.rate_limited": "Too many attempts, try again in {n} minutes.",
    "users.password_link": "Password link",
    "users.password_link_help": "A one-time link (24 h) where the user chooses a password; it "
    "replaces the previous link.",
    "users.password_link_made": "Password link made for {email} (valid 24 h, once).",
    "users.the_link": "The password link",
}
