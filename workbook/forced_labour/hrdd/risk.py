"""Forced-labour risk scoring of a supplier map: likelihood x severity, explained by drivers.

Likelihood adds points from public data (country prevalence, government effort, the US DOL
goods list, state-imposed exposure), the production stage and supplier red flags. Severity
follows scale, scope and irremediable character. The method and every threshold live in
``data/forced_labour/hrdd/scoring.yaml``; this module only applies them, vectorised with
pandas so that 100,000 rows score in well under two seconds. The score is deterministic
and monotone: more red flags or a higher prevalence never lower it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook.display import figure_png
from workbook.excel import MAX_DATA_ROWS, PRIVATE_FILE, save_new, set_cell, table_sheet
from workbook.outputs import output_path, write_new
from workbook.forced_labour.hrdd import facts as hrdd_data
from workbook.i18n import N_, number, tr
from workbook.language import language
from workbook.paths import data_cache
from workbook.provenance import add_about_sheet, add_footer, provenance

LEVELS = (N_("low"), N_("medium"), N_("high"), N_("very high"))
TIP_LABELS = {"T1": N_("Tier 1"), "T2": N_("Tier 2"), "2WL": N_("Tier 2 Watch List"), "T3": N_("Tier 3"),
              "SC": N_("Special Case"),
              "T1/T2": N_("Tier 1 or Tier 2 (not on the 2025 Watch List, Tier 3 or Special Case lists; scored as "
                          "Tier 2, the cautious reading)")}
# The parts of the score, as the drivers name them (the English is the part's name in the JSON output).
PARTS = {"country data": N_("country data"), "country prevalence": N_("country prevalence"),
         "government effort": N_("government effort"), "goods list": N_("goods list"),
         "state-imposed forced labour": N_("state-imposed forced labour"), "process": N_("process"),
         "red flag": N_("red flag"), "severity": N_("severity")}


@dataclass(frozen=True)
class _Lookups:
    gsi: dict
    tip: dict
    tip_basis: dict
    ituc: dict
    country_name: dict
    listing_points: dict      # "CC|good" -> 2 (forced labour) / 1 (child labour)
    listing_text: dict        # "CC|good" -> description with edition
    si_link: dict             # "CC|good" -> state_imposed id
    si_hard: set              # state_imposed ids with a hard stop
    si_rows: dict
    sensitive_goods: frozenset
    needs_tracing: frozenset  # goods whose (transitive) inputs include a sensitive good
    process_points: dict
    flags: dict               # code -> row
    agency_channels: frozenset
    audit_flag: dict


@data_cache
def lookups() -> _Lookups:
    countries = hrdd_data.table("country_risk.csv")
    goods = {g["good"]: g for g in hrdd_data.table("goods.csv")}
    pts, text = {}, {}
    for r in hrdd_data.table("goods_list.csv"):
        key = f"{r['iso2']}|{r['good']}"
        p = 2 if (r["forced_labour"] or r["forced_child_labour"]) else (1 if r["child_labour"] else 0)
        types = [tr(t) for t, on in ((N_("forced labour"), r["forced_labour"]),
                                     (N_("child labour"), r["child_labour"]),
                                     (N_("forced child labour"), r["forced_child_labour"])) if on]
        desc = tr("{name} ({types}), list {edition}", name=r["dol_name"], types=", ".join(types),
                  edition=r["list_edition"])
        if p > pts.get(key, -1):
            pts[key] = p
        text[key] = (text[key] + "; " + desc) if key in text else desc
    si_link, si_rows, si_hard = {}, {}, set()
    for r in hrdd_data.table("state_imposed.csv"):
        si_rows[r["id"]] = r
        if r["hard_stop"]:
            si_hard.add(r["id"])
        for g in r["goods"]:
            si_link[f"{r['iso2']}|{g}"] = r["id"]
    sensitive = frozenset(g for g, row in goods.items() if row["untraced_origin_risk"])

    def upstream(g, seen=()):
        out = set()
        for i in goods[g]["inputs"]:
            if i not in seen:
                out |= {i} | upstream(i, seen + (g,))
        return out

    needs = frozenset(g for g in goods if upstream(g) & sensitive)
    tmpl = hrdd_data.scoring()["template"]
    return _Lookups(
        gsi={c["iso2"]: c["gsi_prevalence_per_1000"] for c in countries if c["gsi_prevalence_per_1000"] is not None},
        tip={c["iso2"]: c["tip_tier"] for c in countries if c["tip_tier"]},
        tip_basis={c["iso2"]: c["tip_basis"] for c in countries},
        ituc={c["iso2"]: c["ituc_rating"] for c in countries if c["ituc_rating"]},
        country_name={r["iso2"]: hrdd_data.country_name(r["iso2"]) for r in hrdd_data.iso_rows()},
        listing_points=pts, listing_text=text, si_link=si_link, si_hard=si_hard, si_rows=si_rows,
        sensitive_goods=sensitive, needs_tracing=needs,
        process_points={p["process"]: p["points"] for p in hrdd_data.table("process_risk.csv")},
        flags={f["code"]: f for f in hrdd_data.table("red_flags.csv")},
        agency_channels=frozenset(c["value"] for c in tmpl["recruitment_channels"] if c["agency"]),
        audit_flag={c["value"]: c["flag"] for c in tmpl["audit_findings"] if c["flag"]},
    )


def _bands(values: pd.Series, bands: list[dict]) -> np.ndarray:
    """Points for each value from ``[{from, points}]`` lower bounds (NaN stays NaN)."""
    v = values.to_numpy(dtype=float)
    out = np.full(v.shape, np.nan)
    for b in sorted(bands, key=lambda b: b["from"]):
        out = np.where(v >= b["from"], b["points"], out)
    return out


def _col(df: pd.DataFrame, name: str, default="") -> pd.Series:
    if name in df.columns:
        return df[name].fillna(default) if default is not None else df[name]
    return pd.Series(default, index=df.index)


def score_suppliers(table: pd.DataFrame) -> pd.DataFrame:
    """Score validated supplier rows; return them sorted by priority with every part's points.

    ``table`` has the canonical columns of :func:`supplier_map.read_supplier_map` (at least
    supplier, tier, country, goods). The result adds the points per part, likelihood,
    severity, score (0-100), level, state-imposed flags, heat-map classes and priority.
    """
    m = hrdd_data.scoring()
    lk = lookups()
    L, S = m["likelihood"], m["severity"]
    df = table.copy().reset_index(drop=True)
    n = len(df)
    country = _col(df, "country").astype(str)
    good = _col(df, "goods").astype(str)
    material = _col(df, "material").astype(str)
    origin = _col(df, "material_origin").astype(str)
    process = _col(df, "process").astype(str)
    share = pd.to_numeric(_col(df, "migrant_agency_share_pct", None), errors="coerce") \
        if "migrant_agency_share_pct" in df else pd.Series(np.nan, index=df.index)
    workforce = pd.to_numeric(df["workforce"], errors="coerce") if "workforce" in df else pd.Series(np.nan, index=df.index)

    # country: prevalence band and TIP tier (missing data = the middle of the part)
    df["gsi_value"] = country.map(lk.gsi)
    df["c_prevalence"] = np.nan_to_num(_bands(df["gsi_value"], L["gsi_prevalence"]["bands"]),
                                       nan=L["gsi_prevalence"]["missing"])
    df["tip_value"] = country.map(lk.tip)
    df["c_tip"] = df["tip_value"].map(L["tip_tier"]["points"]).astype(float).fillna(L["tip_tier"]["missing"])

    # goods listing: the good where it is made, or the material at its traced origin
    key_good = country + "|" + good
    key_mat = origin + "|" + material
    traced = (origin != "") & (material != "")
    g_good = key_good.map(lk.listing_points).fillna(0).to_numpy(dtype=float)
    g_mat = np.where(traced, key_mat.map(lk.listing_points).fillna(0).to_numpy(dtype=float), 0.0)
    df["g_listing"] = np.maximum(g_good, g_mat)
    df["listing_match"] = np.where(g_mat > g_good, key_mat.map(lk.listing_text).fillna(""),
                                   key_good.map(lk.listing_text).fillna(""))
    df["listing_where"] = np.where(g_mat > g_good, origin, country)

    # state-imposed exposure: linked (country/good or traced material/origin, or a flag), or untraced
    flags_str = ";" + _col(df, "red_flags").astype(str) + ";"
    si_good = key_good.map(lk.si_link)
    si_mat = key_mat.where(traced).map(lk.si_link)
    df["state_imposed_id"] = si_good.fillna(si_mat).fillna("")
    flag_si = np.zeros(n, dtype=bool)
    flag_hard = np.zeros(n, dtype=bool)
    derived = {"migrant_share_over_25", "ituc_5_country", "audit_fl_indicators"}
    typed = [c for c in lk.flags if c not in derived]
    present = {}
    for code in typed:
        present[code] = flags_str.str.contains(f";{code};", regex=False).to_numpy() if n else np.zeros(0, bool)
        if lk.flags[code]["state_imposed"]:
            flag_si |= present[code]
        if lk.flags[code]["hard_stop"]:
            flag_hard |= present[code]
    linked = (df["state_imposed_id"] != "").to_numpy() | flag_si
    sensitive_mat = material.isin(lk.sensitive_goods).to_numpy()
    untraced = ((sensitive_mat & (origin == "").to_numpy())
                | ((material == "").to_numpy() & good.isin(lk.needs_tracing).to_numpy()))
    untraced &= ~linked
    pts = L["state_imposed"]["points"]
    df["g_state_imposed"] = np.where(linked, pts["linked"], np.where(untraced, pts["untraced"], pts["none"]))
    df["state_imposed_basis"] = np.where(linked, "linked", np.where(untraced, "untraced", ""))
    df["state_imposed"] = linked | untraced
    df["hard_stop"] = flag_hard | df["state_imposed_id"].isin(lk.si_hard).to_numpy()

    # process
    df["p_process"] = process.map(lk.process_points).astype(float).fillna(L["process"]["missing"])

    # red flags: typed + derived from other columns, +1 each, at most max
    present["migrant_share_over_25"] = ((share > S["scope"]["migrant_share_bump_above_pct"]).to_numpy()
                                        & ~(_col(df, "recruitment_channel").astype(str) == "direct hire").to_numpy())
    present["ituc_5_country"] = country.map(lk.ituc).isin(["5", "5+"]).to_numpy()
    audit = _col(df, "audit_findings").astype(str)
    for value, code in lk.audit_flag.items():
        hit = (audit == value).to_numpy()
        present[code] = present.get(code, np.zeros(n, bool)) | hit
    flag_matrix = np.column_stack([present[c] for c in lk.flags]) if n else np.zeros((0, len(lk.flags)), bool)
    codes = list(lk.flags)
    df["flags_present"] = _join_codes(flag_matrix, codes)
    df["r_flags"] = np.minimum(flag_matrix.sum(axis=1), L["red_flags"]["max"]).astype(float)

    parts = ["c_prevalence", "c_tip", "g_listing", "g_state_imposed", "p_process", "r_flags"]
    lmax = sum(L[k]["max"] for k in ("gsi_prevalence", "tip_tier", "goods_listing", "state_imposed",
                                     "process", "red_flags"))
    df["likelihood"] = df[parts].sum(axis=1)
    df["likelihood_pct"] = np.floor(100 * df["likelihood"] / lmax + 0.5).astype(int)

    # severity: scale, scope, irremediable character
    severe = np.array([bool(lk.flags[c]["severe"]) for c in codes])
    irr = np.array([lk.flags[c]["irremediable"] for c in codes])
    any_severe = (flag_matrix & severe).any(axis=1) | linked
    df["s_scale"] = np.where(any_severe, S["scale"]["severe_flag"], S["scale"]["base"])
    scope = np.nan_to_num(_bands(workforce, S["scope"]["workforce_bands"]), nan=S["scope"]["missing"])
    bump = (share > S["scope"]["migrant_share_bump_above_pct"]).to_numpy()
    df["s_scope"] = np.minimum(scope + bump, 3)
    irr_flags = (flag_matrix * irr).max(axis=1) if n else np.zeros(0)
    df["s_irremediable"] = np.maximum(np.maximum(irr_flags, S["irremediable"]["base"]),
                                      np.where(linked, S["irremediable"]["state_imposed_linked"], 0))
    df["severity"] = df["s_scale"] + df["s_scope"] + df["s_irremediable"]
    f = S["factor"]
    factor = f["at_min"] + (f["at_max"] - f["at_min"]) * (df["severity"] - 3) / 6
    df["score"] = np.floor(100 * df["likelihood"] / lmax * factor + 0.5).astype(int).clip(0, 100)

    levels = m["score"]["levels"]
    lvl = np.full(n, levels[0]["level"], dtype=object)
    for b in sorted(levels, key=lambda b: b["from"]):
        lvl = np.where(df["score"].to_numpy() >= b["from"], b["level"], lvl)
    df["level"] = np.where(df["hard_stop"], "very high", lvl)

    hm = m["heatmap"]
    df["likelihood_class"] = 1 + np.searchsorted(hm["likelihood_classes"], df["likelihood"] / lmax, side="right")
    df["severity_class"] = 1 + np.searchsorted(hm["severity_classes"], df["severity"], side="right")

    level_rank = df["level"].map({v: i for i, v in enumerate(LEVELS)})
    order = np.lexsort((df.index.to_numpy(), _col(df, "supplier").astype(str).to_numpy(),
                        -df["severity"].to_numpy(), -df["score"].to_numpy(), -level_rank.to_numpy(),
                        -df["hard_stop"].to_numpy().astype(int)))
    df = df.iloc[order].reset_index(drop=True)
    df["priority"] = np.arange(1, n + 1)
    return df


def _join_codes(matrix: np.ndarray, codes: list[str]) -> np.ndarray:
    """';'-joined codes of the True cells of each row, without a Python loop over rows."""
    if matrix.shape[0] == 0:
        return np.array([], dtype=object)
    # each distinct combination of flags is joined once (rows share a handful of combinations)
    combos, inverse = np.unique(matrix, axis=0, return_inverse=True)
    joined = np.empty(len(combos), dtype=object)
    joined[:] = [";".join(c for c, on in zip(codes, row) if on) for row in combos]
    return joined[np.asarray(inverse).reshape(-1)]


# ---------------------------------------------------------------- explanations

def _fmt(x: float) -> str:
    if float(x).is_integer():
        return str(int(x))
    text = f"{x:g}"
    if language() == "en" or "e" in text:
        return text
    return number(x, len(text.split(".")[1]) if "." in text else 0)


def drivers(row: dict) -> list[dict]:
    """The reasons behind one scored row, each with its points and data source."""
    return [d for part in driver_parts(row) for d in part]


# The columns each part of driver_parts() reads: rows alike in them have the same drivers there.
DRIVER_PART_INPUTS = (("country", "gsi_value", "c_prevalence"), ("country", "tip_value", "c_tip"),
                      ("g_listing", "listing_where", "listing_match"),
                      ("state_imposed_basis", "state_imposed_id", "g_state_imposed", "material"),
                      ("process", "p_process"), ("flags_present",))


def driver_parts(row: dict) -> list[list[dict]]:
    """The drivers of one scored row in its six parts (country prevalence, government effort,
    goods list, state-imposed, process, red flags); see DRIVER_PART_INPUTS."""
    lk = lookups()
    name = lk.country_name.get(row["country"], row["country"])
    parts: list[list[dict]] = [[] for _ in DRIVER_PART_INPUTS]
    out = parts[0]

    def add(part, points, mx, reason, dataset, code):
        out.append({"part": tr(PARTS[part]), "code": code, "points": float(points), "max": mx, "reason": reason,
                    "source": hrdd_data.cite(dataset) if dataset in hrdd_data.datasets() else dataset})

    gsi = row.get("gsi_value")
    if row["country"] not in lk.gsi and row["country"] not in lk.tip:
        add("country data", 0, 0, tr("no country data for {country} in the sources' tables (Global Slavery Index "
                                     "2023, TIP Report 2025): both country parts are scored at their middle",
                                     country=name), "gsi", "country_no_data")
    if gsi is None or pd.isna(gsi):
        add("country prevalence", row["c_prevalence"], 3, tr("no Global Slavery Index figure for {country}: "
                                                             "scored at the middle of the part (no data is not no "
                                                             "risk)", country=name), "gsi", "country_no_data")
    elif row["c_prevalence"] > 0:
        add("country prevalence", row["c_prevalence"], 3,
            tr("{country}: {value} people in modern slavery per 1,000", country=name, value=_fmt(gsi)), "gsi",
            "country_high")
    out = parts[1]
    tip = row.get("tip_value")
    if not isinstance(tip, str) or not tip:
        add("government effort", row["c_tip"], 3, tr("no TIP tier for {country}: scored at the middle of the part",
                                                     country=name), "tip", "country_no_data")
    elif row["c_tip"] > 0:
        basis = lk.tip_basis.get(row["country"], "")
        note = (tr(" (2024 placement carried)") if basis.startswith("2024") else
                tr(" (inferred: off the Watch List in 2025)") if basis.startswith("inferred") else "")
        tier = tr(TIP_LABELS[tip]) if tip in TIP_LABELS else tip
        add("government effort", row["c_tip"], 3, tr("{country}: US TIP Report {tier}{note}", country=name,
                                                     tier=tier, note=note), "tip", "country_high")
    out = parts[2]
    if row["g_listing"] > 0:
        where = lk.country_name.get(row["listing_where"], row["listing_where"])
        add("goods list", row["g_listing"], 2, tr("on the US DOL list for {country}: {listing}", country=where,
                                                  listing=row["listing_match"]), "dol", "goods_listed")
    out = parts[3]
    if row["state_imposed_basis"] == "linked":
        sid = row["state_imposed_id"]
        if sid:
            si = lk.si_rows[sid]
            add("state-imposed forced labour", row["g_state_imposed"], 2,
                tr("{what}. Measure: {measure}", what=si["what"], measure=si["measure"]), si["source"],
                "state_imposed_linked")
        else:
            add("state-imposed forced labour", row["g_state_imposed"], 2,
                tr("a red flag links this supplier to state-imposed forced labour"), "red_flags",
                "state_imposed_linked")
    elif row["state_imposed_basis"] == "untraced":
        what = row.get("material") or tr("an input")
        add("state-imposed forced labour", row["g_state_imposed"], 2,
            tr("origin of {material} not traced (or material not stated): it may come from a region with "
               "state-imposed forced labour (unknown is not zero)", material=what), "state_imposed",
            "state_imposed_untraced")
    out = parts[4]
    proc = row.get("process") or ""
    if not proc:
        add("process", row["p_process"], 2, tr("process not stated: scored at the middle of the part"), "process",
            "process_no_data")
    elif row["p_process"] > 0:
        p = next(r for r in hrdd_data.table("process_risk.csv") if r["process"] == proc)
        add("process", row["p_process"], 2, f"{p['label']}: {p['rationale']}", p["source"],
            "process_high" if row["p_process"] >= 2 else "process")
    out = parts[5]
    for code in filter(None, str(row.get("flags_present") or "").split(";")):
        fl = lk.flags[code]
        add("red flag", 1, 1, fl["label"] + (tr(" (ILO indicator {indicator})", indicator=fl["ilo_indicator"])
                                             if fl["ilo_indicator"] else ""), fl["source"], code)
    return parts


def severity_reasons(row: dict) -> dict:
    """Scale, scope and irremediable character of one scored row, in words."""
    wf = row.get("workforce")
    wf_text = tr("workforce not stated") if wf is None or pd.isna(wf) else tr("{n} workers", n=int(wf))
    return {
        "scale": int(row["s_scale"]),
        "scope": int(row["s_scope"]),
        "irremediable": int(row["s_irremediable"]),
        "explanation": tr("scale {scale}/3 (forced labour is grave; 3 with severe indicators or state-imposed "
                          "links), scope {scope}/3 ({workforce}), irremediable {irremediable}/3 (3 = state-imposed, "
                          "no remedy through the supplier)", scale=int(row["s_scale"]), scope=int(row["s_scope"]),
                          workforce=wf_text, irremediable=int(row["s_irremediable"])),
        "verified": bool(hrdd_data.scoring()["severity"].get("verified", False)),
    }


def to_records(scored: pd.DataFrame, with_drivers: bool = True) -> list[dict]:
    """JSON-ready rows, in priority order."""
    out = []
    for row in scored.to_dict("records"):
        rec = {
            "priority": int(row["priority"]),
            "supplier": row["supplier"],
            "row": int(row["row"]) if "row" in row and not pd.isna(row["row"]) else None,
            "tier": int(row["tier"]) if not pd.isna(row.get("tier")) else None,
            "country": row["country"],
            "goods": row["goods"],
            "score": int(row["score"]),
            "level": row["level"],
            "state_imposed": bool(row["state_imposed"]),
            "state_imposed_basis": row["state_imposed_basis"] or None,
            "hard_stop": bool(row["hard_stop"]),
            "likelihood": float(row["likelihood"]),
            "severity": int(row["severity"]),
        }
        if with_drivers:
            rec["drivers"] = drivers(row)
            rec["severity_reasons"] = severity_reasons(row)
        out.append(rec)
    return out


def heatmap_counts(scored: pd.DataFrame) -> pd.DataFrame:
    """Counts of suppliers per (likelihood class, severity class), 5 x 5."""
    grid = pd.crosstab(scored["likelihood_class"], scored["severity_class"])
    return grid.reindex(index=range(1, 6), columns=range(1, 6), fill_value=0)


def data_edition() -> str:
    d = hrdd_data.datasets()
    return (f"GSI {d['gsi']['edition']}, TIP {d['tip']['edition']}, ITUC {d['ituc']['edition']}, "
            f"US DOL list 2022+2024, method {hrdd_data.scoring()['edition']}")


def sources() -> list[str]:
    return [hrdd_data.cite(k) for k in hrdd_data.datasets()]


# ---------------------------------------------------------------- outputs

def provenance_info(input_file=None) -> dict:
    return provenance(input_file=input_file, data_edition=data_edition(), sources=sources())


HEATMAP_TITLE = N_("Forced-labour risk: suppliers by severity and likelihood")


def heatmap_figure(scored: pd.DataFrame, info: dict | None = None, title: str | None = None):
    """A 5 x 5 severity x likelihood heat map with supplier counts and a provenance footer."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    grid = heatmap_counts(scored)
    risk = np.add.outer(np.arange(1, 6), np.arange(1, 6))  # likelihood + severity class: colour band
    fig, ax = plt.subplots(figsize=(8, 6.5), dpi=100)
    cmap = ListedColormap(["#d9ead3", "#fff2cc", "#fce5cd", "#f4cccc", "#ea9999"])
    ax.imshow(np.digitize(risk, [4, 6, 7, 9]), cmap=cmap, origin="lower", vmin=0, vmax=4)
    for i in range(5):
        for j in range(5):
            v = int(grid.iloc[i, j])
            ax.text(j, i, str(v) if v else "", ha="center", va="center", fontsize=18, fontweight="bold")
    ax.set_xticks(range(5), [tr("1\nlow"), "2", "3", "4", tr("5\nsevere")], fontsize=12)
    ax.set_yticks(range(5), [tr("1 unlikely"), "2", "3", "4", tr("5 likely")], fontsize=12)
    ax.set_xlabel(tr("Severity (scale, scope, irremediable character)"), fontsize=13)
    ax.set_ylabel(tr("Likelihood (country, goods, process, red flags)"), fontsize=13)
    ax.set_title(tr(title or HEATMAP_TITLE), fontsize=14)
    for s in ax.spines.values():
        s.set_visible(False)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    if info is not None:
        add_footer(fig, info)
    return fig


