"""Duplicates: pairs that look like one project entered twice, and projects that overlap."""

import streamlit as st

from portfolio.charts import timeline
from portfolio.duplicates import OVERLAP, SAME_RECORD, THRESHOLDS
from portfolio.errors import PortfolioError
from portfolio.permissions import Permission, allows
from portfolio.projects import ProjectFilter
from portfolio.tables import candidates_table, discussion_lines, pair_table
from portfolio.ui import resources
from portfolio.ui.components.identity import current_actor
from portfolio.ui.components.text import plain
from portfolio.verdicts import (
    MAX_COMMENT_CHARS,
    VERDICTS,
    comment_on_pair,
    differing_fields,
    merge_projects,
    pair_discussion,
    record_verdict,
)

vocabulary = resources.vocabulary()
st.title("Duplicates")
st.caption(
    "Same record: one project entered twice, to merge. Overlap: different projects in the same country, "
    "at the same time, on the same norm or theme, to coordinate. A pair with a verdict comes back only when "
    "one of the two records changes its title, countries, dates, funders, implementers, norms or themes."
)
options = st.columns([2, 2, 2, 3], vertical_alignment="bottom")
kind = (
    options[0].segmented_control(
        "Kind",
        [SAME_RECORD, OVERLAP],
        default=SAME_RECORD,
        key="duplicates.kind",
        format_func=lambda k: "Same record" if k == SAME_RECORD else "Overlap",
    )
    or SAME_RECORD
)
min_score = options[1].slider("Lowest score", 0, 100, THRESHOLDS[kind], key=f"duplicates.min.{kind}")
regions = options[2].multiselect(
    "Region",
    [r.code for r in vocabulary.regions],
    key="duplicates.regions",
    format_func=lambda code: vocabulary.region(code).name,
)
countries = options[3].multiselect(
    "Country",
    list(vocabulary.countries),
    key="duplicates.countries",
    format_func=lambda c: vocabulary.countries[c].display_name,
)
within = ProjectFilter(countries=tuple(countries), regions=tuple(regions)) if countries or regions else None
found = resources.candidates(kind, min_score, within)
st.caption(f"{len(found):,} pair{'' if len(found) == 1 else 's'}. Select one to compare and decide.")
table = candidates_table(found[:2000])
selection = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="duplicates.table",
    column_config={"Why": st.column_config.TextColumn(width="large")},
)
rows = selection.selection.rows if selection else []
if not rows:
    st.stop()
pair = found[rows[0]]
a, b = sorted(resources.project_records([pair.a.id, pair.b.id]), key=lambda r: r.id != pair.a.id)

st.subheader(f"{plain(a.ref or a.title)} and {plain(b.ref or b.title)}")
st.markdown("\n".join(f"- {plain(reason)}" for reason in pair.reasons))
st.dataframe(pair_table(a, b, vocabulary), hide_index=True, width="stretch")
shared = [c for c in a.country_codes if c in b.country_codes]
if shared:
    place = st.selectbox(
        "Timeline of projects in",
        shared,
        format_func=lambda c: vocabulary.countries[c].display_name,
        key="duplicates.timeline_country",
    )
    st.altair_chart(
        timeline(resources.projects(ProjectFilter(countries=(place,))), highlight=[a.id, b.id]),
        use_container_width=True,
    )

actor = current_actor()
with resources.reading() as session:
    discussion = pair_discussion(session, a_id=a.id, b_id=b.id)
if discussion:
    st.markdown("**Discussion**\n\n" + "\n".join(f"- {plain(line)}" for line in discussion_lines(discussion)))
if allows(actor.role, Permission.RECORD_VERDICT):
    with st.form("duplicates.comment", clear_on_submit=True):
        comment = st.text_area(
            "Comment", max_chars=MAX_COMMENT_CHARS, height=80,
            placeholder="e.g. asked the delegation in Chisinau whether these are two phases",
            help="Keeps the discussion with the pair without deciding it.",
        )  # fmt: skip
        if st.form_submit_button("Add comment"):
            try:
                with resources.transaction() as session:
                    comment_on_pair(session, a_id=a.id, b_id=b.id, text=comment, actor=actor)
            except PortfolioError as exc:
                st.error(plain(str(exc)))
            else:
                st.rerun()
    with st.form("duplicates.verdict"):
        st.markdown("**Record a verdict**")
        verdict = st.radio(
            "Verdict", [v for v in VERDICTS if v != "same"], format_func=VERDICTS.__getitem__, horizontal=True
        )
        note = st.text_input("Note", placeholder="e.g. checked with the delegation: complementary components")
        if st.form_submit_button("Record verdict"):
            try:
                with resources.transaction() as session:
                    record_verdict(session, a_id=a.id, b_id=b.id, verdict=verdict, note=note, actor=actor)
            except PortfolioError as exc:
                st.error(plain(str(exc)))
            else:
                st.success("Verdict recorded.")
                st.rerun()
else:
    st.caption("Board members record verdicts on pairs; data stewards merge records entered twice.")

if pair.kind == SAME_RECORD and allows(actor.role, Permission.MERGE):
    with st.expander("Merge these two records into one", expanded=False):
        survivor = st.radio(
            "Keep",
            [a.id, b.id],
            horizontal=True,
            key="duplicates.survivor",
            format_func=lambda i: plain((a if i == a.id else b).ref or (a if i == a.id else b).title),
        )
        other = b if survivor == a.id else a
        kept = a if survivor == a.id else b
        st.caption(
            "For each field that differs, choose the value to keep. The other record is archived and its "
            "reference becomes an alias of the one kept."
        )
        choices = {}
        for name in differing_fields(kept, other):
            pick = st.radio(
                name,
                ["survivor", "other"],
                horizontal=True,
                key=f"duplicates.choice.{name}",
                format_func=lambda v: "the kept record's" if v == "survivor" else "the other record's",
            )
            choices[name] = pick
        if st.button("Merge", type="primary"):
            try:
                with resources.transaction() as session:
                    merge_projects(session, survivor_id=kept.id, other_id=other.id, choices=choices,
                                   expected_versions={kept.id: kept.version, other.id: other.version},
                                   vocabulary=vocabulary, actor=actor)  # fmt: skip
            except PortfolioError as exc:
                st.error(plain(str(exc)))
            else:
                st.success("Merged.")
                st.rerun()
