"""The permission table as Markdown (``docs/PERMISSIONS.md`` is this text; a test keeps the two
equal): one row per permission, one column per role."""

from __future__ import annotations

from hub.services.actor import PERMISSIONS, ROLES

HEADER = """# Permissions

Generated from `hub/services/actor.py` (`PERMISSIONS`), the one table API v1 endpoints and
the hub services (so the CLI and the dashboard) check; a test fails when this page and the code
differ (`python -m hub.services.permissions_doc > docs/PERMISSIONS.md` rewrites it). Roles other
than `super_admin` act only on their accounts (a user's memberships, a key's account and its
sub-accounts); another tenant's object answers 404. Admins never grant a role above their own.
"""


def markdown() -> str:
    head = "| permission | " + " | ".join(ROLES) + " |"
    rule = "|---|" + "---|" * len(ROLES)
    rows = [
        f"| `{name}` | " + " | ".join("✔" if r in roles else "" for r in ROLES) + " |"
        for name, roles in sorted(PERMISSIONS.items())
    ]
    return HEADER + "\n" + "\n".join([head, rule, *rows]) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
