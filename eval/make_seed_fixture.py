# Rough stand-in for `gloss import`, used once to make tests/fixtures/annotate/seeds from
# content/sources (paragraphs of each raw file → one Markdown article per article in it).
# Usage: python3 eval/make_seed_fixture.py content/sources OUT_DIR
import os, re, sys, json
src = sys.argv[1]; out = sys.argv[2]
os.makedirs(out + "/content/articles", exist_ok=True)
def paras(text):
    lines = [l.rstrip() for l in text.split("\n")]
    out, cur = [], []
    for l in lines:
        s = l.strip()
        if not s:
            continue
        if cur and re.search(r'[.?!:"”\]]$', cur[-1]) and (s[0].isupper() or s[0] in '“"'):
            out.append(" ".join(cur)); cur = []
        cur.append(s)
    if cur: out.append(" ".join(cur))
    return out
def write(name, part, title, body):
    slug = re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')[:60]
    meta = "---\ntitle: %s\nsource_file: %s\nsource_part: %d\nentities: []\nnolink: []\ntags: []\n---\n" % (json.dumps(title), name, part)
    open(f"{out}/content/articles/{slug}.md", "w").write(meta + "\n\n".join(body) + "\n")
for name in sorted(os.listdir(src)):
    text = open(os.path.join(src, name), encoding="utf-8").read()
    if "read more" in text:
        chunks = re.split(r'\n[^\n]*\nread more\n', text)
        for i, c in enumerate(chunks):
            ls = [l for l in c.split("\n") if l.strip()]
            if not ls: continue
            write(name, i + 1, ls[0].strip(), [l.strip() for l in ls[1:]])
    else:
        ps = paras(text)
        if name.startswith("000"):
            write(name, 1, "Men for women's rights in Afghanistan", ps)
        else:
            write(name, 1, ps[0], ps[1:])
