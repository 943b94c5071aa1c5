"""Forced labour: the essentials (fl1), due diligence in practice (fl2), the EU Forced Labour
Regulation (fl3) and the deep dives (fl4), one subpackage each, as in ``data/forced_labour/``."""
