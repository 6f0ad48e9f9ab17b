"""The one mailer: send an e-mail over SMTP (``settings.smtp_*``) and say exactly how it failed.

Deliveries (``send``, raising :class:`MailError`) and alerts (``send_alert``, answering a
:class:`MailResult`) both go through it.

The SMTP steps are run one by one so a failure is classed: a 5xx reply is permanent (the
address or the message is refused: a rejection), a 4xx reply or a connection problem is
temporary (retried), and a failure after the message data was sent is ambiguous (the server
may have queued it). Nothing counts as sent until the server accepted the data with a 2xx.
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from uuid import uuid4

from hub.settings import Settings


class MailError(Exception):
    def __init__(
        self, message: str, *, code: int | None = None, permanent: bool, ambiguous: bool = False
    ) -> None:
        super().__init__(message)
        self.code = code
        self.permanent = permanent
        self.ambiguous = ambiguous


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str = "text"
    subtype: str = "csv"


def build_message(
    sender: str,
    to: Sequence[str],
    subject: str,
    text: str,
    message_id: str,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = f"<{message_id}@leadhub>"
    msg.set_content(text)
    for item in attachments:
        if item.maintype == "text":
            msg.add_attachment(
                item.content.decode("utf-8"),
                subtype=item.subtype,
                charset="utf-8",
                filename=item.filename,
            )
        else:
            msg.add_attachment(
                item.content,
                maintype=item.maintype,
                subtype=item.subtype,
                filename=item.filename,
            )
    return msg


def _check(reply: tuple[int, bytes], step: str) -> None:
    """A refusal reply is a clear answer (never ambiguous): 5xx permanent, 4xx temporary."""
    code, text = reply
    if 200 <= code < 300:
        return
    message = f"SMTP {step} refused: {code} {text.decode(errors='replace')}"[:400]
    raise MailError(message, code=code, permanent=code >= 500)


def send(settings: Settings, msg: EmailMessage, to: Sequence[str]) -> None:
    """Deliver ``msg`` to every address of ``to`` or raise :class:`MailError`."""
    if not settings.smtp_host:
        raise MailError("no SMTP server configured (LEADHUB_SMTP_HOST)", permanent=False)
    data_sent = False
    smtp: smtplib.SMTP | None = None
    try:
        smtp = smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
        )
        _check(smtp.ehlo(), "EHLO")
        _check(smtp.mail(settings.smtp_from), "MAIL FROM")
        for address in to:
            _check(smtp.rcpt(address), f"RCPT TO {address}")
        data_sent = True
        _check(smtp.data(msg.as_bytes()), "DATA")
    except MailError:
        raise
    except smtplib.SMTPResponseException as exc:
        raise MailError(
            f"SMTP error {exc.smtp_code} {exc.smtp_error!r}"[:400],
            code=exc.smtp_code,
            permanent=exc.smtp_code >= 500,
            ambiguous=data_sent,
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(
            f"SMTP connection failed ({type(exc).__name__}: {exc})"[:400],
            permanent=False,
            ambiguous=data_sent,
        ) from None
    finally:
        if smtp is not None:
            _quit(smtp)


def _quit(smtp: smtplib.SMTP) -> None:
    """Say goodbye; once the data is accepted, a failing QUIT changes nothing."""
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


@dataclass(frozen=True, slots=True)
class MailResult:
    status: str  # sent | failed | not_configured
    error: str | None = None


def recipients(settings: Settings) -> list[str]:
    return [r.strip() for r in settings.alert_recipients.split(",") if r.strip()]


def send_alert(settings: Settings, subject: str, body: str) -> MailResult:
    """Send to ``alert_recipients``; ``sent`` only once the server accepted every recipient
    and the data; never raises."""
    to = recipients(settings)
    if not settings.smtp_host or not to:
        return MailResult("not_configured")
    msg = build_message(settings.smtp_from, to, subject, body, f"alert-{uuid4().hex}")
    try:
        send(settings, msg, to)
    except MailError as exc:
        return MailResult("failed", str(exc)[:500])
    return MailResult("sent")
