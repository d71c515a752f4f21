import { z } from 'zod';
import { contract, METHOD_NAMES } from '../src-main/contract/contract';
for (const m of METHOD_NAMES) {
  const s = contract[m];
  if (s.kind !== 'write') continue;
  let js: any;
  try { js = z.toJSONSchema(s.input as z.ZodType, { io: 'input', unrepresentable: 'any' }); } catch (e) { js = String(e); }
  const short = (j: any): string => {
    if (!j || typeof j !== 'object') return String(j);
    if (j.type === 'object' && j.properties) return '{' + Object.entries(j.properties).map(([k, v]) => `${k}${(j.required ?? []).includes(k) ? '' : '?'}:${short(v)}`).join(', ') + '}';
    if (j.enum) return j.enum.map((e: any) => JSON.stringify(e)).join('|');
    if (j.anyOf) return j.anyOf.map(short).join('|');
    if (j.type === 'array') return short(j.items) + '[]';
    return j.type ?? (j.const !== undefined ? JSON.stringify(j.const) : '?');
  };
  console.log(m, short(js));
}
