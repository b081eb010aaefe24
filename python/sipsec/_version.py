"""The package version, kept equal to the library's (a test checks both)."""

__version__ = "0.1.0"
