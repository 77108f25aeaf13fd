"""Moderation's writes, one module per noun: screening (the charter's rules on every
contribution), cases (flags, urgent actions, decisions), juries (draws and votes), appeals,
mutes and the journal. Each public function is one transaction."""
