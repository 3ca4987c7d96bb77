"""China's administrative divisions, read from maintained datasets.

The tree (province -> city -> county -> town -> village) and the list of
renamed divisions come from jionlp's ``china_location`` (Apache-2.0); the
coordinates of provinces, cities and counties from cpca's ``adcodes.csv``
(MIT). Both ship inside their PyPI packages: this module only reads their
files (it never imports them) and loads them once per process.

Placeholder levels of the dataset (``省直辖行政区划``, ``市直辖行政区划``) and
the city level that repeats a municipality (上海市 under 上海市) are folded
into their parent, so every division has one node and a municipality's
districts are parts of the province-level city itself.

Where the tree and the change list disagree, the newer one wins: a division
the tree still files under its old name (无为县) is renamed to its current
name (无为市); a division merged into another (下城区 into 拱墅区) hands its
towns over. Old names stay findable as ``former`` names.
"""

from __future__ import annotations

import csv
import functools
import importlib.metadata
import importlib.util
import io
import logging
import zipfile
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from newskg.names.lexicon import AREA_SUFFIXES, BANNER_SIDES, BANNER_WORD, TOWN_NAME_SUFFIXES

__all__ = [
    "Division",
    "Gazetteer",
    "GazetteerError",
    "Level",
    "Match",
    "banner_shorts",
    "load_gazetteer",
    "town_short",
]

log = logging.getLogger(__name__)

TREE_PACKAGE = "jionlp"
COORD_PACKAGE = "cpca"
_TREE_FILE = ("dictionary", "china_location.zip")
_CHANGES_FILE = ("dictionary", "china_location_change.txt")
_COORD_FILE = ("resources", "adcodes.csv")
_PLACEHOLDER = "直辖"  # 省直辖行政区划, 市直辖行政区划, 区直辖行政区划, 乡直辖村: no division of their own


class Level(StrEnum):
    """Levels of China's administrative divisions, top down."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWN = "town"
    VILLAGE = "village"


_LEVELS = tuple(Level)


class Match(StrEnum):
    """How a written name matched a division."""

    NAME = "name"  # its full name (通州区)
    SHORT = "short"  # a short form: the dataset's (通州), or a town's without 镇/乡/街道 (宋庄)
    FORMER = "former"  # a name it had before a rename or merger (彬县)


def town_short(name: str) -> str:
    """A town's name without its level word, as news often writes it; the name itself when none is left off.

    A short form that would end in a level word itself (``朝阳区街道`` -> ``朝阳区``) is none.

    >>> town_short("宋庄镇"), town_short("北坝街道"), town_short("镇"), town_short("朝阳区街道")
    ('宋庄', '北坝', '镇', '朝阳区街道')
    """
    for suffix in TOWN_NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            return name if short.endswith(AREA_SUFFIXES) else short
    return name


def banner_shorts(name: str) -> tuple[str, ...]:
    """Short forms news writes for a banner (旗) of Inner Mongolia that the dataset does not give.

    The name without 旗, three characters or more (``达拉特`` for 达拉特旗); and the banner's side
    (``前旗`` for 科尔沁右翼前旗), which several banners share, for the article to decide.

    >>> banner_shorts("达拉特旗"), banner_shorts("科尔沁右翼前旗"), banner_shorts("阿荣旗"), banner_shorts("通州区")
    (('达拉特',), ('前旗',), (), ())
    """
    if not name.endswith(BANNER_WORD):
        return ()
    side = next((s for s in BANNER_SIDES if name.endswith(s) and len(name) > len(s) + 1), None)
    if side:
        return (side,)
    short = name[: -len(BANNER_WORD)]
    return (short,) if len(short) >= 3 and not short.endswith(("自治", "联合")) else ()


class GazetteerError(RuntimeError):
    """The dataset files are missing or unreadable; the message is one line saying what to do."""


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division.

    Attributes:
        id: Position in the gazetteer (stable for one dataset version).
        name: The full name as the dataset writes it (通州区).
        level: Its level.
        adcode: Six digits: its own code down to county level, its county's (or city's) code below.
        parent: The id of the division it belongs to; None for a province.
        short: The short form the dataset gives (通州), or ``name`` where it gives none.
        latitude: Degrees north, where the coordinate dataset has them (county level and above).
        longitude: Degrees east, likewise.
    """

    id: int
    name: str
    level: Level
    adcode: str
    parent: int | None
    short: str
    latitude: float | None = None
    longitude: float | None = None


