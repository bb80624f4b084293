"""The fleet door: one repository's status (`status`), many of them scanned (`scan`), rolled up
with campaigns (`aggregate`, `campaigns`) into fleet.json and a static dashboard (`dashboard`)."""
