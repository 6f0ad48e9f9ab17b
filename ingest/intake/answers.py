"""The typed answers of public lead intake, so that ``/schema/openapi.json`` documents them
(decision 0061; the keyed API v1 answers are in :mod:`ingest.api.responses`)."""

from typing import Literal, TypedDict


class LeadAccepted(TypedDict):
    """A lead taken (201; 200 when an ``Idempotency-Key`` replays it): ``status`` new,
    suspicious, duplicate or held (spam is answered as new)."""

    lead_id: str
    status: Literal["new", "suspicious", "duplicate", "held"]


class FormProduct(TypedDict):
    code: str | None
    label: str | None


class FormConsent(TypedDict):
    """The consent text the form shows and its version (a lead keeps the one it saw)."""

    version: str
    text: str


class FormField(TypedDict):
    name: str
    type: str
    label_fr: str
    label_en: str
    required: bool


class Captcha(TypedDict):
    required: bool
    field: str


class Spam(TypedDict):
    """What the form must carry for the intake's defences: the honeypot, the render time
    (ms since the epoch) and, when required, a captcha token."""

    honeypot_field: str
    render_time_field: str
    rendered_at: int
    min_submit_seconds: float
    captcha: Captcha


class FormConfig(TypedDict):
    """The public configuration of a form: where to post, its fields, consent and defences."""

    form_key: str
    endpoint: str
    thank_you_url: str | None
    product: FormProduct
    consent: FormConsent
    fields: list[FormField]
    hidden_fields: list[str]
    spam: Spam