class Gazetteer:
    """Lookups over the division tree. Build it with :func:`load_gazetteer`.

    Memory is kept low by storing columns (names, parents, levels) instead of
    one object per division; :class:`Division` objects are made on demand.
    """

    def __init__(
        self,
        names: list[str],
        parents: array[int],
        levels: bytearray,
        codes: dict[int, str],
        shorts: dict[int, str],
        coords: dict[int, tuple[float, float]],
        former: dict[int, tuple[str, ...]],
        source: str,
    ) -> None:
        self._names = names
        self._parents = parents
        self._levels = levels
        self._codes = codes
        self._shorts = shorts
        self._coords = coords
        self._former = former
        self.source = source
        index: dict[str, list[int]] = {}
        for i, name in enumerate(names):
            if name:
                index.setdefault(name, []).append(i)
        for i, short in shorts.items():
            if short != names[i]:
                index.setdefault(short, []).append(i)
        # Towns by their name without 镇/乡/街道: kept apart, since only :meth:`match` offers them.
        town = _LEVELS.index(Level.TOWN)
        towns: dict[str, list[int]] = {}
        for i, name in enumerate(names):
            if levels[i] == town and name:
                short = town_short(name)
                if short != name:
                    towns.setdefault(short, []).append(i)
        self._towns: dict[str, int | tuple[int, ...]] = {k: v[0] if len(v) == 1 else tuple(v) for k, v in towns.items()}
        for i, olds in former.items():
            for old in olds:
                ids = index.setdefault(old, [])
                if i not in ids:
                    ids.append(i)
        county = _LEVELS.index(Level.COUNTY)
        for i, name in enumerate(names):
            if levels[i] == county and name.endswith(BANNER_WORD):
                for short in banner_shorts(name):
                    ids = index.setdefault(short, [])
                    if i not in ids:
                        ids.append(i)
        # An int for a name of one division (most of them), a tuple for the rest: a list per name
        # would keep room to grow that 700,000 names do not need.
        self._index: dict[str, int | tuple[int, ...]] = {k: v[0] if len(v) == 1 else tuple(v) for k, v in index.items()}
        # The first division holding a code is its owner: 香港's districts repeat the region's 810000.
        self._by_code: dict[str, int] = {}
        for i, code in sorted(codes.items()):
            if names[i]:
                self._by_code.setdefault(code, i)

    def __len__(self) -> int:
        return sum(1 for n in self._names if n)

    def get(self, id: int) -> Division:
        """The division with this id. O(depth)."""
        parent = self._parents[id]
        lat_lon = self._coords.get(id)
        return Division(
            id=id,
            name=self._names[id],
            level=_LEVELS[self._levels[id]],
            adcode=self._code_of(id),
            parent=None if parent < 0 else parent,
            short=self._shorts.get(id) or self._short_of_town(id),
            latitude=lat_lon[0] if lat_lon else None,
            longitude=lat_lon[1] if lat_lon else None,
        )

    def _short_of_town(self, id: int) -> str:
        name = self._names[id]
        return town_short(name) if self._levels[id] == _LEVELS.index(Level.TOWN) else name

    def _code_of(self, id: int) -> str:
        while id >= 0:
            code = self._codes.get(id)
            if code:
                return code
            id = self._parents[id]
        return ""

    def lookup(self, name: str) -> list[Division]:
        """Every division written ``name``: full, short or former name. O(k) for k matches.

        >>> g = load_gazetteer()
        >>> sorted(d.adcode for d in g.lookup("朝阳区"))
        ['110105', '220104']
        """
        ids = self._index.get(name, ())
        return [self.get(ids)] if isinstance(ids, int) else [self.get(i) for i in ids]

    def match(self, name: str) -> list[tuple[Division, Match]]:
        """Every division written ``name``, each with how the name matched it. O(k) for k matches.

        Beyond :meth:`lookup`, a town written without 镇/乡/街道 (``宋庄`` for 宋庄镇), as :data:`Match.SHORT`.

        >>> g = load_gazetteer()
        >>> sorted((d.adcode, how.value) for d, how in g.match("彬县"))
        [('610482', 'former')]
        >>> sorted("/".join(g.path(d)) for d, _ in g.match("宋庄"))
        ['北京市/通州区/宋庄镇', '江苏省/连云港市/赣榆区/宋庄镇']
        """
        out: list[tuple[Division, Match]] = []
        for d in self.lookup(name):
            how = Match.NAME if d.name == name else Match.FORMER if name in self.former_names(d) else Match.SHORT
            out.append((d, how))
        towns = self._towns.get(name, ())
        seen = {d.id for d, _ in out}
        for i in (towns,) if isinstance(towns, int) else towns:
            if i not in seen:
                out.append((self.get(i), Match.SHORT))
        return out

    def lineage(self, division: Division) -> tuple[int, ...]:
        """The ids from the province down to this division (itself included). O(depth).

        Two divisions share their first k ids when they share their first k levels, so the
        common prefix of two lineages is their lowest common ancestor.
        """
        out = [division.id]
        up = division.parent
        while up is not None:
            out.append(up)
            parent = self._parents[up]
            up = None if parent < 0 else parent
        return tuple(reversed(out))

    def county_of(self, division: Division) -> Division | None:
        """The county-level division at or above this one (None for a province or city)."""
        county = _LEVELS.index(Level.COUNTY)
        for i in reversed(self.lineage(division)):
            if self._levels[i] == county:
                return self.get(i)
        return None

    def by_adcode(self, adcode: str) -> Division | None:
        """The division (county level or above) whose own code is ``adcode``."""
        i = self._by_code.get(adcode)
        return None if i is None else self.get(i)

    def parent(self, division: Division) -> Division | None:
        """The division one level up, or None for a province."""
        return None if division.parent is None else self.get(division.parent)

    def ancestors(self, division: Division) -> list[Division]:
        """The divisions above this one, nearest first, up to the province. O(depth)."""
        out: list[Division] = []
        up = self.parent(division)
        while up is not None:
            out.append(up)
            up = self.parent(up)
        return out

    def path(self, division: Division) -> tuple[str, ...]:
        """Full names from the province down to this division (北京市, 通州区, 宋庄镇)."""
        return (*(d.name for d in reversed(self.ancestors(division))), division.name)

    def former_names(self, division: Division) -> tuple[str, ...]:
        """Names this division had before a rename or merger, per the change list."""
        return self._former.get(division.id, ())

    def names(self, levels: Iterable[Level] = _LEVELS) -> set[str]:
        """Every full, short and former name of divisions at these levels. O(n)."""
        wanted = {_LEVELS.index(level) for level in levels}
        return {
            name
            for name, ids in self._index.items()
            if any(self._levels[i] in wanted for i in ((ids,) if isinstance(ids, int) else ids))
        }

    def __iter__(self) -> Iterator[Division]:
        return (self.get(i) for i, n in enumerate(self._names) if n)


