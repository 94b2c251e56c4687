"""Check aci-train-codes-silver.jsonl: every line parses, has the gold file's keys,
every ICD-10-CM code is billable in the FY2026 table, every icd_pointer is in that
note's icd10cm list, and every evidence quote is verbatim from the ACI-Bench note.
Usage: python3 data/eval/validate_silver.py [FILE]   (expects shared/ beside the repo)
FILE defaults to aci-train-codes-silver.jsonl (train notes 1-30);
aci-train-codes-silver-b.jsonl covers train notes 31-67 (D2N031-D2N067)."""
import csv, json, os, sys
from pathlib import Path
HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get('EVIDENT_SHARED', HERE.parents[2] / 'shared'))
TSV = SHARED / 'data/terminology/icd10cm/icd10cm_codes_2026-04.tsv'
SILVER = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / 'aci-train-codes-silver.jsonl'
SPAN = {'aci-train-codes-silver-b.jsonl': (30, 67)}.get(SILVER.name, (0, 30))  # train rows covered, in file order
TRAIN = SHARED / 'data/aci-bench/train.csv'
GOLD = SHARED / 'data/gold/aci-valid-codes.jsonl'
bill={r['code_dotted'] for r in csv.DictReader(open(TSV), delimiter='\t') if r['billable']=='1'}
notes={r['encounter_id']: r['note'] for r in csv.DictReader(open(TRAIN))}
order=[r['encounter_id'] for r in csv.DictReader(open(TRAIN))][SPAN[0]:SPAN[1]]
gold_keys=list(json.loads(open(GOLD).readline()).keys())
errs=0; ids=[]; nicd=ncpt=0
for ln, line in enumerate(open(SILVER), 1):
    d=json.loads(line)                       # every line parses
    ids.append(d['encounter_id'])
    if list(d.keys())!=gold_keys: print(ln,'keys differ',list(d.keys())); errs+=1
    codes=[c['code'] for c in d['icd10cm']]
    note=notes[d['encounter_id']]
    for i,c in enumerate(d['icd10cm']):
        nicd+=1
        if c['code'] not in bill: print(ln,d['encounter_id'],'not billable FY2026:',c['code']); errs+=1
        if c['primary']!=(i==0): print(ln,'primary flag',c['code']); errs+=1
        if c['evidence'] not in note: print(ln,'evidence not verbatim',c['code']); errs+=1
    if len(set(codes))!=len(codes): print(ln,'duplicate icd'); errs+=1
    for c in d['cpt']:
        ncpt+=1
        for p in c['icd_pointers']:
            if p not in codes: print(ln,d['encounter_id'],'pointer not in icd10cm:',c['code'],p); errs+=1
        if not c['icd_pointers']: print(ln,'no pointers',c['code']); errs+=1
        if c['evidence'] not in note: print(ln,'cpt evidence not verbatim',c['code']); errs+=1
if ids!=order: print('encounter order/coverage mismatch'); errs+=1
print(f'{len(ids)} lines, {nicd} ICD-10-CM codes, {ncpt} CPT lines, {errs} errors')
sys.exit(1 if errs else 0)
