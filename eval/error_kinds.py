#!/usr/bin/env python3
"""Sort the annotate errors on a scored corpus into kinds, with counts.

Usage: error_kinds.py GOLD_DIR SYS_DIR [RAW_DIR] [--show KIND]
SYS_DIR is the converted output that `score.sh` keeps with KEEP=1 (its sys/ folder).
Matching is the scorer's (score.py next to the gold). Prints counts per error kind and, with
--show, the strings of one kind (for reading only: never copy them into the repository).
"""
import sys, re, json, collections
from pathlib import Path
import yaml

def norm(s):
    if s is None:
        return None
    s = " ".join(str(s).replace("\u2019", "'").split()).lower()
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"'s$", "", s)
    return s.strip(" .,:;")

def load(p):
    t = p.read_text(encoding="utf-8")
    return json.loads(t) if p.suffix == ".json" else yaml.safe_load(t)

def keys(e):
    return ({norm(e.get("name"))} | {norm(a) for a in e.get("aliases", [])}) - {None}

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = sys.argv[sys.argv.index("--show") + 1] if "--show" in sys.argv else None
    if show in args:
        args.remove(show)
    gdir, sdir = Path(args[0]), Path(args[1])
    rawdir = Path(args[2]) if len(args) > 2 else gdir.parent / "raw"
    counts = collections.Counter()
    examples = collections.defaultdict(list)
    for gf in sorted(gdir.glob("*.yaml")):
        gold = load(gf)
        sf = next((p for p in (sdir / (gf.stem + ".yaml"), sdir / (gf.stem + ".json")) if p.exists()), None)
        sys_arts = load(sf)["articles"] if sf else []
        raw_lines = (rawdir / gold["file"]).read_text(encoding="utf-8").splitlines() if (rawdir / gold["file"]).exists() else []
        for i, ga in enumerate(gold["articles"]):
            pa = sys_arts[i] if i < len(sys_arts) else {}
            pred = pa.get("entities", [])
            lo, hi = ga.get("lines", [1, len(raw_lines)])
            text = "\n".join(raw_lines[lo - 1:hi])
            body_lines = raw_lines[lo - 1:hi]
            head = "\n".join(body_lines[:3])
            pk = [keys(p) for p in pred]
            gk = [keys(g) for g in ga["entities"]]
            matched_pred, matched_gold = {}, {}
            for gi, g in enumerate(ga["entities"]):
                for j, k in enumerate(pk):
                    if j in matched_pred or not (gk[gi] & k):
                        continue
                    matched_pred[j] = gi; matched_gold[gi] = j
                    break
            tag = f"{gf.stem}#{i+1}"
            # wrong kind
            for gi, j in matched_gold.items():
                g, p = ga["entities"][gi], pred[j]
                if g["kind"] != p["kind"]:
                    k = f"kind {g['kind']}->{p['kind']}"
                    counts[k] += 1; examples[k].append(f"{p['name']} ({tag})")
            all_gold_keys = set().union(*gk) if gk else set()
            # false positives
            for j, p in enumerate(pred):
                if j in matched_pred:
                    continue
                name = p["name"]
                words = name.split()
                other_keys_overlap = any(k & pk[j] for gi, k in enumerate(gk))
                if other_keys_overlap:
                    kind = "fp: split (same gold entity already matched by another prediction)"
                elif any(norm(name) in gkk or any(gkk and gkk in norm(a) for a in [name]) for gkk in all_gold_keys for _ in [0] if gkk and (norm(name) in gkk.split() or gkk in norm(name).split() or (norm(name) in gkk and norm(name) != gkk) or (gkk in norm(name)))):
                    kind = "fp: boundary (overlaps a gold name)"
                elif name.isupper() and len(name) > 4 and name not in text.replace(name.upper(), "", 0) :
                    kind = "fp: upper-case"
                elif len(words) == 1:
                    # is it the last word of some other name in the same text?
                    if re.search(r"[A-Z][a-z]+ " + re.escape(name) + r"\b", text):
                        kind = "fp: one word, also after a capitalised word"
                    else:
                        kind = "fp: one word"
                else:
                    kind = "fp: multi-word"
                # in headline only?
                counts[kind] += 1
                examples[kind].append(f"{name} [{p['kind']}] ({tag})")
            # false negatives
            for gi, g in enumerate(ga["entities"]):
                if gi in matched_gold:
                    continue
                gkeys = gk[gi]
                sub = [p["name"] for j, p in enumerate(pred) if any(x and y and (x in y or y in x) for x in gkeys for y in pk[j])]
                body = "\n".join(body_lines[3:])
                in_body = any(re.search(r"\b" + re.escape(a) + r"\b", body) for a in g.get("aliases", []))
                if any(gk[gi] & pk[j] for j in range(len(pred))):
                    kind = "fn: merged into a prediction matched to another gold"
                elif sub:
                    kind = "fn: boundary (a prediction overlaps)"
                elif not in_body:
                    kind = "fn: head-only (headline/byline/dateline)"
                elif g["why"] == "repeated":
                    kind = "fn: missed, repeated in article"
                else:
                    kind = "fn: missed, cross-article"
                counts[kind] += 1
                examples[kind].append(f"{g['name']} {g.get('aliases')} [{g['kind']}] ({tag}) sys:{sub[:3]}")
    for k, v in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"{v:5d}  {k}")
    if show:
        for k in counts:
            if k.startswith(show):
                print("==", k)
                for e in examples[k]:
                    print("  ", e)

if __name__ == "__main__":
    main()
