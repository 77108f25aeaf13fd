"""Moderation's writes, one module per noun, each public function one transaction:
screening (the charter's rules on every contribution), cases (flags, urgent actions,
appeals: how a case opens), draws (the jury's random, auditable draw), votes (jurors'
votes), decisions (a majority or the deadline closes the case, once, and it takes effect),
journal (the public record and notices), notices (read state), settings."""
