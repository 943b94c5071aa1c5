"""Tools for maintainers: checks of the package's own structure (not used by notebooks)."""
