from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from newskg.model import EntityType
from newskg.names.resolve import resolve_names, short_forms, vote_types

P, O, L = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.PLACE


def _groups(names: list[tuple[EntityType, str]]) -> set[frozenset[str]]:
    res = resolve_names(names)
    groups: dict[str, set[str]] = {}
    for (_, n), canon in res.canonical.items():
        groups.setdefault(canon, set()).add(n)
    return {frozenset(g) for g in groups.values()}


def test_short_forms_of_an_organization() -> None:
    forms = dict(short_forms("天纳克(北京)汽车减振器有限公司", O))
    assert "天纳克" in forms and "天纳克汽车减振器有限公司" in forms
    assert dict(short_forms("通州区运河中医医院", O)) == {"运河中医医院": "place prefix dropped"}
    assert short_forms("孟景伟", P) == []


def test_merges_short_names_and_place_suffixes() -> None:
    groups = _groups(
        [
            (O, "天纳克"),
            (O, "天纳克(北京)汽车减振器有限公司"),
            (L, "张家湾"),
            (L, "张家湾镇"),
            (O, "运河中医医院"),
            (O, "通州区运河中医医院"),
        ]
    )
    assert groups == {
        frozenset({"天纳克", "天纳克(北京)汽车减振器有限公司"}),
        frozenset({"张家湾", "张家湾镇"}),
        frozenset({"运河中医医院", "通州区运河中医医院"}),
    }


def test_never_merges_on_similarity_or_ambiguity() -> None:
    groups = _groups(
        [(P, "张伟"), (P, "张伟东"), (O, "中西医结合医院"), (O, "通州区中西医结合医院"), (O, "朝阳区中西医结合医院")]
    )
    assert groups == {
        frozenset({n}) for n in ("张伟", "张伟东", "中西医结合医院", "通州区中西医结合医院", "朝阳区中西医结合医院")
    }


def test_merge_reasons_are_recorded() -> None:
    res = resolve_names([(L, "张家湾"), (L, "张家湾镇")])
    assert res.aliases[(L, "张家湾镇")] == {"张家湾"}
    assert res.reasons[(L, "张家湾镇")] == {"张家湾 -> 张家湾镇: administrative suffix dropped"}


def test_type_votes() -> None:
    votes = vote_types([("漷县镇", O, 3), ("漷县镇", L, 1), ("天纳克", O, 1), ("天纳克", L, 2), ("张锋", P, 1)])
    assert votes == {"漷县镇": L, "天纳克": L, "张锋": P}


NAMES = st.lists(
    st.tuples(
        st.sampled_from([P, O, L]),
        st.sampled_from(
            [
                "天纳克",
                "天纳克(北京)汽车减振器有限公司",
                "张家湾",
                "张家湾镇",
                "张伟",
                "张伟东",
                "运河中医医院",
                "通州区运河中医医院",
                "朝阳区运河中医医院",
                "北京天海工业有限公司",
                "天海",
                "天海工业",
            ]
        ),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(NAMES, st.randoms(use_true_random=False))
def test_resolution_is_order_independent_and_idempotent(names: list[tuple[EntityType, str]], rnd) -> None:  # type: ignore[no-untyped-def]
    counts = Counter(names)
    first = resolve_names(names, counts)
    shuffled = list(names)
    rnd.shuffle(shuffled)
    assert resolve_names(shuffled, counts).canonical == first.canonical
    # Resolving the canonical names again changes nothing.
    again = resolve_names([(t, first.canonical[(t, n)]) for t, n in names])
    assert all(again.canonical[(t, c)] == c for (t, _), c in first.canonical.items())
