"""Präventionsnavigator — prevention chain directory and planning instrument."""

__version__ = "0.1.0"
