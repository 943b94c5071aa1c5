"""Static HTML for exercises: the solution view, and the pieces widgets share.

Solution notebooks must read well on GitHub without a kernel, so solution mode renders
plain HTML (no widget state), deterministic byte for byte.
"""
from __future__ import annotations

import html
from functools import lru_cache

from workbook.display import WIDGET_CSS
from workbook.exercises.model import Exercise, Verdict, number_text, unit_label, wording
from workbook.i18n import N_, tr

LEVEL_LABEL = {"basic": N_("Basic"), "advanced": N_("Advanced")}
KIND_LABEL = {
    "single_choice": N_("Choose one"), "multiple_select": N_("Choose all that apply"),
    "numeric": N_("Compute"), "classify": N_("Sort into groups"), "order": N_("Put in order"),
    "free_text": N_("Reflect"), "code": N_("Code"),
}

STYLE = """<style>
.wb-card{border:1px solid #c9d3dd;border-left:5px solid #2b6cb0;border-radius:6px;padding:8px 14px;margin:8px 0;max-width:900px}
.wb-card h4{margin:2px 0 6px 0}
.wb-badge{display:inline-block;font-size:11px;padding:1px 7px;border-radius:9px;background:#e2e8f0;color:#1a202c;margin-right:4px;font-weight:normal}
.wb-badge.advanced{background:#fbd38d}
.wb-ok{color:#22543d;background:#f0fff4;border-left:4px solid #38a169;padding:4px 8px;margin:4px 0}
.wb-no{color:#742a2a;background:#fff5f5;border-left:4px solid #e53e3e;padding:4px 8px;margin:4px 0}
.wb-info{color:#2a4365;background:#ebf8ff;border-left:4px solid #3182ce;padding:4px 8px;margin:4px 0}
.wb-warn{color:#744210;background:#fffaf0;border-left:4px solid #dd6b20;padding:6px 10px;margin:6px 0}
.wb-solution{background:#f7fafc;border-top:1px dashed #a0aec0;margin-top:6px;padding-top:4px}
.wb-card ul{margin:2px 0 2px 0}
</style>""" + WIDGET_CSS  # long options wrap without running into the next one


@lru_cache(maxsize=1)
def _md():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown(text: str) -> str:
    """Markdown to HTML (raw HTML in content is escaped, not rendered)."""
    return _md().render(text or "").strip()


def inline_markdown(text: str) -> str:
    out = markdown(text)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def esc(text: object) -> str:
    return html.escape(str(text))


def header_html(ex: Exercise) -> str:
    title = esc(wording(ex.title)) if ex.title else tr(KIND_LABEL[ex.kind])
    objective = tr("objective {id}", id=ex.objective)
    badges = (f'<span class="wb-badge {ex.level}">{tr(LEVEL_LABEL[ex.level])}</span>'
              f'<span class="wb-badge">{esc(tr(KIND_LABEL[ex.kind]))}</span>'
              f'<span class="wb-badge">{esc(objective)}</span>')
    return f"<h4>{title}</h4><div>{badges}</div>{markdown(wording(ex.prompt))}"


def verdict_html(v: Verdict) -> str:
    cls = {True: "wb-ok", False: "wb-no", None: "wb-info"}[v.correct]
    icon = {True: "✔ ", False: "✘ ", None: ""}[v.correct]
    body = f'<div class="{cls}">{icon}{inline_markdown(v.message)}'
    if v.details:
        body += "<ul>" + "".join(f"<li>{inline_markdown(d)}</li>" for d in v.details) + "</ul>"
    return body + "</div>"


def explanation_html(ex: Exercise) -> str:
    why, sources = tr("Why:"), tr("Sources:")
    out = f"<div><b>{why}</b> {markdown(wording(ex.explanation))}</div>" if ex.explanation else ""
    if ex.sources:  # citations stay as published
        out += f"<div><small>{sources} " + "; ".join(esc(s) for s in ex.sources) + "</small></div>"
    return out


def answer_html(ex: Exercise) -> str:
    """The reference answer, readable without a kernel."""
    k = ex.kind
    if k == "single_choice":
        items = [f"<li>{'✔ <b>' if o.text == ex.spec['answer'] else '✘ '}{esc(wording(o.text))}"
                 f"{'</b>' if o.text == ex.spec['answer'] else ''}"
                 + (f" — {inline_markdown(wording(o.feedback))}" if o.feedback else "") + "</li>"
                 for o in ex.display_options()]
        return "<ul>" + "".join(items) + "</ul>"
    if k == "multiple_select":
        right = set(ex.spec["answer"])
        items = [f"<li>{'✔ <b>' if o.text in right else '✘ '}{esc(wording(o.text))}{'</b>' if o.text in right else ''}"
                 + (f" — {inline_markdown(wording(o.feedback))}" if o.feedback else "") + "</li>"
                 for o in ex.display_options()]
        return "<ul>" + "".join(items) + "</ul>"
    if k in ("numeric",) or (k == "code" and "answer" in ex.spec):
        tol = []
        if ex.spec.get("tolerance"):
            tol.append(f"± {number_text(ex.spec['tolerance'])}")
        if ex.spec.get("rel_tolerance"):
            tol.append(f"± {number_text(100 * ex.spec['rel_tolerance'])}%")
        answer = f"{number_text(ex.spec['answer'])} {esc(unit_label(ex.spec['unit']))}"
        accepted = ""
        if tol:
            either = tol[0] if len(tol) == 1 else tr("{first} or {second}", first=tol[0], second=tol[1])
            accepted = " " + tr("(accepted {tolerance})", tolerance=either)
        out = "<p><b>" + tr("Answer: {answer}", answer=answer) + "</b>" + accepted + "</p>"
        if k == "code":
            out += f"<pre>{esc(ex.spec['solution'])}</pre>"
        return out
    if k == "code":
        return f"<pre>{esc(ex.spec['solution'])}</pre>"
    if k == "classify":
        left = 'style="text-align:left;vertical-align:top"'
        rows = "".join(f"<tr><td {left}>{esc(wording(i['text']))}</td><td {left}><b>{esc(wording(i['category']))}</b>"
                       f"</td><td {left}>{inline_markdown(wording(i.get('feedback', '')))}</td></tr>"
                       for i in ex.spec["items"])
        heads = "".join(f"<th {left}>{head}</th>" for head in (tr("Item"), tr("Group"), tr("Why")))
        return f"<table><tr>{heads}</tr>{rows}</table>"
    if k == "order":
        return "<ol>" + "".join(f"<li>{esc(wording(i))}</li>" for i in ex.spec["items"]) + "</ol>"
    if k == "free_text":
        out = "<p><b>" + tr("Model answer:") + f"</b></p>{markdown(wording(ex.spec['model_answer']))}"
        if ex.spec.get("guidance"):
            out += "<p><b>" + tr("A good answer covers:") + "</b></p><ul>" + "".join(
                f"<li>{inline_markdown(wording(g))}</li>" for g in ex.spec["guidance"]) + "</ul>"
        return out
    raise ValueError(k)  # pragma: no cover (kinds are validated on load)


def solution_html(ex: Exercise) -> str:
    """The whole exercise with its answer and explanation, as static HTML."""
    solution = tr("Solution")
    return (f'{STYLE}<div class="wb-card wb-exercise wb-exercise-{esc(ex.id)}">{header_html(ex)}'
            f'<div class="wb-solution"><b>{solution}</b>{answer_html(ex)}{explanation_html(ex)}</div></div>')
