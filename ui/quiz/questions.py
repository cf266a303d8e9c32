"""Multiple-choice questions, asked and graded the same way on every page: the
derivations' quiz and the predict-then-run questions whose answers are computed."""

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class Question:
    """A multiple-choice question.

    Attributes
    ----------
    key : str
        Session-state key of its radio.
    prompt : str
    options : tuple of str
    answer : str
        The right option (one of `options`), fixed or computed from a run.
    explanation : str
        Why that is the answer, shown once the question is graded.
    """

    key: str
    prompt: str
    options: tuple[str, ...]
    answer: str
    explanation: str

    def __post_init__(self):
        if self.answer not in self.options:
            raise ValueError(f"{self.key}: the answer {self.answer!r} is no option.")

    def ask(self, label: str | None = None, *, horizontal: bool = False) -> str | None:
        """The question's radio, with nothing chosen at first; the chosen option."""
        return st.radio(
            label or self.prompt,
            self.options,
            index=None,
            key=self.key,
            horizontal=horizontal,
        )

    def grade(self, guess: str | None) -> bool:
        """Say whether `guess` is right, with the explanation; True when it is."""
        if guess is None:
            st.info("Not answered yet: pick an option and check again.")
            return False
        if guess == self.answer:
            st.success(f"Right. {self.explanation}", icon=":material/check:")
            return True
        st.error(
            f"You said “{guess}”; the answer is “{self.answer}”. {self.explanation}",
            icon=":material/close:",
        )
        return False
