"""The fifth national report (NR5) as the Biosafety Clearing-House stores it, mapped to and from a profile."""
