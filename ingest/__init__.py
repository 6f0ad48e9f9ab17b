"""The collector: tracking (``collect``), lead intake (``intake``), API v1 (``api``) and system
routes (``system``), composed by ``ingest.app.create_app`` and served by ``ingest.server``."""
