"""Plumbing every part of pipeline shares: settings, public names and URLs, locks, progress bars."""
