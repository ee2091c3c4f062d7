"""The cartagena-compliance engine: the plan catalog, Party profiles, rules and findings."""

__version__ = "0.1.0"
