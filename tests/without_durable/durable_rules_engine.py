"""Stand-in for durable_rules' C core that fails to import, as durable-rules 2.0.28 does on Python 3.13."""

raise ImportError(
    "durable_rules_engine: undefined symbol: PyEval_CallObject "
    "(simulated by tests/without_durable, as on Python 3.13)"
)
