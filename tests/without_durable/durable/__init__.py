"""Stand-in for durable_rules' Python package: its import fails as its C core does on Python 3.13."""

import durable_rules_engine  # noqa: F401  (raises ImportError)