RESULT_COLUMNS = ["priority", "supplier", "row", "tier", "country", "goods", "process", "material",
                  "material_origin", "score", "level", "state_imposed", "state_imposed_basis", "hard_stop",
                  "likelihood", "likelihood_pct", "severity", "c_prevalence", "c_tip", "g_listing",
                  "g_state_imposed", "p_process", "r_flags", "s_scale", "s_scope", "s_irremediable",
                  "flags_present"]


DRIVER_HEADER = ["priority", "supplier", "part", "code", "points", "max", "reason", "source"]
# Headers of the results file as the participant reads them (the points of each part keep their codes).
HEADERS = {"priority": N_("priority"), "supplier": N_("supplier"), "row": N_("row"), "tier": N_("tier"),
           "country": N_("country"), "goods": N_("goods"), "process": N_("process"), "material": N_("material"),
           "material_origin": N_("material_origin"), "score": N_("score"), "level": N_("level"),
           "state_imposed": N_("state_imposed"), "state_imposed_basis": N_("state_imposed_basis"),
           "hard_stop": N_("hard_stop"), "likelihood": N_("likelihood"), "likelihood_pct": N_("likelihood_pct"),
           "severity": N_("severity"), "part": N_("part"), "code": N_("code"), "points": N_("points"),
           "max": N_("max"), "reason": N_("reason"), "source": N_("source")}


