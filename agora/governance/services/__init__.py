"""Members decide together, one module per noun, each public function one transaction:
proposals (charter amendments and stewardship mandates put to the vote, and closed at
their deadline), ballots (one per member), settings (how long a vote lasts, its quorum)."""
