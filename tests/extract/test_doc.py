"""The document object and its components: each testable from a document built by hand."""

from __future__ import annotations

import pytest

from zhibiao.extract import components as C
from zhibiao.extract.clauses import split_clauses
from zhibiao.extract.doc import Doc, PipelineError, check, component
from zhibiao.extract.frame import Frame
from zhibiao.extract.pipeline import PIPELINE, read
from zhibiao.extract.subjects import Subject


def test_the_pipeline_is_in_order() -> None:
    check(PIPELINE)
    names = [c.name for c in PIPELINE]
    assert names.index("periods") < names.index("quantities") < names.index("figures") < names.index("tables")


def test_a_pipeline_out_of_order_is_refused() -> None:
    with pytest.raises(PipelineError, match=r"quantities needs .*periods"):
        check([C.REGIONS, C.ENTITIES, C.QUANTITIES])


def test_a_component_refuses_a_document_without_its_layers() -> None:
    with pytest.raises(PipelineError, match="needs the layers titles, names"):
        C.PERIODS(Doc.build("2024年全市生产总值增长5%。"))


def test_an_unknown_layer_is_refused() -> None:
    with pytest.raises(PipelineError, match="speed"):
        component(adds=["speed"])(lambda doc: None)
    with pytest.raises(PipelineError, match="colour: not a layer"):
        Doc.build("文本", colour=[])


def test_periods_from_a_hand_built_document() -> None:
    # The title's 2023 is a name, so only the sentence's year is a time.
    text = "《2023年工作要点》提出，2024年全省粮食产量增长2%。"
    doc = C.PERIODS(Doc.build(text, titles=[(0, 10)], names=[]))
    assert [(text[p.start:p.end], p.role) for p in doc.periods] == [("2024年", "time")]


def test_groups_from_a_hand_built_document() -> None:
    text = "西部8省区地区生产总值增长5.2%。"
    doc = Doc.build(text, clauses=split_clauses(text), periods=C.PERIODS(Doc.build(text, titles=[], names=[])).periods)
    C.GROUPS(doc)
    assert [text[g.start:g.end] for g in doc.groups] == ["西部8省区"]


def test_figures_take_the_frame_subject_from_a_hand_built_document() -> None:
    doc = read("全市生产总值增长5.2%。")
    # The same layers with the frame replaced by hand: the figure follows the frame.
    doc.add("frame", Frame("report", Subject("江西省", "360000", 1), "2024", "a test", "a test", True))
    C.FIGURES(doc)
    assert [(r.fig.value, r.period, r.subject.name) for r in doc.reads] == [(5.2, "2024", "江西省")]


def test_every_layer_is_added_by_the_pipeline() -> None:
    doc = read("2024年江西省生产总值增长5%，到2027年力争达到4万亿元。", "2025-01-20")
    assert {"regions", "entities", "periods", "clauses", "quantities", "cues", "mentions", "frame",
            "reads", "facts", "targets", "tables"} <= doc.added
    assert [f.value for f in doc.facts] == [5.0] and [t.value for t in doc.targets] == [4e12]


def test_read_times_each_step_and_reads_the_same() -> None:
    text = "2023年本县粮食产量增长3.1%，到2028年力争达到60万吨。"
    timings: dict[str, float] = {}
    timed = read(text, "2024-02-10", timings=timings)
    assert list(timings) == ["reading", *(c.name for c in PIPELINE)]
    assert all(t >= 0 for t in timings.values())
    plain = read(text, "2024-02-10")
    assert (timed.facts, timed.targets) == (plain.facts, plain.targets) and timed.targets
    first = dict(timings)
    read(text, "2024-02-10", timings=timings)  # a second text adds to the same steps
    assert list(timings) == list(first) and all(timings[k] >= first[k] for k in first)