def _package_file(package: str, parts: tuple[str, ...]) -> Path:
    """A data file inside an installed package, found without importing the package (jionlp's import is slow)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError(f"the place gazetteer needs the PyPI package {package}: pip install {package}")
    path = Path(next(iter(spec.submodule_search_locations)), *parts)
    if not path.is_file():
        raise GazetteerError(f"{path} is missing: reinstall {package} (pip install --force-reinstall {package})")
    return path


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@dataclass
class _Tree:
    names: list[str]
    parents: array[int]
    levels: bytearray
    codes: dict[int, str]
    shorts: dict[int, str]
    former: dict[int, tuple[str, ...]]
    _upper: dict[tuple[int, str], int] = field(default_factory=dict)
    _interned: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, parent: int, level: int, code: str = "", short: str = "") -> int:
        i = len(self.names)
        # One string object per distinct name: 新华村 alone is written 405 times.
        self.names.append(self._interned.setdefault(name, name))
        self.parents.append(parent)
        self.levels.append(level)
        if code:
            self.codes[i] = code
        if short and short != name:
            self.shorts[i] = short
        return i

    def child(self, parent: int, name: str) -> int | None:
        """The division ``name`` directly under ``parent``, county level and above."""
        if not self._upper:
            self._upper.update(
                ((self.parents[i], self.names[i]), i) for i in range(len(self.names)) if self.levels[i] <= 2
            )
        return self._upper.get((parent, name))


def _read_tree(path: Path) -> _Tree:
    """Parse the tree straight from the zip, line by line (the whole text at once would double the peak)."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = next((n for n in archive.namelist() if n.endswith(".txt")), None)
            if member is None:
                raise GazetteerError(f"{path} holds no .txt file: reinstall {TREE_PACKAGE}")
            with archive.open(member) as raw:
                return _parse_tree(io.TextIOWrapper(raw, encoding="utf-8"))
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError, EOFError) as exc:
        raise GazetteerError(f"cannot read {path} ({exc}): reinstall {TREE_PACKAGE}") from exc


