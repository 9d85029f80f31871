"""Cypher statements are pure, parameterised strings; batching respects byte budgets."""

from __future__ import annotations

import pytest

from cchc_kg.kg import cypher

STATEMENTS = [
    (cypher.merge_nodes(("Resource",)), "UNWIND $rows AS row MERGE (n:Resource {iri: row.iri}) SET n += row.props"),
    (cypher.merge_nodes(("Resource", "Document", "KH", "Plan")),
     "UNWIND $rows AS row MERGE (n:Resource {iri: row.iri}) SET n += row.props SET n:Document:KH:Plan"),
    (cypher.merge_rels("CITES"),
     "UNWIND $rows AS row MATCH (a:Resource {iri: row.start}) MATCH (b:Resource {iri: row.end}) MERGE (a)-[r:CITES]->(b) SET r += row.props"),
    (cypher.merge_rels("RESPONSIBLE_FOR", keyed=True),
     "UNWIND $rows AS row MATCH (a:Resource {iri: row.start}) MATCH (b:Resource {iri: row.end}) "
     "MERGE (a)-[r:RESPONSIBLE_FOR {key: row.key}]->(b) SET r += row.props"),
    (cypher.append_text("quote"), "UNWIND $rows AS row MATCH (n:Resource {iri: row.iri}) SET n.quote = n.quote + row.chunk"),
    (cypher.delete_batch(), "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"),
    (cypher.count_nodes(), "MATCH (n) RETURN count(n) AS c"),
    (cypher.count_rels(), "MATCH ()-[r]->() RETURN count(r) AS c"),
]


@pytest.mark.parametrize("got,expected", STATEMENTS, ids=[s[1][:40] for s in STATEMENTS])
def test_statements(got: str, expected: str) -> None:
    assert got == expected
    assert "'" not in got and '"' not in got  # no literal values, ever


BAD_IDENTIFIERS = ["", "1abc", "a b", "x`", "a-b", "A}", "n) DETACH DELETE (m", "Đ"]


@pytest.mark.parametrize("name", BAD_IDENTIFIERS)
def test_identifiers_are_checked(name: str) -> None:
    with pytest.raises(ValueError):
        cypher.ident(name)
    with pytest.raises(ValueError):
        cypher.merge_nodes(("Resource", name))
    with pytest.raises(ValueError):
        cypher.merge_rels(name)


@pytest.mark.parametrize("dialect,schema", [
    ("neo4j", ["CREATE CONSTRAINT cchc_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE"]),
    ("falkordb", ["CREATE INDEX FOR (n:Resource) ON (n.iri)"]),
])
def test_schema_statements(dialect: str, schema: list[str]) -> None:
    assert cypher.schema_statements(dialect) == schema


@pytest.mark.parametrize("value,falkor", [
    ("plain", "plain"),
    ("it's", "it\\'s"),
    ("a\\b", "a\\\\b"),
    ('{"x"}', '{"x"}'),
    ({"k": ["'", 1, None]}, {"k": ["\\'", 1, None]}),
])
def test_falkordb_parameter_encoding(value, falkor) -> None:
    assert cypher.encode_params(value, "falkordb") == falkor
    assert cypher.encode_params(value, "neo4j") == value


@pytest.mark.parametrize("rows,size,budget,expected", [
    ([{"a": "x" * 10}] * 5, 10, 40, [2, 2, 1]),
    ([{"a": "x"}] * 250, 100, 10_000, [100, 100, 50]),
    ([{"a": "x" * 5000}], 100, 3000, [1]),
])
def test_batches_by_rows_and_bytes(rows, size, budget, expected) -> None:
    got = list(cypher.batches(rows, batch_size=size, max_bytes=budget))
    assert [len(b) for b in got] == expected
    assert [r for b in got for r in b] == rows


@pytest.mark.parametrize("text,limit", [("ạ" * 500, 100), ("a'b\\c" * 300, 64), ("x", 4), ("", 4)])
def test_split_text_round_trips(text: str, limit: int) -> None:
    parts = cypher.split_text(text, limit, "falkordb")
    assert "".join(parts) == text
    assert all(len(cypher.encode_params(p, "falkordb").encode()) <= limit for p in parts)


def test_fit_row_keeps_every_character() -> None:
    long = "Căn cứ " + "điều khoản ' \\ } " * 400
    props = {"iri": "urn:x", "sentence": long, "quote": long[:50], "start": 1}
    out, tail = cypher.fit_row("urn:x", props, max_text_bytes=600, budget=2500, dialect="falkordb")
    assert cypher.row_bytes({"iri": "urn:x", "props": out}, "falkordb") <= 2500
    assert out["sentence"] + "".join(c for p, c in tail if p == "sentence") == long
    assert out["quote"] == long[:50] and out["start"] == 1
