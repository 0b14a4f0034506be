"""Users' side of safety and privacy: reports, my data, erasure, accessibility."""
