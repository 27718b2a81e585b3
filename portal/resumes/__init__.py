"""Resumes: placeholder, replaced below."""
