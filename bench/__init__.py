"""The national-scale benchmark (``make bench``); not part of the product or its tests."""
