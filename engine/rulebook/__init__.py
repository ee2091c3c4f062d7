"""Rule files: the condition language, the profile field registry, loading and validation."""
