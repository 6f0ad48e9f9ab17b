"""The private pages of the dashboard, in sections, each with the permission that reads it (the
one permission table, :data:`hub.services.actor.PERMISSIONS`): the navigation shows a user only
the pages its role may read, and each page checks the same permission again."""

from __future__ import annotations

from typing import Final

from hub.services.actor import Actor

# Section title key → (file in views/, title key, icon, permission to read the page).
Entry = tuple[str, str, str, str]
SECTIONS: Final[dict[str, list[Entry]]] = {
    "nav.section.analysis": [
        ("funnel.py", "nav.funnel", ":material/filter_alt:", "tracking.read"),
        ("explorer.py", "nav.explorer", ":material/query_stats:", "tracking.read"),
        ("acquisition.py", "nav.acquisition", ":material/paid:", "costs.read"),
        ("ab_tests.py", "nav.ab_tests", ":material/science:", "tracking.read"),
        ("health.py", "nav.health", ":material/monitor_heart:", "tracking.read"),
        ("brief.py", "nav.brief", ":material/description:", "catalogue.read"),
        ("about.py", "nav.about", ":material/info:", "accounts.read"),
    ],
    "nav.section.ops": [
        ("leads.py", "nav.leads", ":material/contact_phone:", "leads.read"),
        ("deliveries.py", "nav.deliveries", ":material/local_shipping:", "leads.read"),
        ("commandes.py", "nav.commandes", ":material/shopping_cart:", "commandes.read"),
    ],
    "nav.section.admin": [
        ("landing_pages.py", "nav.landing_pages", ":material/web:", "catalogue.read"),
        ("forms.py", "nav.forms", ":material/assignment:", "catalogue.read"),
        ("origins.py", "nav.origins", ":material/public:", "catalogue.read"),
        ("links.py", "nav.links", ":material/link:", "catalogue.read"),
        ("buyers.py", "nav.buyers", ":material/storefront:", "buyers.read"),
        ("products.py", "nav.products", ":material/category:", "prices.read"),
        ("providers.py", "nav.providers", ":material/hub:", "providers.read"),
        ("accounts.py", "nav.accounts", ":material/domain:", "accounts.read"),
        ("users.py", "nav.users", ":material/group:", "users.read"),
        ("api_keys.py", "nav.api_keys", ":material/key:", "keys.read"),
        ("activity.py", "nav.activity", ":material/history:", "activity.read"),
        ("privacy.py", "nav.privacy", ":material/shield_person:", "privacy.read"),
    ],
    "nav.section.finance": [
        ("billing.py", "nav.billing", ":material/receipt_long:", "billing.read"),
        ("prepaid.py", "nav.prepaid", ":material/account_balance_wallet:", "billing.read"),
    ],
}
HOME: Final = "funnel.py"
# Pages anyone may open, signed in or out, by URL only (not in the menu): file in views/, title
# key, icon, URL path. A one-time password link opens set_password?token=… .
PUBLIC: Final[list[tuple[str, str, str, str]]] = [
    ("set_password.py", "nav.set_password", ":material/password:", "set_password"),
]


def all_pages() -> list[Entry]:
    return [entry for entries in SECTIONS.values() for entry in entries]


def visible_pages(actor: Actor) -> list[Entry]:
    """The pages ``actor``'s role may read, in navigation order."""
    return [entry for entry in all_pages() if actor.may(entry[3])]
