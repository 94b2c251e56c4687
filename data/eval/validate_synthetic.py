"""Checks the synthetic set C: python3 data/eval/validate_synthetic.py data/eval/synthetic-c-codes.jsonl data/eval/synthetic-c-notes.csv"""
import csv, json, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[2]
codes_f = sys.argv[1]; notes_f = sys.argv[2]
TSV=str(ROOT.parent / 'shared/data') + '/terminology/icd10cm/icd10cm_codes_2026-04.tsv'
GOLD=str(ROOT.parent / 'shared/data') + '/gold/aci-valid-codes.jsonl'
CPT=str(ROOT) + '/Sources/Terminology/Resources/cpt.tsv'
bill={r['code_dotted'] for r in csv.DictReader(open(TSV), delimiter='\t') if r['billable']=='1'}
cpt={r['code']:set(filter(None,r['modifiers'].split('|'))) for r in csv.DictReader(open(CPT), delimiter='\t')}
rows=list(csv.DictReader(open(notes_f, newline='')))
assert list(rows[0].keys())==['encounter_id','note'], rows[0].keys()
notes={r['encounter_id']:r['note'] for r in rows}
order=[r['encounter_id'] for r in rows]
gold_keys=list(json.loads(open(GOLD).readline()).keys())
errs=0; ids=[]; nicd=ncpt=0; warn=0
for ln,line in enumerate(open(codes_f),1):
    d=json.loads(line); ids.append(d['encounter_id'])
    if list(d.keys())!=gold_keys: print(ln,'keys differ',list(d.keys())); errs+=1
    if not d['source'].startswith('synthetic:'): print(ln,'source'); errs+=1
    codes=[c['code'] for c in d['icd10cm']]; note=notes[d['encounter_id']]
    for i,c in enumerate(d['icd10cm']):
        nicd+=1
        if list(c.keys())!=['code','evidence','primary']: print(ln,'icd keys'); errs+=1
        if c['code'] not in bill: print(ln,d['encounter_id'],'not billable FY2026:',c['code']); errs+=1
        if c['primary']!=(i==0): print(ln,'primary flag',c['code']); errs+=1
        if c['evidence'] not in note: print(ln,d['encounter_id'],'evidence not verbatim',c['code'],repr(c['evidence'])); errs+=1
    if len(set(codes))!=len(codes): print(ln,'duplicate icd'); errs+=1
    for c in d['cpt']:
        ncpt+=1
        if list(c.keys())!=['code','modifiers','icd_pointers','evidence']: print(ln,'cpt keys'); errs+=1
        if c['code'] not in cpt: print(ln,d['encounter_id'],'CPT not in cpt.tsv:',c['code']); errs+=1
        else:
            for m in c['modifiers']:
                if m not in cpt[c['code']]: print(ln,d['encounter_id'],'modifier not listed for',c['code'],m); warn+=1
        for p in c['icd_pointers']:
            if p not in codes: print(ln,d['encounter_id'],'pointer not in icd10cm:',c['code'],p); errs+=1
        if not c['icd_pointers']: print(ln,'no pointers',c['code']); errs+=1
        if c['evidence'] not in note: print(ln,d['encounter_id'],'cpt evidence not verbatim',c['code'],repr(c['evidence'])); errs+=1
    ems=[c for c in d['cpt'] if c['code'].startswith('99') and c['code'][:4] in('9920','9921')]
    if len(ems)>1: print(ln,'more than one office E/M'); errs+=1
if ids!=order: print('encounter order/coverage mismatch'); errs+=1
if len(set(ids))!=len(ids): print('duplicate ids'); errs+=1
print(f'{len(ids)} lines, {nicd} ICD-10-CM codes ({len(set(c for l in open(codes_f) for c in [x["code"] for x in json.loads(l)["icd10cm"]]))} distinct), {ncpt} CPT lines, {errs} errors, {warn} modifier warnings')
sys.exit(1 if errs else 0)
