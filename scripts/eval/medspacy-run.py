#!/usr/bin/env python3
"""Reference runner: medspaCy (ConText + Sectionizer + TargetMatcher) over JSONL docs.

Used to compare Evident's Swift clinical-text engine side by side with medspaCy
on the same inputs. See scripts/eval/README.md for install and formats.

usage: medspacy-run.py --docs DOCS.jsonl --terms TERMS.tsv --out OUT.jsonl

  DOCS.jsonl  one {"id": str, "text": str} per line
  TERMS.tsv   tab-separated, header `label<TAB>phrase`, one phrase per line
  OUT.jsonl   one {"id", "entities": [...], "sections": [...]} per input doc

Pipeline = medspacy.load() defaults (medspacy tokenizer, PyRuSH sentence
splitter, TargetMatcher, ConText with medspaCy's default English rules) plus
the Sectionizer with medspaCy's default English section rules (it is not in
medspacy.load()'s default set, so it is enabled explicitly). Blank spaCy "en"
model: no model download, runs fully offline once installed.

Target rules: every phrase is tokenized with the pipeline's own tokenizer and
turned into a spaCy token pattern matching each token's LOWER form (so matching
is case-insensitive, literal, token-aligned). Unless --no-plural is given, the
last token also accepts a simple plural: +"s" (when the token does not already
end in "s"), and additionally +"es" when it ends in x/z/ch/sh. Overlapping
matches are pruned by medspaCy (longest span wins, e.g. "chest pain" beats
"pain"); a span matched by two labels keeps only one.

All offsets in OUT are Python str (Unicode code point) offsets into the input
text; end offsets are exclusive.

By default the entity flags are exactly what the medspaCy pipeline leaves on
the span: ConText modifiers OR the Sectionizer's section->attribute mapping
(past_medical_history -> historical, family_history -> family,
patient_instructions/allergy -> hypothetical). --no-section-attributes keeps
ConText-only flags. Each entity also carries "section" (enclosing section
category) and "modifiers" (the ConText modifiers that hit it) for debugging.
"""

import argparse
import csv
import json
import platform
import sys
import time
from collections import Counter

PIPES = [
    "medspacy_tokenizer",
    "medspacy_pyrush",
    "medspacy_target_matcher",
    "medspacy_context",
    "medspacy_sectionizer",
]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", required=True, help="input JSONL: {id, text} per line")
    p.add_argument("--terms", required=True, help="TSV with header label<TAB>phrase")
    p.add_argument("--out", required=True, help="output JSONL")
    p.add_argument("--no-plural", action="store_true",
                   help="do not add the simple plural variant of the last token")
    p.add_argument("--no-section-attributes", action="store_true",
                   help="do not let the Sectionizer set is_historical/is_family/is_hypothetical "
                        "from the enclosing section (ConText-only attributes)")
    p.add_argument("--batch-size", type=int, default=16)
    return p.parse_args(argv)


def read_terms(path):
    terms = []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header[:2]] != ["label", "phrase"]:
            raise SystemExit(f"{path}: expected header 'label<TAB>phrase', got {header!r}")
        for n, row in enumerate(reader, start=2):
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) < 2 or not row[0].strip() or not row[1].strip():
                raise SystemExit(f"{path}:{n}: expected 'label<TAB>phrase', got {row!r}")
            terms.append((row[0].strip(), row[1].strip()))
    return terms


def plural_forms(lower):
    forms = [lower]
    if lower[-1:].isalpha() and not lower.endswith("s"):
        forms.append(lower + "s")
        if lower.endswith(("x", "z", "ch", "sh")):
            forms.append(lower + "es")
    return forms


def build_rules(nlp, terms, plural=True):
    from medspacy.target_matcher import TargetRule

    rules, seen = [], set()
    for label, phrase in terms:
        toks = [t.lower_ for t in nlp.tokenizer(phrase) if not t.is_space]
        if not toks:
            continue
        pattern = [{"LOWER": t} for t in toks]
        if plural:
            forms = plural_forms(toks[-1])
            if len(forms) > 1:
                pattern[-1] = {"LOWER": {"IN": forms}}
        key = (label, json.dumps(pattern, sort_keys=True))
        if key in seen:
            continue
        seen.add(key)
        rules.append(TargetRule(literal=phrase, category=label, pattern=pattern))
    return rules


