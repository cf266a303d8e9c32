"""The words and formulas of the derivations page, kept apart from its layout.

A derivation is a sequence of blocks: markdown (inline maths between $…$) or
display LaTeX (`Tex`); `figures.latex` turns computed arrays into LaTeX.
"""

from dataclasses import dataclass

import streamlit as st

from ui.quiz.questions import Question


class Tex(str):
    """A display formula, shown with st.latex."""


def show(blocks) -> None:
    """Render a derivation: Tex blocks with st.latex, the rest as markdown."""
    for block in blocks:
        if isinstance(block, Tex):
            st.latex(block)
        else:
            st.markdown(block)


LEDE = (
    "Where does $w^* = (X^\\top X)^{-1}X^\\top y$ come from? Three derivations that "
    "meet at the same equation, a 3-D picture in which you can move $y$ and watch "
    "the residual stay at a right angle, and a short quiz at the end."
)

CALCULUS = (
    "**1 · The cost.** Stack the $n$ samples: $X$ is $n\\times(p+1)$, a first column "
    "of ones and then the $p$ features (so $w_0$ is the intercept), $y$ has $n$ "
    "entries and $w$ has $p + 1$. The sum of squared errors is",
    Tex(
        r"J(w) = \sum_{i=1}^{n} \big(y_i - (Xw)_i\big)^2"
        r" = \lVert y - Xw \rVert^2 = (y - Xw)^\top (y - Xw)."
    ),
    "**2 · Expand.** Multiply out the product:",
    Tex(
        r"J(w) = y^\top y - y^\top X w - w^\top X^\top y + w^\top X^\top X\, w"
        r" = y^\top y - 2\,w^\top X^\top y + w^\top X^\top X\, w."
    ),
    "The two middle terms are equal: $y^\\top X w$ is a single number, and a number "
    "is its own transpose, $(y^\\top X w)^\\top = w^\\top X^\\top y$.",
    "**3 · Differentiate.** Two rules, the vector versions of $(ax)' = a$ and "
    "$(ax^2)' = 2ax$:",
    Tex(
        r"\nabla_w\,(w^\top a) = a, \qquad \nabla_w\,(w^\top A\, w) = (A + A^\top)\,w"
        r" = 2A\,w \quad \text{when } A = A^\top."
    ),
    "$X^\\top X$ is symmetric, because $(X^\\top X)^\\top = X^\\top X$. The constant "
    "$y^\\top y$ has zero gradient, so",
    Tex(r"\nabla J(w) = -2X^\top y + 2X^\top X\, w = -2X^\top (y - Xw)."),
    "**4 · Set the gradient to zero.** At the minimum $w^*$ the slope is zero in "
    "every direction:",
    Tex(
        r"-2X^\top (y - Xw^*) = 0 \quad\Longleftrightarrow\quad"
        r" X^\top X\, w^* = X^\top y."
    ),
    "These are the **normal equations**: $p + 1$ linear equations in $p + 1$ "
    "unknowns (the intercept and the $p$ weights). When "
    "$X^\\top X$ is invertible, multiply both sides on the left by its inverse:",
    Tex(r"w^* = (X^\top X)^{-1} X^\top y."),
    "(In code you *solve* the system, with a Cholesky or LU factorization, instead "
    "of forming the inverse: same answer, fewer operations, less rounding error.)",
    "**5 · Why a minimum, not a maximum or a saddle?** The matrix of second "
    "derivatives (the Hessian) is the same everywhere:",
    Tex(
        r"\nabla^2 J(w) = 2X^\top X, \qquad v^\top \left(2X^\top X\right) v"
        r" = 2\,\lVert Xv \rVert^2 \ \ge\ 0 \quad \text{for every } v."
    ),
    "So it is positive semi-definite: $J$ is a convex bowl, and any point where the "
    "gradient vanishes is a global minimum. You can even see it exactly: step from "
    "$w^*$ by any $v$,",
    Tex(
        r"J(w^* + v) = \lVert (y - Xw^*) - Xv \rVert^2"
        r" = J(w^*) - 2\,v^\top \underbrace{X^\top (y - Xw^*)}_{=\,0}"
        r" + \lVert Xv \rVert^2 = J(w^*) + \lVert Xv \rVert^2 \ \ge\ J(w^*)."
    ),
    "If the columns of $X$ are linearly independent, $Xv \\ne 0$ whenever "
    "$v \\ne 0$: $X^\\top X$ is positive *definite* and $w^*$ is the only minimum. "
    "If they are dependent, $X^\\top X$ is singular and a whole line (or plane) of "
    "weights reaches the same minimum: that is the case for ridge or lstsq/pinv.",
    "**The averaged cost that gradient descent uses.** The gradient descent page "
    "minimizes the mean version",
    Tex(
        r"J_n(w) = \frac{1}{2n}\,\lVert y - Xw \rVert^2, \qquad"
        r" \nabla J_n(w) = -\frac{1}{n}\, X^\top (y - Xw),"
    ),
    "and steps $w \\leftarrow w - \\eta\\,\\nabla J_n(w) = "
    "w + \\frac{\\eta}{n} X^\\top (y - Xw)$. Multiplying a cost by a positive "
    "constant does not move its minimum: this gradient vanishes at the same $w^*$, "
    "so both roads end at the same weights. The $\\tfrac12$ cancels the 2 of the "
    "derivative; the $\\tfrac1n$ makes the gradient an *average* over samples, so "
    "a good learning rate does not depend on how many samples you have.",
)

