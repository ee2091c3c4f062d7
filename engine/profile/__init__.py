"""The Party profile: what one Party declares it has in place, on one date, in one JSON file."""
