"""The health dashboard's writes, one module per noun: snapshots (the figures, computed by
the worker or on demand), digests (the stewards' weekly summary), settings."""
