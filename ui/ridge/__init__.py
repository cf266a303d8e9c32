"""The Ridge regularization page's own parts."""
