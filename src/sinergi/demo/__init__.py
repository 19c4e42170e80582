"""Demo data: the governments, units and officials of five real coordination reports, and one
demo account per role. Loaded by `sinergi load_demo` (never in production without --force)."""
