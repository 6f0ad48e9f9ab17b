"""French postal code → département (Corsica 2A/2B, overseas 971–976).

Overseas: ``971xx`` Guadeloupe (with Saint-Barthélemy ``97133`` and Saint-Martin ``97150``),
``972xx`` Martinique, ``973xx`` Guyane, ``974xx`` Réunion, ``975xx`` Saint-Pierre-et-Miquelon,
``976xx`` Mayotte (decision 0026).
"""

from __future__ import annotations

import re

_POSTAL = re.compile(r"^\d{5}$")


class PostalCodeError(ValueError):
    pass


def departement(postal_code: str) -> str:
    code = postal_code.strip().replace(" ", "")
    if not _POSTAL.match(code):
        raise PostalCodeError("a postal code has 5 digits")
    if code.startswith("20"):
        # Corse-du-Sud: 200xx-201xx; Haute-Corse: 202xx-206xx.
        return "2A" if int(code[:3]) < 202 else "2B"
    if code.startswith("97"):
        dom = code[:3]
        if dom in {"971", "972", "973", "974", "975", "976"}:
            return dom
        raise PostalCodeError("unknown overseas postal code")
    if code.startswith("98"):
        raise PostalCodeError("overseas collectivities are not served")
    if code.startswith("00"):
        raise PostalCodeError("no département starts with 00")
    return code[:2]
