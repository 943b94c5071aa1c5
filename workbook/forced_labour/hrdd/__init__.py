"""hrdd"""
