"""The catalogue of an account: its landing pages (LPs), their forms and the origins allowed to
send tracking events, and the tracked redirect links of its LPs.

For API v1 and the CLI alike. Everyone reads the catalogue of the accounts it sees; admins and
marketers create, change and archive LPs and forms, and manage origins. An LP or a form gets a
readable, unique public key (``lp_<slug>_<8 random>``, ``form_<slug>_<8 random>``); it is
archived (``active = 0``), never deleted (leads refer to it). Creating or changing one adds the
origin (``scheme://host[:port]``) of its URLs to the account's allowed origins. A form's consent
version changes whenever its consent text does (``v1``, ``v2``…); each lead keeps the version it
saw. Every change is in the activity log.
"""

from __future__ import annotations

from hub.services.catalogue.common import LEAD_FIELDS
from hub.services.catalogue.duplicate import duplicate_lp
from hub.services.catalogue.forms import (
    archive_form,
    consent_versions,
    create_form,
    get_form,
    list_forms,
    update_form,
)
from hub.services.catalogue.landing_pages import (
    archive_lp,
    create_lp,
    get_lp,
    list_lps,
    lp_brief,
    update_lp,
)
from hub.services.catalogue.links import (
    archive_link,
    create_link,
    get_link,
    list_links,
    update_link,
)
from hub.services.catalogue.origins import add_origin, list_origins, remove_origin

__all__ = [
    "LEAD_FIELDS",
    "add_origin",
    "archive_form",
    "archive_link",
    "archive_lp",
    "consent_versions",
    "create_form",
    "create_link",
    "create_lp",
    "duplicate_lp",
    "get_form",
    "get_link",
    "get_lp",
    "list_forms",
    "list_links",
    "list_lps",
    "list_origins",
    "lp_brief",
    "remove_origin",
    "update_form",
    "update_link",
    "update_lp",
]
