"""One typed settings object for every process, read from ``LEADHUB_*`` env vars.

Never read at import time: entry points call :func:`load_settings` and inject the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LEADHUB_", extra="ignore")

    data_dir: Path = Field(default=Path(".leadhub"), description="Every file the product writes.")
    host: str = "127.0.0.1"
    collector_port: int = 8000
    dashboard_port: int = 8501
    dagster_port: int = 3000
    fake_crm_port: int = 8900
    demo_lp_port: int = 8101
    demo_form_port: int = 8102
    public_url: str = Field(
        default="", description="Public base URL of the collector (default: http://host:port)."
    )
    dashboard_url: str = Field(
        default="",
        description="Public base URL of the dashboard (default: http://host:dashboard_port); "
        "one-time password links point there.",
    )
    collector_workers: int = 1
    forwarded_allow_ips: str = Field(
        default="127.0.0.1,::1",
        description="Proxies whose X-Forwarded-For/-Proto the collector trusts (comma-separated "
        "addresses or networks, '*' for any): the client IP is the address they forwarded.",
    )
    spool_roll_seconds: float = 2.0
    collector_roller: Literal["worker", "process"] = Field(
        default="worker",
        description="Who rolls the spool into the lake: each worker ('worker': an app run "
        "alone, the tests) or one roller process every worker feeds ('process': what "
        "`leadhub collector` runs, supervised and restarted).",
    )
    collector_roller_nice: int = Field(
        default=10,
        ge=0,
        le=19,
        description="Niceness the roller process adds to itself: under a burst the request "
        "workers get the CPU first and the durable spool absorbs the burst; the roller catches "
        "up when it ends (its lag is in /health and /metrics). 0: the workers' priority.",
    )
    spool_max_delay_ms: float = 2.0
    max_body_bytes: int = 1_000_000
    max_batch_events: int = 500
    rate_limit_window_seconds: int = 60
    rate_limit_ip_requests: int = Field(default=1200, description="Per client IP/window; 0=off.")
    rate_limit_key_events: int = Field(default=120_000, description="Per public key/window.")
    api_key_max_failures: int = Field(
        default=20,
        ge=0,
        description="Unknown or revoked API keys per client IP per window; then 429 for any key "
        "from that IP until the window ends (decision 0053); 0=off.",
    )
    api_key_failure_window_seconds: int = Field(default=600, ge=1)
    metrics_token: str = Field(default="", description="Bearer token for /metrics (else loopback).")
    router_poll_seconds: float = 0.1
    router_lease_seconds: float = 60.0
    delivery_timeout_seconds: float = 5.0
    delivery_give_up_seconds: float = Field(
        default=24 * 3600.0,
        gt=0,
        description="How long a failing delivery is retried before it is a dead letter"
        " (from its creation, or from its requeue).",
    )
    sensor_interval_seconds: int = 15
    # Scheduled backups (warehouse/backup.py, pipelines/defs/backup; decision 0044).
    backup_dir: str = Field(default="", description="Scheduled backups go here; empty: none.")
    backup_keep: int = Field(default=7, ge=1, description="Scheduled backups kept (newest).")
    backup_cron: str = Field(default="15 3 * * *", description="When, Europe/Paris (cron).")
    log_level: str = "INFO"
    log_json: bool = Field(default=False, description="One JSON object per log line.")
    allow_private_network: bool = Field(
        default=False,
        description="Allows loopback/private buyer URLs and page origins; for the demo and tests.",
    )
    test_mode: bool = Field(default=False, description="Marks all traffic as test.")
    secret_key: str = Field(
        default="", description="Fernet key for buyer secrets; default: data_dir/secret.key."
    )
    smtp_host: str = Field(default="", description="SMTP server for alert e-mails; empty: none.")
    smtp_port: int = 25
    smtp_from: str = "leadhub@localhost"
    smtp_timeout_seconds: float = 10.0
    alert_recipients: str = Field(default="", description="Alert e-mails, comma-separated.")
    summary_daily_hour: int = Field(
        default=7, ge=0, le=23, description="Paris hour of the daily summary e-mail (yesterday)."
    )
    summary_weekly_hour: int = Field(
        default=8, ge=0, le=23, description="Paris hour, on Mondays, of the weekly summary e-mail."
    )
    health_silence_minutes: int = 30  # alerts: warehouse/tracking_alerts.py
    health_min_events_per_hour: float = 6.0
    health_spike_minutes: int = 15
    health_spike_min_quarantined: int = 20
    health_spike_rate: float = 0.2
    # Lead intake defences (ingest/spam.py; decision 0016). 0 disables a rule.
    lead_min_submit_seconds: float = 3.0  # form render (`_lh_t`) to submit
    lead_ip_rate_limit: int = 20  # leads per client address per window, all workers
    lead_ip_rate_window_seconds: int = 600
    lead_ip_rate_exempt: str = "127.0.0.0/8,::1/128"  # comma-separated networks (local proxy)
    lead_duplicate_hours: float = 24.0  # same entity, product and phone: status `duplicate`
    captcha_verify_url: str = ""  # siteverify URL; empty: no captcha check
    captcha_secret: str = ""
    captcha_timeout_seconds: float = 3.0
    # Dashboard sign-in (hub/services/sessions.py; decision 0027).
    dashboard_session_hours: float = Field(
        default=12.0, description="Lifetime of a dashboard sign-in (its cookie and hub session)."
    )
    dashboard_sign_in_max_failures: int = 5  # failed sign-ins per e-mail and per client ...
    dashboard_sign_in_window_minutes: int = 15  # ... in this many minutes
    # A/B tests (warehouse/ab.py, decision 0045): an arm wins at this P(best) on leads ...
    ab_p_best_threshold: float = Field(default=0.95, gt=0.5, lt=1.0)
    ab_min_exposures: int = Field(default=100, ge=1)  # ... with this many sessions per arm
    # Personal data retention (hub/services/retention.py, warehouse/lake_retention.py; decision
    # 0052): leads are anonymised this many days after their last contact, lake events this many
    # days after they were received; the Dagster schedule runs at this cron, Europe/Paris.
    retention_days: int = Field(
        default=1095,
        ge=1,
        le=36500,
        description="Days after the last contact before anonymisation.",
    )
    retention_cron: str = Field(default="45 4 * * *", description="Retention run (Paris cron).")

    @property
    def collector_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.collector_port}").rstrip("/")

    @property
    def dashboard_base_url(self) -> str:
        return (self.dashboard_url or f"http://{self.host}:{self.dashboard_port}").rstrip("/")

    @property
    def hub_db(self) -> Path:
        return self.data_dir / "hub.sqlite3"

    @property
    def spool_dir(self) -> Path:
        return self.data_dir / "spool"

    @property
    def lake_dir(self) -> Path:
        return self.data_dir / "lake"

    @property
    def raw_dir(self) -> Path:
        return self.lake_dir / "raw" / "events"

    @property
    def quarantine_dir(self) -> Path:
        return self.lake_dir / "quarantine"

    @property
    def warehouse_dir(self) -> Path:
        return self.data_dir / "warehouse"

    @property
    def warehouse_db(self) -> Path:
        """The published, read-only snapshot readers open."""
        return self.warehouse_dir / "leadhub.duckdb"

    @property
    def warehouse_work_db(self) -> Path:
        """The pipeline's private read-write database (never opened by readers)."""
        return self.warehouse_dir / "work.duckdb"

    @property
    def dagster_home(self) -> Path:
        return self.data_dir / "dagster"

    def ensure_dirs(self) -> None:
        for path in (
            self.data_dir,
            self.spool_dir,
            self.raw_dir,
            self.quarantine_dir,
            self.warehouse_dir,
            self.dagster_home,
        ):
            path.mkdir(parents=True, exist_ok=True)


def settings_env(settings: Settings) -> dict[str, str]:
    """Every set field as the ``LEADHUB_<FIELD>`` variable that reproduces it in a child
    process (the launcher's processes, the collector's workers, the dashboard)."""
    env: dict[str, str] = {}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        env[f"LEADHUB_{name.upper()}"] = text
    return env


def load_settings(**overrides: object) -> Settings:
    settings = Settings(**overrides)  # type: ignore[arg-type]
    settings.data_dir = settings.data_dir.resolve()
    return settings