def shown_headers(columns) -> list[str]:
    """Column names in the participant's language (codes without a translation as they are)."""
    return [tr(HEADERS[c]) if c in HEADERS else c for c in columns]
_SEVERITY_INPUTS = ("s_scale", "s_scope", "s_irremediable", "severity", "workforce")
_SEVERITY_SOURCE = "UN Guiding Principles (severity: scale, scope, irremediable character); course method"


def _groups_of(scored: pd.DataFrame, columns) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the number of its group of rows alike in ``columns``; and each group's first row."""
    n = len(scored)
    key = np.zeros(n, dtype=np.int64)
    for c in columns:
        if c in scored:
            codes, uniq = pd.factorize(scored[c], use_na_sentinel=False)
            key, _ = pd.factorize(key * (len(uniq) + 1) + codes)
    if not n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    _, first, group = np.unique(key, return_index=True, return_inverse=True)
    return np.asarray(group, dtype=np.int64).reshape(-1), np.asarray(first, dtype=np.int64)


def driver_table(scored: pd.DataFrame, with_fields: bool = True) -> dict[str, np.ndarray]:
    """The "Drivers" sheet as columns: every driver of every supplier, part by part, then its
    severity, in priority order. Each part is worked out once per group of rows alike in what it
    reads (DRIVER_PART_INPUTS), so a million suppliers take seconds, with the same rows as
    calling drivers() and severity_reasons() on each."""
    n = len(scored)
    arrays = {c: scored[c].to_numpy(dtype=object) for c in scored.columns}

    def record(i: int) -> dict:
        return {c: v[i] for c, v in arrays.items()}

    entries: list[tuple] = []          # (part, code, points, max, reason, source)
    row_parts, order_parts, entry_parts = [], [], []
    for p, inputs in enumerate(DRIVER_PART_INPUTS + (_SEVERITY_INPUTS,)):
        group, first = _groups_of(scored, inputs)
        per_group: list[list[int]] = []
        for i in first:
            rec = record(int(i))
            if p < len(DRIVER_PART_INPUTS):
                found = [(d["part"], d["code"], d["points"], d["max"], d["reason"], d["source"])
                         for d in driver_parts(rec)[p]]
            else:
                sev = severity_reasons(rec)
                found = [(tr(PARTS["severity"]), "severity", float(int(rec["severity"])), 9,
                          sev["explanation"] + ("" if sev["verified"] else tr(" [criteria wording verified: false]")),
                          _SEVERITY_SOURCE)]
            per_group.append(list(range(len(entries), len(entries) + len(found))))
            entries.extend(found)
        counts = np.asarray([len(x) for x in per_group], dtype=np.int64)
        starts = np.asarray([x[0] if x else 0 for x in per_group], dtype=np.int64)
        k = counts[group] if n else np.zeros(0, dtype=np.int64)
        rows = np.repeat(np.arange(n), k)
        within = np.arange(len(rows)) - np.repeat(np.cumsum(k) - k, k)
        row_parts.append(rows)
        order_parts.append(np.full(len(rows), p, dtype=np.int64) * 1000 + within)
        entry_parts.append(starts[group][rows] + within if len(rows) else np.zeros(0, dtype=np.int64))
    rows = np.concatenate(row_parts)
    order = np.lexsort((np.concatenate(order_parts), rows))
    rows, entry = rows[order], np.concatenate(entry_parts)[order]
    fields = list(zip(*entries)) if entries and with_fields else [()] * 6
    out = {"priority": scored["priority"].to_numpy()[rows],
           "supplier": scored["supplier"].to_numpy(dtype=object)[rows]}
    for name, values in zip(DRIVER_HEADER[2:], fields):
        arr = np.empty(len(values), dtype=object)
        arr[:] = list(values)
        out[name] = arr[entry] if len(entry) and len(arr) else arr[:0]
    if with_fields:
        out["points"] = out["points"].astype(float)
        out["max"] = out["max"].astype(np.int64)
    out["entry"], out["entries"] = entry, entries  # for writers that render each distinct driver once
    return out


