"""One worked step: its rule named and coloured, its sentence, and its substeps.

A step with substeps starts collapsed and opens with
Enter, Space or a click, so a learner sure of a rule reads one line and
anyone else can look inside.  The text is rendered from the catalog
each time ``lang`` changes, so the same Step reads in either language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tutor.engine.steps import Step

#: Rule id -> colour family; app.tcss gives each family one colour, so a
#: rule has the same colour in every step, hint and lesson.
RULE_FAMILIES: dict[str, str] = {
    **dict.fromkeys(("constant", "variable", "constant_multiple", "sum"), "basic"),
    **dict.fromkeys(("power", "sqrt"), "power"),
    "product": "product",
    "quotient": "quotient",
    **dict.fromkeys(("chain", "chain_multivariable"), "chain"),
    **dict.fromkeys(("exp", "exp_base", "log", "log_base", "log_differentiation"), "explog"),
    **dict.fromkeys(
        ("sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan",
         "sinh", "cosh", "tanh", "abs"),
        "trig",
    ),
    "partial": "partial",
    **dict.fromkeys(("rewrite", "expand", "combine", "factor", "evaluate"), "tidy"),
}


def rule_family(rule: str) -> str:
    """Return the colour family of ``rule``; theorem, motion and backprop ids by prefix."""
    if rule in RULE_FAMILIES:
        return RULE_FAMILIES[rule]
    if rule.startswith(("backprop_", "forward_")):
        return "graph"
    if rule.startswith(("mvt", "rolle")):
        return "theorem"
    if rule.startswith(("motion", "velocity", "acceleration")):
        return "motion"
    return "other"


class StepView(Vertical):
    """A numbered step; Enter, Space or a click shows or hides its substeps."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "toggle", "Expand", show=False),
    ]

    can_focus = True

    expanded: reactive[bool] = reactive(False)
    """Whether the substeps are shown."""

    lang: reactive[str] = reactive("en")
    """Language of the rule name and the sentence."""

    def __init__(self, step: Step, number: str, lang: str, *, open_numbers: frozenset[str] = frozenset()) -> None:
        """Show ``step`` as step ``number``; steps whose numbers are in ``open_numbers`` start expanded."""
        family = rule_family(step.rule)
        expanded = number in open_numbers and bool(step.substeps)
        super().__init__(classes=f"step rule-{family}" + (" -expanded" if expanded else ""))
        self.step = step
        self.number = number
        self.open_numbers = open_numbers
        self.set_reactive(StepView.lang, lang)
        self.set_reactive(StepView.expanded, expanded)
        self.can_focus = bool(step.substeps)

    def compose(self) -> ComposeResult:
        """Lay out the header line and, when expanded, one StepView per substep.

        Substeps are built on first expansion, not before, because every
        widget in the transcript costs time in each layout pass.
        """
        yield Static(self._header(), classes="step-header")
        substeps = Vertical(*self._substep_views() if self.expanded else (), classes="substeps")
        substeps.display = self.expanded
        yield substeps

    def _substep_views(self) -> list[StepView]:
        return [StepView(sub, f"{self.number}.{index}", self.lang, open_numbers=self.open_numbers)
                for index, sub in enumerate(self.step.substeps, start=1)]

    def _header(self) -> str:
        from rich.markup import escape

        from tutor.i18n import translate
        from tutor.render.steptext import rule_name, step_text

        marker = ""
        if self.step.substeps:
            marker = "▼ " if self.expanded else "▶ "
        name = escape(rule_name(self.step.rule, self.lang))
        text = escape(step_text(self.step, self.lang))
        line = f"{marker}{self.number}. [b]{name}[/b]: {text}"
        if self.step.substeps and not self.expanded:
            count = len(self.step.substeps)
            more = translate("ui.steps_more_one" if count == 1 else "ui.steps_more", self.lang, count=count)
            line += f"\n[dim]{escape(more)}[/dim]"
        return line

    def _apply_expanded(self) -> None:
        substeps = self.query_one(".substeps")
        if self.expanded and not substeps.children:
            substeps.mount_all(self._substep_views())
        substeps.display = self.expanded
        self.set_class(self.expanded, "-expanded")
        self.query_one(".step-header", Static).update(self._header())

    def watch_expanded(self) -> None:
        """Re-draw the marker and show or hide the substeps."""
        if self.is_mounted:
            self._apply_expanded()

    def watch_lang(self, lang: str) -> None:
        """Re-render the sentence and every substep in ``lang``."""
        if not self.is_mounted:
            return
        self.query_one(".step-header", Static).update(self._header())
        for child in self.query_one(".substeps").children:
            if isinstance(child, StepView):
                child.lang = lang

    def action_toggle(self) -> None:
        """Show or hide the substeps."""
        if self.step.substeps:
            self.expanded = not self.expanded

    def on_click(self, event) -> None:
        """Toggle this step (not its parent) when its header is clicked."""
        event.stop()
        self.action_toggle()
