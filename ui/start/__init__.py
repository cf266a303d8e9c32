"""Start here's four prepared lessons."""