def _parse_tree(lines: Iterable[str]) -> _Tree:
    """The jionlp tree: one division a line, its depth in leading tabs; levels 0-2 carry ``name\\tcode\\tshort``."""
    tree = _Tree([], array("i"), bytearray(), {}, {}, {})
    stack: list[int] = []  # the node standing at each depth of the file (after folding)
    for raw in lines:
        line = raw.rstrip("\r\n")
        name = line.lstrip("\t")
        if not name.strip():
            continue
        depth = len(line) - len(name)
        if depth > 4 or depth > len(stack):
            raise GazetteerError(f"unexpected line in the {TREE_PACKAGE} gazetteer: {line!r}: reinstall {TREE_PACKAGE}")
        fields = name.split("\t")
        name, code, short = fields[0].strip(), "", ""
        if depth <= 2 and len(fields) == 3:
            code, short = fields[1].strip(), fields[2].strip()
        del stack[depth:]
        parent = stack[-1] if stack else -1
        folded = _PLACEHOLDER in name or (depth == 1 and code and code == tree.codes.get(parent))
        if folded and parent >= 0:
            stack.append(parent)  # its children belong to the level above
            continue
        stack.append(tree.add(name, parent, depth, code, short))
    return tree


def _apply_changes(tree: _Tree, text: str) -> None:
    """Apply jionlp's change list (``date kind old-path=>new-path``), oldest first: the newer name wins."""
    provinces = {tree.names[i]: i for i in range(len(tree.names)) if tree.levels[i] == 0}
    merged: dict[int, int] = {}  # a division merged into another -> that other
    rows = sorted(line.split("\t") for line in text.splitlines() if "=>" in line)
    for fields in rows:
        joined = "\t".join(fields[2:])
        old, new = (part.split("\t") for part in joined.split("=>"))
        old_full = old[0::2]  # province, city, county: full names at even places, short ones between
        old_short = old[-1]
        if len(new) != len(old_full):
            continue
        prov = provinces.get(new[0])
        if prov is None:
            continue
        new_city = prov if len(new) < 2 or new[1] == new[0] else tree.child(prov, new[1])
        old_prov = provinces.get(old_full[0])
        old_city = None
        if old_prov is not None:
            old_city = old_prov if old_full[1] == old_full[0] else tree.child(old_prov, old_full[1])
        if len(new) == 2:  # a city renamed (襄樊市 -> 襄阳市)
            target, stale = new_city, old_city
        else:
            target = None if new_city is None else tree.child(new_city, new[2])
            stale = None if old_city is None else tree.child(old_city, old_full[2])
            if target is None and stale is None and new_city is not None:
                # The tree may already file the old name under the new city (公主岭市 moved to 长春市).
                stale = tree.child(new_city, old_full[2])
        if target is None and stale is None:
            continue
        if target is None:
            assert stale is not None
            target = stale
            tree.names[target] = new[-1]
            tree.shorts.pop(target, None)
            if new_city is not None and len(new) == 3:
                tree.parents[target] = new_city
        elif stale is not None and stale != target:
            merged[stale] = target
            tree.names[stale] = ""  # no longer a division of its own
        former = {old_full[-1], old_short} - {tree.names[target], tree.shorts.get(target, "")}
        tree.former[target] = tuple(sorted({*tree.former.get(target, ()), *former}))
    if merged:  # one pass moves the towns of every merged division over
        for i, parent in enumerate(tree.parents):
            if parent in merged:
                tree.parents[i] = merged[parent]