GEOMETRY = (
    "**1 · Predictions live in a plane.** Write $X$ by its columns "
    "$x_1, \\dots, x_p$, each a vector with one entry per sample. Then",
    Tex(r"Xw = w_1 x_1 + w_2 x_2 + \dots + w_p x_p."),
    "Whatever $w$ is, the prediction vector $Xw$ is a combination of the columns: "
    "as $w$ varies it sweeps out the **column space** $C(X)$, a plane through the "
    "origin when $p = 2$ (the picture below). Because of noise, $y$ is almost never "
    "in that plane, so no $w$ makes $Xw = y$ exactly.",
    "**2 · The closest point is straight below.** $J(w) = \\lVert y - Xw \\rVert^2$ "
    "is the squared distance from $y$ to the point $Xw$ of the plane. The shortest "
    "way from a point to a floor is the perpendicular. Let $\\hat y = Xw^*$ be the "
    "point of the plane with $y - \\hat y$ perpendicular to the plane. For any other "
    "$w$, split the error into that perpendicular part and a part in the plane:",
    Tex(
        r"y - Xw = \underbrace{(y - \hat y)}_{\perp\ C(X)}"
        r" + \underbrace{X(w^* - w)}_{\in\ C(X)}"
        r"\quad\Longrightarrow\quad \lVert y - Xw \rVert^2"
        r" = \lVert y - \hat y \rVert^2 + \lVert X(w^* - w) \rVert^2"
        r" \ \ge\ \lVert y - \hat y \rVert^2."
    ),
    "That is Pythagoras: the two parts are at right angles, so their squared "
    "lengths add. No point of the plane is closer to $y$ than $\\hat y$.",
    "**3 · Perpendicular to the plane = perpendicular to each column.** A vector "
    "is perpendicular to a plane when its dot product with every vector spanning "
    "the plane is zero:",
    Tex(r"x_j^\top \left(y - Xw^*\right) = 0 \qquad \text{for } j = 1, \dots, p."),
    "**4 · Stack the $p$ equations.** The rows of $X^\\top$ are the columns of "
    "$X$, so the $p$ dot products are one matrix product:",
    Tex(
        r"X^\top (y - Xw^*) = 0 \quad\Longleftrightarrow\quad"
        r" X^\top X\, w^* = X^\top y."
    ),
    "The same equations the calculus gave. Hence the name: *normal* is the old word "
    "for *perpendicular*, and the normal equations say that the residual is normal "
    "to the column space. The gradient $-2X^\\top(y - Xw)$ is zero exactly when "
    "the residual is perpendicular to every column. In the picture below, "
    "$X^\\top(y - \\hat y)$ is zero up to rounding for every $y$ you choose.",
)

