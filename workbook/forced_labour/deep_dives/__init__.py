"""deep_dives"""
