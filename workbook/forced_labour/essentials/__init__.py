"""essentials"""