def _read_coords(path: Path, tree: _Tree) -> dict[int, tuple[float, float]]:
    """cpca's ``adcode,name,longitude,latitude``, joined on the six-digit code, else on a former name."""
    by_code = {code: i for i, code in tree.codes.items() if tree.names[i]}
    by_former: dict[tuple[int, str], int] = {}
    for i, olds in tree.former.items():
        for old in olds:
            by_former[(tree.parents[i], old)] = i
    coords: dict[int, tuple[float, float]] = {}
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row in rows:
            code = row["adcode"][:6]
            if not row["latitude"] or not row["longitude"]:
                continue  # a few rows have no coordinates
            lat_lon = (float(row["latitude"]), float(row["longitude"]))
            at = by_code.get(code)
            if at is not None and tree.names[at] == row["name"]:
                coords[at] = lat_lon
                continue
            # A division renamed since (彬县 -> 彬州市): found under its parent by the former name. A code
            # that now names another division gives no coordinates rather than someone else's.
            parent = by_code.get(code[:4] + "00", by_code.get(code[:2] + "0000", -1))
            renamed = by_former.get((parent, row["name"]))
            if renamed is not None and renamed not in coords:
                coords[renamed] = lat_lon
    except (OSError, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read {path} ({exc}): reinstall {COORD_PACKAGE}") from exc
    return coords


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer of the installed datasets, read once per process (about 1 s).

    Raises:
        GazetteerError: A dataset package or file is missing or corrupt.
    """
    tree_file = _package_file(TREE_PACKAGE, _TREE_FILE)
    changes_file = _package_file(TREE_PACKAGE, _CHANGES_FILE)
    coord_file = _package_file(COORD_PACKAGE, _COORD_FILE)
    tree = _read_tree(tree_file)
    if len(tree.names) < 1000:
        raise GazetteerError(f"{tree_file} holds only {len(tree.names)} divisions: reinstall {TREE_PACKAGE}")
    try:
        changes = changes_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read {changes_file} ({exc}): reinstall {TREE_PACKAGE}") from exc
    _apply_changes(tree, changes)
    coords = _read_coords(coord_file, tree)
    source = (
        f"{TREE_PACKAGE} {_version(TREE_PACKAGE)} china_location; "
        f"{COORD_PACKAGE} {_version(COORD_PACKAGE)} adcodes (coordinates)"
    )
    log.info("gazetteer: %d divisions from %s", len(tree.names), source)
    return Gazetteer(tree.names, tree.parents, tree.levels, tree.codes, tree.shorts, coords, tree.former, source)
