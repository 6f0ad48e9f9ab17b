"""Billing: invoices and credit notes per buyer and Europe/Paris period (API v1, CLI, dashboard).

- :mod:`.periods` — ``2026-11`` (a Paris month) and ``2026-W48`` (an ISO week) as Paris dates;
- :mod:`.amounts` — integer cents, TVA 20 % rounded half up once on the total;
- :mod:`.numbering` — ``{PREFIX}-{YYYYMM}-{NNNN}`` per issuing entity, without gaps;
- :mod:`.drafts` — what a close would bill: sales, netted returns and credits;
- :mod:`.close` — ``close_period``: one invoice per buyer and period, then the credit notes;
- :mod:`.credit_notes` — credits made after an invoice was issued become avoirs;
- :mod:`.issue` — freezing one document (parties, lines, totals, PDF, CSV) under its number;
- :mod:`.invoices` — listing, reading, downloading, status issued → sent → paid;
- :mod:`.documents` — the Factur-X PDF (CII XML embedded) and the CSV of a document.
"""