ALGEBRA = (
    "**1 · Too many equations.** With more samples than columns ($n > p + 1$), "
    "$Xw = y$ is $n$ equations in $p + 1$ unknowns. It has a solution only if $y$ "
    "is in the column space $C(X)$, which noise almost never allows.",
    "**2 · Split $y$ in two.** Every vector of $\\mathbb{R}^n$ splits uniquely into "
    "a part in $C(X)$ and a part in its orthogonal complement, the left null space "
    "$N(X^\\top) = \\{r : X^\\top r = 0\\}$:",
    Tex(r"y = \hat y + r, \qquad \hat y \in C(X), \qquad r \in N(X^\top)."),
    "$Xw = y$ cannot be solved, but $Xw = \\hat y$ can: solve that instead.",
    "**3 · Find the projection.** $\\hat y = Xw$ for some $w$ (it is in the column "
    "space) and $X^\\top r = 0$ (the rest is in the left null space):",
    Tex(
        r"X^\top (y - Xw) = 0 \ \Longrightarrow\ w^* = (X^\top X)^{-1} X^\top y"
        r" \ \Longrightarrow\ \hat y = Xw^* = \underbrace{X (X^\top X)^{-1}"
        r" X^\top}_{P}\, y = Py."
    ),
    "$X^\\top X$ is invertible exactly when the columns of $X$ are independent: "
    "$X^\\top X v = 0$ gives $v^\\top X^\\top X v = \\lVert Xv \\rVert^2 = 0$, so "
    "$Xv = 0$.",
    "**4 · The projection matrix.** $P = X(X^\\top X)^{-1}X^\\top$ is $n \\times n$ "
    "and sends every vector to its closest point in $C(X)$. Two properties make it "
    "an orthogonal projection:",
    Tex(
        r"P^2 = X(X^\top X)^{-1}\underbrace{X^\top X\,(X^\top X)^{-1}}_{I}X^\top"
        r" = P \qquad \text{(projecting twice changes nothing)}"
    ),
    Tex(
        r"P^\top = X\left((X^\top X)^{-1}\right)^\top X^\top"
        r" = X(X^\top X)^{-1}X^\top = P \qquad"
        r" \text{(the inverse of a symmetric matrix is symmetric)}"
    ),
    "Also $PX = X$ (the columns are already in the plane, so they stay put), and "
    "$I - P$ is the projection onto $N(X^\\top)$ that gives the residual, "
    "$r = (I - P)\\,y$.",
    "**5 · Read off the weights.** $\\hat y = Py = Xw^*$: the weights $w^*$ are the "
    "coordinates of the projection along the columns of $X$, given once more by "
    "the normal equation. Below, $P$ is computed for the example: it depends only "
    "on $X$, never on $y$.",
)

DERIVATIONS = {
    ":material/calculate: Calculus: set the gradient to zero": CALCULUS,
    ":material/square_foot: Geometry: the residual is perpendicular": GEOMETRY,
    ":material/view_in_ar: Linear algebra: project onto C(X)": ALGEBRA,
}


def picture(feature) -> str:
    """The introduction to the 3-D picture of a line fit at x-values `feature`."""
    xs = ", ".join(f"{x:g}" for x in feature)
    n = len(feature)
    return (
        f"{n} samples at $x = {xs}$ and a line $w_0 + w_1 x$ to fit: the design "
        f"matrix $X = [\\mathbf{{1}}, x]$ is ${n}\\times 2$, so $y$ and the two "
        "columns are arrows in 3-D, one axis per sample, and every possible "
        "prediction $Xw$ lies in the plane of the columns. Move $y$ with the "
        "sliders: $\\hat y$ moves within the plane, and the residual $y - \\hat y$ "
        "always meets it at a right angle. Drag the picture to turn it."
    )


LINE_FIT = (
    "**The same numbers as a line fit.** The three entries of $y$ are the data "
    "points, the three entries of $\\hat y$ lie on the fitted line, and the three "
    "entries of the residual are the vertical gaps. The 3-D picture shows all of "
    "them as two arrows; the least-squares line is the one whose gap vector is "
    "shortest."
)


@dataclass(frozen=True)
class Comparison:
    """One row of the normal equation vs gradient descent table."""

    topic: str
    normal_equation: str
    gradient_descent: str
    pages: tuple[tuple[str, str], ...]


