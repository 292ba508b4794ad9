"""Helpers shared by the tests (importable as ``support``; see pytest.ini pythonpath)."""