def export_results(scored: pd.DataFrame, path, input_file=None, info: dict | None = None, *,
                   force: bool = False, rename: bool = False):
    """Write the prioritised list, the drivers, the heat map and an About sheet to a new Excel file.

    The lists are streamed into their sheets; drivers beyond Excel's row limit go to a CSV file
    beside the workbook (``<name>_drivers.csv``), and the sheet says so.
    """
    import io

    from openpyxl import Workbook
    from openpyxl.drawing.image import Image

    protect = [input_file] if input_file else []
    path = output_path(path, force=force, rename=rename, inputs=protect, title=tr("Cannot write the results"))
    info = info or provenance_info(input_file)
    wb = Workbook()
    wb.remove(wb.active)
    cols = [c for c in RESULT_COLUMNS if c in scored.columns]
    levels = {v: tr(v) for v in LEVELS}
    table_sheet(wb, tr("Priorities"), shown_headers(cols),
                [scored[c].map(levels) if c == "level" else scored[c] for c in cols], widths={2: 28, 11: 10, 27: 40})
    table = driver_table(scored, with_fields=len(scored) * 8 <= MAX_DATA_ROWS)
    total = len(table["priority"])
    drivers_csv = None
    if total <= MAX_DATA_ROWS and "part" not in table:
        table = driver_table(scored)
    if total <= MAX_DATA_ROWS:
        table_sheet(wb, tr("Drivers"), shown_headers(DRIVER_HEADER), [table[c] for c in DRIVER_HEADER],
                    widths={2: 28, 3: 22, 7: 90, 8: 60})
    else:
        drivers_csv = output_path(path.with_name(f"{path.stem}_drivers.csv"), force=force, inputs=protect,
                                  title="Cannot write the results")
        dws = wb.create_sheet(tr("Drivers"))
        set_cell(dws, 1, 1, tr("The {total} driver rows are more than an Excel sheet holds ({limit} rows): they are "
                               "in the file {file} beside this one (CSV, UTF-8, comma-separated, columns: "
                               "{columns}).", total=number(total), limit=number(MAX_DATA_ROWS),
                               file=drivers_csv.name, columns=", ".join(DRIVER_HEADER)))
    hws = wb.create_sheet(tr("Heat map"))
    grid = heatmap_counts(scored)
    set_cell(hws, 1, 1, tr("likelihood class (rows) / severity class (columns)"))
    for j in range(1, 6):
        set_cell(hws, 1, j + 1, j)
    for i in range(5, 0, -1):
        r = 2 + (5 - i)
        set_cell(hws, r, 1, i)
        for j in range(1, 6):
            set_cell(hws, r, j + 1, int(grid.loc[i, j]))
    img = Image(io.BytesIO(figure_png(heatmap_figure(scored, info))))
    hws.add_image(img, "A9")
    add_about_sheet(wb, info)
    if drivers_csv is not None:
        def write_csv(tmp) -> None:
            import csv as _csv
            import io as _io

            def line(values) -> str:
                buf = _io.StringIO()
                _csv.writer(buf, lineterminator="").writerow(values)
                return buf.getvalue()

            # each distinct driver's text is rendered once; a line is its supplier plus that text
            tails = np.asarray(["," + line(e) for e in table["entries"]], dtype=object)[table["entry"]] \
                if total else np.zeros(0, dtype=object)
            s_codes, s_uniq = pd.factorize(table["supplier"])
            heads = np.asarray(["," + line([u]) for u in s_uniq], dtype=object)
            priority = table["priority"].astype(str).astype(object)
            step = 500_000
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                f.write(line(DRIVER_HEADER) + "\n")
                for start in range(0, total, step):
                    stop = min(start + step, total)
                    rows = priority[start:stop] + heads[s_codes[start:stop]] + tails[start:stop] + "\n"
                    f.write("".join(rows.tolist()))

        write_new(drivers_csv, write_csv, force=force, inputs=protect, title="Cannot write the results",
                  suffix=".csv.tmp", mode=PRIVATE_FILE)
    return save_new(wb, path, protect=protect, force=force)