COMPARISON = (
    Comparison(
        "Learning rate",
        "None: there is nothing to tune.",
        "Needs a step size $\\eta$: too small crawls, above the stability limit "
        "$2/\\mu_{\\max}$ it diverges ($\\mu_{\\max}$: the largest eigenvalue of "
        "the Hessian $X^\\top X/n$).",
        (("pages/gradient_descent.py", "Gradient descent"),),
    ),
    Comparison(
        "Feature scaling",
        "Not needed: standardizing changes the weights' units, not the predictions.",
        "Matters: features on different scales stretch the cost bowl into a narrow "
        "valley, and the path zig-zags. Standardize first.",
        (("pages/gradient_descent.py", "Gradient descent"),),
    ),
    Comparison(
        "Iterations",
        "None: one linear solve gives the exact optimum, up to rounding.",
        "Many, until a tolerance or an iteration cap: the answer is approximate.",
        (("pages/normal_equation.py", "Normal equation"),),
    ),
    Comparison(
        "Cost as $p$ grows",
        "Form $X^\\top X$: $O(np^2)$. Solve the $(p+1)\\times(p+1)$ system: $O(p^3)$. "
        "Memory $O(p^2)$.",
        "$O(np)$ per step, times the number of iterations; mini-batches make each "
        "step cheaper still.",
        (("pages/timing.py", "Why it doesn't scale"),),
    ),
    Comparison(
        "Non-linear models",
        "Only for least squares, linear in $w$ (polynomial features still count). "
        "No closed form for logistic regression or neural networks.",
        "Works for any differentiable cost: the same loop trains neural networks.",
        (("pages/gradient_descent.py", "Gradient descent"),),
    ),
    Comparison(
        "Singular $X^\\top X$",
        "Duplicated or collinear features, or $p > n$: no inverse. Add a ridge "
        "penalty $\\lambda L$, or use lstsq/pinv for the minimum-norm solution.",
        "Still runs. It never moves along the flat directions, so from $w = 0$ it "
        "heads for the minimum-norm solution; nearly flat ones make it crawl.",
        (("pages/ridge.py", "Ridge"), ("pages/data.py", "The data")),
    ),
)


QUIZ = (
    Question(
        "quiz_scaling",
        "You standardize every feature (mean 0, standard deviation 1) and solve the "
        "normal equation again. What happens to the predictions $\\hat y$?",
        (
            "They become more accurate",
            "They stay exactly the same; only the weights change",
            "They all become 0 on average",
            "The normal equation no longer applies",
        ),
        "They stay exactly the same; only the weights change",
        "With an intercept column, shifting and rescaling a feature does not change "
        "the column space $C(X)$, so the projection $\\hat y$ of $y$ onto it is the "
        "same. The weights change to match the new units. Scaling helps gradient "
        "descent, not the solve.",
    ),
    Question(
        "quiz_cubic",
        "Which step costs $O(p^3)$ operations however many samples $n$ there are?",
        (
            "Forming $X^\\top X$ from the $n\\times(p+1)$ data",
            "One gradient descent step",
            "Solving the $(p+1)\\times(p+1)$ system $X^\\top X\\, w = X^\\top y$",
            "Computing the predictions $Xw$",
        ),
        "Solving the $(p+1)\\times(p+1)$ system $X^\\top X\\, w = X^\\top y$",
        "Solving (or inverting) a $(p+1)\\times(p+1)$ matrix by Cholesky or LU takes "
        "$O(p^3)$ whatever $n$ is. Forming $X^\\top X$ costs $O(np^2)$: it grows "
        "like $p^3$ too when $n$ grows with $p$ (as on the timing page, where "
        "$n = 2p$), but with $n$ fixed it grows like $p^2$. A gradient step and "
        "the predictions $Xw$ are $O(np)$.",
    ),
    Question(
        "quiz_needs",
        "What does gradient descent need that the normal equation does not?",
        (
            "An invertible $X^\\top X$",
            "A learning rate and a number of iterations",
            "The full $(p+1)\\times(p+1)$ matrix $X^\\top X$ in memory",
            "A column of ones in $X$",
        ),
        "A learning rate and a number of iterations",
        "Gradient descent takes steps of size $\\eta$ until it is close enough; "
        "the normal equation has no step size and no stopping rule. It is the "
        "normal equation that needs $X^\\top X$ in memory and invertible.",
    ),
    Question(
        "quiz_singular",
        "When is $X^\\top X$ singular?",
        (
            "When the targets $y$ are noisy",
            "When the features are not standardized",
            "When some column of $X$ is a combination of the others, for example a "
            "duplicated feature or more features than samples",
            "When there are many more samples than features",
        ),
        "When some column of $X$ is a combination of the others, for example a "
        "duplicated feature or more features than samples",
        "$X^\\top X v = 0$ exactly when $Xv = 0$ (because "
        "$v^\\top X^\\top X v = \\lVert Xv\\rVert^2$), so $X^\\top X$ is singular "
        "exactly when the columns are linearly dependent. Then ridge, lstsq or pinv "
        "still give an answer.",
    ),
    Question(
        "quiz_residual",
        "At the least-squares weights $w^*$, the residual $y - Xw^*$ is…",
        (
            "zero",
            "parallel to $y$",
            "perpendicular to every column of $X$",
            "equal to the prediction $\\hat y$",
        ),
        "perpendicular to every column of $X$",
        "$X^\\top (y - Xw^*) = 0$ is the normal equation itself: every column has a "
        "zero dot product with the residual. It is zero only if $y$ is already in "
        "the column space.",
    ),
)