def char_range(doc, start, end):
    """Token range [start, end) -> (start_char, end_char); empty range -> zero-width."""
    n = len(doc)
    if start >= end:
        pos = doc[start].idx if start < n else len(doc.text)
        return pos, pos
    span = doc[start:end]
    return span.start_char, span.end_char


def doc_record(doc_id, doc):
    entities = []
    for ent in doc.ents:
        sec = ent._.section
        mods = []
        for m in ent._.modifiers:
            ms, me = m.modifier_span
            cs, ce = char_range(doc, ms, me)
            mods.append({"category": m.category, "start": cs, "end": ce, "text": doc.text[cs:ce]})
        entities.append({
            "start": ent.start_char,
            "end": ent.end_char,
            "text": ent.text,
            "label": ent.label_,
            "negated": bool(ent._.is_negated),
            "uncertain": bool(ent._.is_uncertain),
            "historical": bool(ent._.is_historical),
            "hypothetical": bool(ent._.is_hypothetical),
            "family": bool(ent._.is_family),
            # extras (not needed for the core comparison):
            "section": sec.category if sec is not None else None,
            "modifiers": mods,
        })
    sections = []
    for s in doc._.sections:
        ts, te = char_range(doc, s.title_start, s.title_end)
        bs, be = char_range(doc, s.body_start, s.body_end)
        sections.append({
            "category": s.category,  # None for text before the first recognized header
            "title_start": ts, "title_end": te,
            "body_start": bs, "body_end": be,
            "parent": s.parent.category if s.parent is not None and hasattr(s.parent, "category") else s.parent,
        })
    return {"id": doc_id, "entities": entities, "sections": sections}


def versions():
    from importlib.metadata import version, PackageNotFoundError
    out = {"python": platform.python_version()}
    for pkg in ("medspacy", "spacy", "PyRuSH"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = None
    return out


def main(argv=None):
    args = parse_args(argv)
    t0 = time.perf_counter()
    try:  # PyRuSH >= 1.0.11 logs every sentence boundary at DEBUG via loguru; silence it
        from loguru import logger
        logger.disable("PyRuSH")
    except ImportError:
        pass
    import medspacy

    nlp = medspacy.load(medspacy_enable=PIPES)
    nlp.max_length = 10**8
    if args.no_section_attributes:
        nlp.get_pipe("medspacy_sectionizer").assertion_attributes_mapping = None
    terms = read_terms(args.terms)
    rules = build_rules(nlp, terms, plural=not args.no_plural)
    nlp.get_pipe("medspacy_target_matcher").add(rules)
    t_load = time.perf_counter() - t0

    ids, texts = [], []
    with open(args.docs, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            obj = json.loads(line)
            if not isinstance(obj.get("text"), str):
                raise SystemExit(f"{args.docs}:{n}: missing string 'text'")
            ids.append(str(obj.get("id", n)))
            texts.append(obj["text"])

    t1 = time.perf_counter()
    n_ents = 0
    attr_counts = Counter()
    sec_counts = Counter()
    with open(args.out, "w", encoding="utf-8") as out:
        for doc_id, text, doc in zip(ids, texts, nlp.pipe(texts, batch_size=args.batch_size)):
            if doc.text != text:  # spaCy tokenization is non-destructive; guard anyway
                raise SystemExit(f"doc {doc_id}: doc.text differs from input text; offsets would be wrong")
            rec = doc_record(doc_id, doc)
            n_ents += len(rec["entities"])
            for e in rec["entities"]:
                for a in ("negated", "uncertain", "historical", "hypothetical", "family"):
                    attr_counts[a] += e[a]
            for s in rec["sections"]:
                sec_counts[s["category"]] += 1
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    t_run = time.perf_counter() - t1

    summary = {
        "docs": len(ids),
        "entities": n_ents,
        "terms": len(terms),
        "rules": len(rules),
        "seconds": round(t_run, 3),
        "load_seconds": round(t_load, 3),
        "attributes": dict(attr_counts),
        "sections": {str(k): v for k, v in sorted(sec_counts.items(), key=lambda kv: str(kv[0]))},
        "versions": versions(),
        "pipeline": nlp.pipe_names,
        "section_attributes": not args.no_section_attributes,
    }
    print("medspacy-run: " + json.dumps(summary), file=sys.stderr)


if __name__ == "__main__":
    main()
