"""Forced-labour tools: indicators, scenarios, checklists, risk scoring and FLR checks."""
