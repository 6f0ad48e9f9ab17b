"""The demo world: seed, demo LP/form site, demo traffic, and a fake buyer CRM on loopback."""
