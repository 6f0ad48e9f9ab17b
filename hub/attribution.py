"""Where a visit came from, as pages, links, events and leads carry it: UTM parameters, ad
click ids and the A/B variant label. One list for the tracker's redirect, the lead fields, the
API's lead view, the lake's columns and the demo site."""

from __future__ import annotations

ATTRIBUTION = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "gclid",
    "fbclid",
    "variant",
)
