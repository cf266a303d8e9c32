"""Questions asked and graded the same way: the derivations' quiz and predict-then-run
(Gradient descent, Ridge regularization)."""
