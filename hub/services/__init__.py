"""Domain services: every operation a person or a program can do, written once. Each takes the
acting :class:`hub.services.actor.Actor`, checks its permission and scope, and logs the change;
API v1, the CLI and the dashboard are thin callers."""
