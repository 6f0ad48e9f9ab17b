"""``leadhub``: one CLI for every process and operation, composed here from thin command
modules (each imports its part only when a command runs)."""

from __future__ import annotations

import typer

from leadhub.cli import (
    accounts,
    activity,
    backup,
    billing,
    buyers,
    catalogue,
    costs,
    deliveries,
    delivery,
    health,
    leads,
    links,
    ops,
    privacy,
    privacy_erasure,
    processes,
    providers,
    seed,
    smoke,
    summary,
)
from leadhub.cli.context import INVOCATION, KeyOption

app = typer.Typer(
    help="leadhub: lead-generation tracking, routing and analytics.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main(key: KeyOption = None) -> None:
    """leadhub: lead-generation tracking, routing and analytics."""
    INVOCATION.api_key = key


processes.register(app)
accounts.register(app)
health.register(app)
activity.register(app)
backup.register(app)
smoke.register(app)
app.add_typer(seed.seed_app, name="seed")
app.add_typer(processes.pipelines_app, name="pipelines")
app.add_typer(health.health_app, name="health")
app.add_typer(summary.summary_app, name="summary")
app.add_typer(ops.commandes_app, name="commandes")
leads.register(ops.leads_app)
app.add_typer(ops.leads_app, name="leads")
ops.sources_app.command("list")(providers.sources_list)
app.add_typer(ops.sources_app, name="sources")
app.add_typer(providers.providers_app, name="providers")
app.add_typer(delivery.app, name="delivery")
app.add_typer(deliveries.app, name="deliveries")
app.add_typer(accounts.accounts_app, name="accounts")
app.add_typer(accounts.users_app, name="users")
app.add_typer(accounts.keys_app, name="keys")
app.add_typer(catalogue.lps_app, name="lps")
app.add_typer(catalogue.forms_app, name="forms")
app.add_typer(catalogue.origins_app, name="origins")
app.add_typer(links.links_app, name="links")
app.add_typer(buyers.buyers_app, name="buyers")
app.add_typer(buyers.products_app, name="products")
app.add_typer(buyers.prices_app, name="prices")
app.add_typer(billing.billing_app, name="billing")
app.add_typer(costs.costs_app, name="costs")
app.add_typer(privacy.privacy_app, name="privacy")
privacy_erasure.register(privacy.privacy_app)
