"""The index command line and its terminal formatting."""
