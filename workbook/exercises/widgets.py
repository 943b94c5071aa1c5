"""Exercise widgets: a thin layer over :mod:`workbook.exercises.model`.

Each widget shows the prompt, inputs, a Check button (Save for reflections), feedback that
says why, and hints on request. Every change is saved at once through ``save``; nothing
here raises on an empty answer or a failed save.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from workbook.display import for_frontend
from workbook.exercises.model import Exercise, Verdict, unit_label, wording
from workbook.exercises.render import STYLE, explanation_html, header_html, verdict_html
from workbook.i18n import tr

if TYPE_CHECKING:
    import ipywidgets as w

Saver = Callable[..., Any]  # save(exercise_id, value, correct=None, checked=False)

CHOOSE = "— choose —"  # the value of an empty dropdown (its label is translated)
UNPLACED = "–"


def _choices(texts: list[str]) -> list[tuple[str, str]]:
    """(label, value) pairs: the participant reads their language, the English is what is judged and stored."""
    return [(wording(t), t) for t in texts]


def _full(**kw) -> w.Layout:
    import ipywidgets as w

    return w.Layout(width="100%", **kw)


class ExerciseWidget:
    """Builds the widget tree for one exercise and wires it to ``save``."""

    def __init__(self, ex: Exercise, save: Saver, saved: dict[str, Any] | None = None,
                 seed: str | None = None) -> None:
        """``seed`` is the participant's: options and items appear in their own stable order."""
        import ipywidgets as w

        self.ex = ex
        self.seed = seed
        self._save = save
        self.hints_shown = 0
        self.header = w.HTML(STYLE + header_html(ex), layout=_full())
        self.feedback = w.HTML(value="", layout=_full())
        self.feedback.add_class("wb-feedback")
        self.hint_box = w.HTML(value="", layout=_full())
        self.hint_box.add_class("wb-hints")
        self.status = w.HTML(value="")
        self.status.add_class("wb-status")
        self.inputs = self._build_inputs()
        if saved and saved.get("value") is not None:
            self._restore(saved["value"])
            if saved.get("correct") is not None or ex.kind == "free_text":
                self.status.value = "<small>" + tr("Your saved answer is shown.") + "</small>"
        label = tr("Save") if ex.kind == "free_text" else tr("Check")
        self.check_button = w.Button(description=label, button_style="primary", icon="check")
        self.check_button.add_class("wb-check")
        self.check_button.on_click(lambda _b: self.check())
        buttons = [self.check_button]
        if ex.hints:
            self.hint_button = w.Button(description=tr("Hint"), icon="lightbulb-o",
                                        tooltip=tr("{n} hint(s)", n=len(ex.hints)))
            self.hint_button.add_class("wb-hint")
            self.hint_button.on_click(lambda _b: self.hint())
            buttons.append(self.hint_button)
        self.box = w.VBox([self.header, self.inputs, w.HBox(buttons + [self.status]),
                           self.hint_box, self.feedback], layout=_full(max_width="900px"))
        self.box.add_class("wb-exercise")
        self.box.add_class(f"wb-exercise-{ex.id}")
        self.box.add_class(f"wb-kind-{ex.kind}")
        self._observe()

    def rebind(self, ex: Exercise) -> None:
        """Show the same exercise for another company (a data-bound exercise's text and answer)."""
        self.ex = ex
        self.header.value = STYLE + header_html(ex)
        self.feedback.value = ""

    # ----------------------------------------------------------------- inputs
    def _build_inputs(self) -> w.Widget:
        import ipywidgets as w

        ex = self.ex
        if ex.kind == "single_choice":
            self.radio = w.RadioButtons(options=_choices([o.text for o in ex.display_options(self.seed)]),
                                        value=None, layout=_full())
            return self.radio
        if ex.kind == "multiple_select":
            options = ex.display_options(self.seed)
            self.box_values = [o.text for o in options]  # the English text of each box, in order
            self.boxes = [w.Checkbox(value=False, description=wording(o.text), indent=False, layout=_full())
                          for o in options]
            return w.VBox(self.boxes, layout=_full())
        if ex.kind == "numeric":
            self.text = w.Text(placeholder=tr("e.g. 12.5"), layout=w.Layout(width="220px"))
            return w.HBox([self.text, w.Label(unit_label(ex.spec["unit"]))])
        if ex.kind == "classify":
            items = ex.shuffled([i["text"] for i in ex.spec["items"]], self.seed)
            self.dropdowns = {}
            rows = []
            for text in items:
                dd = w.Dropdown(options=[(tr(CHOOSE), CHOOSE)] + _choices(ex.spec["categories"]), value=CHOOSE,
                                layout=w.Layout(width="260px"))
                self.dropdowns[text] = dd
                rows.append(w.HBox([dd, w.HTML(f"<span>{_esc(wording(text))}</span>")]))
            return w.VBox(rows, layout=_full())
        if ex.kind == "order":
            n = len(ex.spec["items"])
            items = ex.shuffled(ex.spec["items"], self.seed)
            self.positions = {}
            rows = []
            for text in items:
                dd = w.Dropdown(options=[UNPLACED] + [str(k) for k in range(1, n + 1)], value=UNPLACED,
                                layout=w.Layout(width="70px"))
                self.positions[text] = dd
                rows.append(w.HBox([dd, w.HTML(f"<span>{_esc(wording(text))}</span>")]))
            intro = tr("Give each step its place: 1 comes first.")
            return w.VBox([w.HTML(f"<small>{intro}</small>")] + rows, layout=_full())
        if ex.kind == "free_text":
            self.area = w.Textarea(placeholder=tr("Write your answer here. It is saved as you type."),
                                   layout=_full(height="120px"))
            return self.area
        if ex.kind == "code":
            return w.HTML("<small>" + for_frontend(
                tr("Write your code in the cell below and run it; the check there gives feedback."),
                tr("A code exercise: open this notebook in JupyterLab to write the code.")) + "</small>")
        raise ValueError(ex.kind)  # pragma: no cover

    def response(self) -> Any:
        """The participant's current answer, in the form the model judges."""
        k = self.ex.kind
        if k == "single_choice":
            return self.radio.value
        if k == "multiple_select":
            return [value for b, value in zip(self.boxes, self.box_values) if b.value]
        if k == "numeric":
            return self.text.value
        if k == "classify":
            return {t: dd.value for t, dd in self.dropdowns.items() if dd.value != CHOOSE}
        if k == "order":
            placed = {t: int(dd.value) for t, dd in self.positions.items() if dd.value != UNPLACED}
            return placed
        if k == "free_text":
            return self.area.value
        return None

    def _restore(self, value: Any) -> None:
        k = self.ex.kind
        try:
            if k == "single_choice" and value in [v for _label, v in self.radio.options]:
                self.radio.value = value
            elif k == "multiple_select":
                for b, text in zip(self.boxes, self.box_values):
                    b.value = text in set(value or ())
            elif k == "numeric":
                self.text.value = str(value)
            elif k == "classify":
                for t, cat in dict(value or {}).items():
                    if t in self.dropdowns and cat in [v for _label, v in self.dropdowns[t].options]:
                        self.dropdowns[t].value = cat
            elif k == "order":
                for t, pos in dict(value or {}).items():
                    if t in self.positions and str(pos) in self.positions[t].options:
                        self.positions[t].value = str(pos)
            elif k == "free_text":
                self.area.value = str(value)
        except Exception:  # an old answer that no longer fits the content is simply not shown
            pass

    def _observe(self) -> None:
        def changed(_change) -> None:
            self.feedback.value = ""
            self._store(self.response())

        for widget in self._value_widgets():
            widget.observe(changed, names="value")

    def _value_widgets(self) -> list[w.Widget]:
        k = self.ex.kind
        return {"single_choice": lambda: [self.radio], "multiple_select": lambda: self.boxes,
                "numeric": lambda: [self.text], "classify": lambda: list(self.dropdowns.values()),
                "order": lambda: list(self.positions.values()), "free_text": lambda: [self.area],
                "code": lambda: []}[k]()

    # ----------------------------------------------------------------- actions
    def _store(self, value: Any, correct: bool | None = None, checked: bool = False) -> None:
        try:
            self._save(self.ex.id, value, correct=correct, checked=checked)
            self.status.value = "<small>✓ " + tr("saved") + "</small>"
        except Exception as exc:  # never lose the participant's focus over a failed save
            message = tr("Could not save your answer ({problem}). Keep this notebook open and tell your "
                         "facilitator.", problem=exc)
            self.status.value = f"<small style='color:#c53030'>{_esc(message)}</small>"

    def judge(self) -> Verdict:
        value = self.response()
        if self.ex.kind == "order":
            n = len(self.ex.spec["items"])
            if not value:
                return self.ex.judge(None)
            if len(value) < n or len(set(value.values())) < len(value):
                return Verdict(False, tr("Give each of the {n} steps its own place (1 to {n}).", n=n))
            value = [t for t, _ in sorted(value.items(), key=lambda kv: kv[1])]
        return self.ex.judge(value)

    def check(self) -> Verdict:
        verdict = self.judge()
        html = verdict_html(verdict)
        if verdict.correct:
            html += explanation_html(self.ex)
        self.feedback.value = html
        if verdict.answered:
            self._store(self.response(), correct=verdict.correct, checked=True)
        return verdict

    def hint(self) -> None:
        if self.hints_shown < len(self.ex.hints):
            self.hints_shown += 1
        shown = self.ex.hints[: self.hints_shown]
        more = "" if self.hints_shown == len(self.ex.hints) else (
            " <small>" + tr("(press Hint again for another)") + "</small>")
        self.hint_box.value = ('<div class="wb-info"><b>' + tr("Hint:") + "</b> "
                               + "<br>".join(_esc(wording(h)) for h in shown) + more + "</div>")


def _esc(text: object) -> str:
    import html

    return html.escape(str(text))
