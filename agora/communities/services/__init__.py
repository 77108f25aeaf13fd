"""Writes for communities, one module per noun; each public function is one transaction:
communities (creation, time zone), charter (versions and their articles' rules),
identity (the voice and the mindset), membership (consent, joining), mandates
(stewardship, granted and ended, each change journaled)."""
